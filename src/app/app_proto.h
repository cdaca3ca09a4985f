// Application protocols Vigie parses, with the names Suricata writes in EVE
// (`app_proto`) and accepts in rule headers.
#pragma once
#include <cstdint>
#include <string_view>

namespace vigie::app {

enum class AppProto : uint8_t {
    Unknown = 0,  // not identified yet
    Http,
    Dns,
    Tls,
    Ssh,
    Failed,       // enough data seen, no parser recognised it (EVE: "failed")
};

constexpr std::string_view app_proto_name(AppProto p) {
    switch (p) {
        case AppProto::Http: return "http";
        case AppProto::Dns: return "dns";
        case AppProto::Tls: return "tls";
        case AppProto::Ssh: return "ssh";
        case AppProto::Failed: return "failed";
        case AppProto::Unknown: break;
    }
    return "";
}

}  // namespace vigie::app
