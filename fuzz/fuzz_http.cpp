// libFuzzer target: arbitrary bytes as the two directions of an HTTP flow, cut by
// a schedule read from the input itself. After every piece all buffers of all
// held transactions are read, and the bounds are checked: tx count, body and
// header sizes never exceed the (deliberately small) configured limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "app/http/http_parser.h"
#include "app/http/http_transaction.h"

namespace {

using namespace vigie;
using namespace vigie::app;

void check(const HttpTransaction& t, const AppConfig& cfg) {
    if (t.request_body.size() > cfg.http_request_body_limit) abort();
    if (t.response_body.size() > cfg.http_response_body_limit) abort();
    if (t.request_headers_raw.size() > cfg.http_max_header_bytes) abort();
    if (t.response_headers_raw.size() > cfg.http_max_header_bytes) abort();
    for (uint16_t b = 0; b < uint16_t(BufferId::Count); ++b) {
        for (int dir = 0; dir < 2; ++dir) {
            for (uint32_t i = 0; i < 4; ++i) {
                BufferView v;
                if (!t.buffer_dir(BufferId(b), dir == 0, i, v)) break;
                if (v.len && !v.data) abort();
                volatile uint8_t sink = v.len ? v.data[v.len - 1] : 0;
                (void)sink;
            }
        }
    }
    uint64_t n = 0;
    for (uint16_t k = 0; k < uint16_t(NumberId::Count); ++k) t.number(NumberId(k), n);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    AppConfig cfg;
    cfg.http_request_body_limit = 64 + data[0];
    cfg.http_response_body_limit = 64 + data[1];
    cfg.http_max_header_bytes = 128;
    cfg.max_tx_per_flow = 4;
    data += 2;
    size -= 2;
    http::HttpParser p(cfg);
    std::vector<std::unique_ptr<Transaction>> out;
    Timestamp ts{1, 0};
    size_t i = 0;
    while (i < size) {
        // Schedule byte: bit 0 direction, 0xFF a gap, otherwise (c >> 1) + 1 bytes follow.
        const uint8_t c = data[i++];
        const bool to_server = (c & 1) == 0;
        if (c == 0xFF) {
            // The byte after a gap marker sets its length (a hole inside a body is
            // stepped over; a longer one resynchronises).
            p.on_gap(to_server, i < size ? uint64_t(data[i++]) * 3 : 0);
            continue;
        }
        const size_t n = std::min<size_t>((c >> 1) + 1, size - i);
        p.feed(to_server, data + i, uint32_t(n), ts);
        i += n;
        ++ts.sec;
        if (p.tx_count() > cfg.max_tx_per_flow) abort();
        for (size_t k = 0; k < p.tx_count(); ++k) check(*p.http_tx_at(k), cfg);
        if (c & 0x40) {
            p.take_finished(out, false);
            out.clear();
        }
        p.events().clear();
    }
    p.on_flow_end();
    for (size_t k = 0; k < p.tx_count(); ++k) check(*p.http_tx_at(k), cfg);
    p.take_finished(out, true);
    if (p.tx_count() != 0) abort();
    return 0;
}
