#include "app/app_layer.h"

#include <algorithm>
#include <cstring>

#include "app/parsers.h"

namespace vigie::app {

// Per-flow application state. The probe buffers hold the first bytes of each
// direction until the protocol is known, so the parser then sees the stream from
// its first byte; they are freed once identification is over.
struct AppLayer::FlowState : FlowExtension {
    AppProto proto = AppProto::Unknown;
    std::unique_ptr<AppParser> parser;
    std::vector<uint8_t> probe[2];  // [0] to_server, [1] to_client
    bool probe_done[2] = {false, false};
    uint32_t udp_packets = 0;
};

AppLayer::AppLayer(const AppConfig& cfg) : cfg_(cfg) {
    update_.touched.reserve(16);
    update_.finished.reserve(16);
}

AppProto AppLayer::proto_of(const Flow& f) {
    const auto* st = static_cast<const FlowState*>(f.ext[Flow::kApp].get());
    return st ? st->proto : AppProto::Unknown;
}

AppLayer::FlowState* AppLayer::state_of(Flow& f) {
    auto& slot = f.ext[Flow::kApp];
    if (!slot) slot = std::make_unique<FlowState>();
    return static_cast<FlowState*>(slot.get());
}

namespace {

bool dns_port(uint16_t p) { return p == 53 || p == 5353 || p == 5355; }

}  // namespace

void AppLayer::identify(FlowState& st, Flow& f, const Packet& p, bool to_server, const uint8_t* data,
                        uint32_t len) {
    const int d = to_server ? 0 : 1;
    if (f.ip_proto == 17) {
        // DNS on UDP: the port says where to look, the header decides.
        if (cfg_.dns_udp_enabled && (dns_port(f.server_port) || dns_port(f.client_port)) &&
            probe_dns(data, len, false) == Probe::Yes) {
            st.proto = AppProto::Dns;
            st.parser = make_dns_parser(cfg_, false);
            ++stats_.flows_dns;
            st.parser->feed(to_server, data, len, p.ts);
        } else if (++st.udp_packets >= 4) {
            st.proto = AppProto::Failed;
            ++stats_.flows_failed;
        }
        return;
    }
    // TCP: accumulate this direction's first bytes and ask each probe.
    auto& buf = st.probe[d];
    const uint32_t room = cfg_.probe_bytes > buf.size() ? cfg_.probe_bytes - uint32_t(buf.size()) : 0;
    buf.insert(buf.end(), data, data + std::min(room, len));
    const uint8_t* b = buf.data();
    const uint32_t n = uint32_t(buf.size());

    struct Candidate {
        bool enabled;
        Probe (*probe)(const uint8_t*, uint32_t, bool);
        AppProto proto;
    };
    const Candidate candidates[] = {
        {cfg_.http_enabled, probe_http, AppProto::Http},
        {cfg_.tls_enabled, probe_tls, AppProto::Tls},
        {cfg_.ssh_enabled, probe_ssh, AppProto::Ssh},
    };
    bool need_more = false;
    for (const auto& c : candidates) {
        if (!c.enabled) continue;
        Probe r = c.probe(b, n, to_server);
        if (r == Probe::Yes) {
            st.proto = c.proto;
            break;
        }
        if (r == Probe::NeedMore) need_more = true;
    }
    if (st.proto == AppProto::Unknown && cfg_.dns_tcp_enabled && (dns_port(f.server_port) || dns_port(f.client_port))) {
        Probe r = probe_dns(b, n, true);
        if (r == Probe::Yes) st.proto = AppProto::Dns;
        if (r == Probe::NeedMore) need_more = true;
    }
    if (st.proto == AppProto::Unknown) {
        if (!need_more || n >= cfg_.probe_bytes) st.probe_done[d] = true;
        if (st.probe_done[0] && st.probe_done[1]) {
            st.proto = AppProto::Failed;
            ++stats_.flows_failed;
            st.probe[0].clear();
            st.probe[0].shrink_to_fit();
            st.probe[1].clear();
            st.probe[1].shrink_to_fit();
        }
        return;
    }
    switch (st.proto) {
        case AppProto::Http: st.parser = make_http_parser(cfg_); ++stats_.flows_http; break;
        case AppProto::Tls: st.parser = make_tls_parser(cfg_); ++stats_.flows_tls; break;
        case AppProto::Ssh: st.parser = make_ssh_parser(cfg_); ++stats_.flows_ssh; break;
        case AppProto::Dns: st.parser = make_dns_parser(cfg_, true); ++stats_.flows_dns; break;
        default: break;
    }
    if (!st.parser) return;
    // Replay what the probes held: the other direction first when it spoke first
    // (its bytes are older), then this one, which includes the current data.
    const int o = 1 - d;
    if (!st.probe[o].empty()) st.parser->feed(o == 0, st.probe[o].data(), uint32_t(st.probe[o].size()), p.ts);
    st.parser->feed(to_server, buf.data(), uint32_t(buf.size()), p.ts);
    if (len > room) st.parser->feed(to_server, data + room, len - room, p.ts);
    for (auto& pb : st.probe) {
        pb.clear();
        pb.shrink_to_fit();
    }
}

AppUpdate& AppLayer::process(Flow& f, const Packet& p, bool to_server, const StreamChunk* stream) {
    update_.clear();
    const uint8_t* data = nullptr;
    uint32_t len = 0;
    bool gap = false;
    uint64_t gap_len = 0;
    if (f.ip_proto == 6) {
        if (stream && !stream->empty()) {
            data = stream->data + stream->new_from;
            len = stream->len - stream->new_from;
            gap = stream->after_gap;
            gap_len = stream->gap_len;
        }
    } else if (f.ip_proto == 17) {
        data = p.payload;
        len = p.payload_len;
    }
    FlowState* st = f.ext[Flow::kApp] ? static_cast<FlowState*>(f.ext[Flow::kApp].get()) : nullptr;
    if (len == 0) {
        if (st) update_.proto = st->proto;
        if (st && st->parser)
            for (size_t i = 0; i < st->parser->tx_count(); ++i) update_.touched.push_back(st->parser->tx_at(i));
        return update_;
    }
    st = state_of(f);
    if (st->proto == AppProto::Unknown) {
        if (!gap) identify(*st, f, p, to_server, data, len);
        else {
            st->proto = AppProto::Failed;  // cannot identify from the middle of a stream
            ++stats_.flows_failed;
        }
    } else if (st->parser) {
        if (gap) st->parser->on_gap(to_server, gap_len);
        st->parser->feed(to_server, data, len, p.ts);
    }
    update_.proto = st->proto;
    if (st->parser) {
        for (size_t i = 0; i < st->parser->tx_count(); ++i) update_.touched.push_back(st->parser->tx_at(i));
        auto& ev = st->parser->events();
        stats_.events += ev.size();
        std::move(ev.begin(), ev.end(), std::back_inserter(update_.events));
        ev.clear();
    }
    return update_;
}

void AppLayer::take(FlowState& st, bool flow_end) {
    if (!st.parser) return;
    const size_t before = update_.finished.size();
    st.parser->take_finished(update_.finished, flow_end);
    for (size_t i = before; i < update_.finished.size(); ++i) {
        switch (st.proto) {
            case AppProto::Http: ++stats_.tx_http; break;
            case AppProto::Dns: ++stats_.tx_dns; break;
            case AppProto::Tls: ++stats_.tx_tls; break;
            case AppProto::Ssh: ++stats_.tx_ssh; break;
            default: break;
        }
    }
}

AppUpdate& AppLayer::collect(Flow& f) {
    update_.finished.clear();
    if (auto* st = static_cast<FlowState*>(f.ext[Flow::kApp].get())) take(*st, false);
    return update_;
}

AppUpdate& AppLayer::flow_end(Flow& f) {
    update_.clear();
    auto* st = static_cast<FlowState*>(f.ext[Flow::kApp].get());
    if (!st) return update_;
    update_.proto = st->proto;
    if (st->parser) {
        st->parser->on_flow_end();
        auto& ev = st->parser->events();
        std::move(ev.begin(), ev.end(), std::back_inserter(update_.events));
        ev.clear();
        take(*st, true);
    }
    return update_;
}

}  // namespace vigie::app
