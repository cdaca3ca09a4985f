// libFuzzer target: DNS messages through the UDP and TCP parsers and the EVE
// writer. The first byte picks directions and TCP cut points; the input is fed
// as one UDP datagram and as a TCP stream cut into pieces in both directions.
// Checks: every transaction answers its buffers, every record the writer says
// exists is written and is valid JSON, and TCP buffering stays within one message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/dns/dns_parser.h"
#include "output/eve_dns.cpp"  // NOLINT(bugprone-suspicious-include): only inline JsonLine members are used

namespace {

using namespace vigie;

void check_tx(app::Transaction& t) {
    auto& tx = static_cast<app::DnsTransaction&>(t);
    app::BufferView v;
    for (uint32_t i = 0; tx.buffer(app::BufferId::DnsQuery, i, v); ++i)
        if (v.len && !v.data) abort();
    uint64_t op;
    if (!tx.number(app::NumberId::DnsOpcode, op) || op > 15) abort();
    output::JsonLine j;
    for (uint8_t version : {uint8_t(3), uint8_t(2)}) {
        output::DnsLogConfig cfg;
        cfg.version = version;
        const uint32_t n = output::dns_record_count(tx, cfg);
        for (uint32_t r = 0; r <= n; ++r) {
            j.begin();
            const bool written = output::write_dns_object(j, tx, tx.is_request(), cfg, r);
            if (written != (r < n)) abort();
            if (!nlohmann::json::accept(j.end())) abort();
        }
    }
    j.begin();
    output::write_dns_alert_object(j, tx);
    if (!nlohmann::json::accept(j.end())) abort();
}

void drain(app::DnsParser& p) {
    for (size_t i = 0; i < p.tx_count(); ++i) check_tx(*p.tx_at(i));
    std::vector<std::unique_ptr<app::Transaction>> out;
    p.take_finished(out, false);
    p.events().clear();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const uint8_t ctl = data[0];
    ++data;
    --size;
    app::AppConfig cfg;
    cfg.max_tx_per_flow = 64;

    app::DnsParser udp(cfg, false);
    udp.feed(ctl & 1, data, uint32_t(size), {});
    drain(udp);

    // TCP: cut into pieces of 1..16 bytes (sizes from the control byte), directions
    // alternating by the control bits, a gap now and then.
    app::DnsParser tcp(cfg, true);
    size_t off = 0;
    unsigned k = 0;
    while (off < size) {
        const size_t piece = std::min<size_t>(size - off, 1 + ((ctl >> (k % 5)) & 15) + (k % 3) * 97);
        const bool to_server = ((ctl >> (k % 8)) & 1) == 0 || !(ctl & 0x80);
        if ((ctl & 0x40) && k % 7 == 6) tcp.on_gap(to_server, ctl);
        tcp.feed(to_server, data + off, uint32_t(piece), {});
        if (tcp.buffered(true) > 65537 || tcp.buffered(false) > 65537) abort();
        drain(tcp);
        off += piece;
        ++k;
    }
    return 0;
}
