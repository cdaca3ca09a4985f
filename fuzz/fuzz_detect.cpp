// libFuzzer target: detection on arbitrary bytes. A fixed rule set (payload
// keywords with backtracking, byte_*, pcre, app-layer buffers with transforms,
// multi-valued buffers, checks) inspects the input as a packet payload, a stream
// chunk and the buffers of a fake HTTP and DNS transaction. Must never crash,
// read out of bounds or loop.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "detect/detect_worker.h"
#include "detect/detector.h"
#include "rules/parser.h"

namespace {

using namespace vigie;

const char* const kRules[] = {
    "alert tcp any any -> any any (content:\"a\"; content:\"b\"; distance:0; within:4; content:!\"c\"; sid:1;)",
    "alert tcp any any -> any any (content:\"|00|\"; byte_extract:2,0,len,relative; byte_jump:1,0,relative,"
    "post_offset -3; isdataat:len,relative; sid:2;)",
    "alert tcp any any -> any any (content:\"x\"; byte_test:4,>,1000,0,relative,string,dec; byte_math:bytes 2,"
    "offset 0,oper *,rvalue 3,result r,relative; byte_jump:1,0,from_end,post_offset -1; sid:3;)",
    "alert tcp any any -> any any (pcre:\"/(a|b)+c{2,}/\"; content:\"d\"; distance:0; sid:4;)",
    "alert http any any -> any any (http.uri; url_decode; to_lowercase; content:\"/adm\"; pcre:\"/in$/R\"; sid:5;)",
    "alert http any any -> any any (http.header; compress_whitespace; strip_whitespace; content:\"a:b\"; sid:6;)",
    "alert http any any -> any any (http.request_header; content:\"host\"; nocase; bsize:<100; sid:7;)",
    "alert http any any -> any any (http.uri; xor:\"0d0a\"; content:\"|62|\"; pcrexform:\"(.)\"; sid:8;)",
    "alert http any any -> any any (http.user_agent; to_sha256; bsize:32; content:\"|00|\"; sid:9;)",
    "alert http any any -> any any (http.header; header_lowercase; strip_pseudo_headers; content:\"x-\"; sid:10;)",
    "alert http any any -> any any (http.uri; from_base64; content:\"evil\"; sid:11;)",
    "alert http any any -> any any (http.uri; absent: or_else; content:!\"z\"; urilen:>3; sid:12;)",
    "alert dns any any -> any any (dns.query; dotprefix; content:\".com\"; endswith; sid:13;)",
    "alert dns any any -> any any (dns.query; byte_test:1,=,0x2e,-1,relative; sid:14;)",
    "alert http any any => any any (http.method; content:\"GET\"; http.stat_code; content:\"200\"; sid:15;)",
    "alert tcp any any -> any any (app-layer-protocol:!http; content:\"q\"; sid:16;)",
};

// Buffers of a fake transaction, split from the input.
class FuzzTransaction final : public app::Transaction {
public:
    FuzzTransaction(app::AppProto p, std::vector<std::string> parts) : proto_(p), parts_(std::move(parts)) {
        request_done = response_done = true;
    }
    app::AppProto proto() const override { return proto_; }
    bool buffer(app::BufferId id, uint32_t index, app::BufferView& out) const override {
        return buffer_dir(id, true, index, out);
    }
    bool buffer_dir(app::BufferId id, bool to_server, uint32_t index, app::BufferView& out) const override {
        // Each buffer id takes a different part; multi-valued buffers walk the parts.
        const size_t base = size_t(id) + (to_server ? 0 : 7);
        const bool multi = id == app::BufferId::DnsQuery || id == app::BufferId::HttpRequestHeader;
        if (parts_.empty() || (!multi && index) || index > 8) return false;
        const std::string& s = parts_[(base + index) % parts_.size()];
        out.data = reinterpret_cast<const uint8_t*>(s.data());
        out.len = uint32_t(s.size());
        return true;
    }
    bool number(app::NumberId id, uint64_t& out) const override {
        out = parts_.empty() ? 0 : parts_.front().size();
        return true;
    }

private:
    app::AppProto proto_;
    std::vector<std::string> parts_;
};

struct Engine {
    std::unique_ptr<detect::Detector> det;
    std::unique_ptr<detect::DetectWorker> w;
    Engine() {
        static const rules::Vars vars = rules::Vars::suricata_defaults();
        static const rules::Classifications classes = rules::Classifications::builtin();
        rules::ParseContext ctx{&vars, &classes, "fuzz", 1};
        std::vector<rules::Rule> rs;
        for (const char* t : kRules) {
            auto r = rules::parse_rule(t, ctx);
            if (!r.ok()) __builtin_trap();  // the fixed rules must stay valid
            rs.push_back(std::move(*r));
        }
        auto d = detect::Detector::build(std::move(rs), detect::DetectConfig{});
        if (!d.ok()) __builtin_trap();
        det = std::move(*d);
        w = det->make_worker();
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Engine e;
    std::vector<std::string> parts(1);
    for (size_t i = 0; i < size; ++i) {
        if (data[i] == '\n') parts.emplace_back();
        else parts.back().push_back(char(data[i]));
    }
    Packet p;
    p.ip_version = 4;
    p.ip_proto = 6;
    p.decoded_l4 = true;
    p.src = *IpAddr::parse("10.0.0.1");
    p.dst = *IpAddr::parse("10.0.0.2");
    p.sp = 40000;
    p.dp = 80;
    p.payload = data;
    p.payload_len = uint32_t(size);
    Flow f;
    f.ip_proto = 6;
    f.tcp_state = TcpState::Established;
    f.pkt_established = true;
    StreamChunk chunk;
    chunk.data = data;
    chunk.len = uint32_t(size);
    chunk.new_from = uint32_t(size / 2);
    detect::AlertList alerts;
    e.det->inspect(*e.w, p, nullptr, true, nullptr, alerts);  // no flow: the packet payload
    FuzzTransaction http(app::AppProto::Http, parts), dns(app::AppProto::Dns, parts);
    for (bool to_server : {true, false}) {
        app::Transaction* txs[] = {&http};
        detect::AppInput in{app::AppProto::Http, txs};
        alerts.clear();
        e.det->inspect(*e.w, p, &f, to_server, &chunk, &in, alerts);
        app::Transaction* dtx[] = {&dns};
        detect::AppInput din{app::AppProto::Dns, dtx};
        Flow u;
        u.ip_proto = 17;
        alerts.clear();
        e.det->inspect(*e.w, p, &u, to_server, nullptr, &din, alerts);
    }
    return 0;
}
