// What the engine can inspect today. Every app-layer buffer, app-layer keyword,
// transform and app-layer protocol the parser understands has one row here with an
// `available` flag; a rule needing an unavailable one is rejected with a reason naming
// it. Enabling a buffer once its parser lands is a one-line change in buffer_registry.cpp.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::rules {

enum class FeatureKind : uint8_t { Buffer, Keyword, Transform };

struct Feature {
    std::string_view name;   // canonical name: "http.uri", "urilen", "to_lowercase", ...
    FeatureKind kind;
    std::string_view needs;  // what provides it: "HTTP parser", "file tracking", ...
    bool available;
};

struct AppProto {
    std::string_view name;                  // as written in a rule header
    std::vector<uint8_t> transports;        // IP protocols it runs on
    bool available;
};

const Feature* find_feature(std::string_view name, FeatureKind kind);
const AppProto* find_app_proto(std::string_view name);

// "needs app-layer buffer http.uri (HTTP parser not available yet)" and friends.
std::string unavailable_reason(const Feature& f);

}  // namespace vigie::rules
