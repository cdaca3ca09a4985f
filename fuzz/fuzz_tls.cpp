// libFuzzer target: arbitrary bytes fed to the TLS and SSH parsers as a two-way
// stream. The first input byte seeds the cut points and directions, so one input
// exercises records and handshake messages split across feeds; every buffer the
// transaction offers is read in full (ASan catches any view past its data), and
// the fingerprints are checked for their fixed shapes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "app/parsers.h"
#include "app/tls/tls_transaction.h"

namespace {

using namespace vigie;
using namespace vigie::app;

void touch_buffers(const Transaction& tx) {
    volatile uint8_t sink = 0;
    for (unsigned b = 0; b < unsigned(BufferId::Count); ++b)
        for (bool to_server : {true, false})
            for (uint32_t i = 0; i < 32; ++i) {
                BufferView v;
                if (!tx.buffer_dir(BufferId(b), to_server, i, v)) break;
                for (uint32_t k = 0; k < v.len; ++k) sink = sink ^ v.data[k];
            }
    uint64_t n;
    tx.number(NumberId::TlsVersion, n);
}

void check_tls(const TlsTransaction& tx) {
    if (!tx.ja3_hash.empty() && tx.ja3_hash.size() != 32) abort();
    if (!tx.ja3s_hash.empty() && tx.ja3s_hash.size() != 32) abort();
    if (!tx.ja4.empty() && tx.ja4.size() != 36) abort();
}

void run(std::unique_ptr<AppParser> p, const uint8_t* data, size_t size, uint8_t seed) {
    uint32_t s = seed * 2654435761u + 1;
    size_t off = 0;
    while (off < size) {
        s = s * 1103515245u + 12345u;
        const size_t n = std::min<size_t>(size - off, 1 + (s >> 16) % 300);
        const bool to_server = (s >> 8) & 1;
        p->feed(to_server, data + off, uint32_t(n), Timestamp{});
        off += n;
        for (size_t i = 0; i < p->tx_count(); ++i) touch_buffers(*p->tx_at(i));
        if ((s >> 12) % 17 == 0) p->on_gap(!to_server, (s >> 4) & 0xff);
        p->events().clear();
    }
    p->on_flow_end();
    std::vector<std::unique_ptr<Transaction>> out;
    p->take_finished(out, true);
    for (auto& tx : out) {
        touch_buffers(*tx);
        if (tx->proto() == AppProto::Tls) check_tls(static_cast<const TlsTransaction&>(*tx));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const uint8_t seed = data[0];
    ++data;
    --size;
    probe_tls(data, uint32_t(size), seed & 1);
    probe_ssh(data, uint32_t(size), seed & 1);
    AppConfig cfg;
    cfg.tls_max_record = (seed & 2) ? 1024 : 1u << 16;
    run(make_tls_parser(cfg), data, size, seed);
    run(make_ssh_parser(cfg), data, size, seed);
    return 0;
}
