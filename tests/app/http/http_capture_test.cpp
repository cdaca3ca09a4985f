// The parser over real HTTP captures (Zeek's test traces). A small classic-pcap
// reader and an in-order-only TCP payload extractor stand in for the capture and
// flow stages, which app_tests does not link: segments that are not the next
// expected bytes of their direction (retransmissions, reordering) are skipped.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include "http_test_util.h"

namespace vigie::app::http::test {
namespace {

namespace fs = std::filesystem;

struct Conn {
    std::unique_ptr<HttpParser> parser;
    uint32_t next_seq[2] = {0, 0};
    bool seq_known[2] = {false, false};
    uint16_t server_port = 0;
};

struct CaptureResult {
    std::vector<std::unique_ptr<Transaction>> txs;
    std::vector<std::string> events;
    bool readable = false;
};

uint16_t be16(const uint8_t* p) { return uint16_t(p[0] << 8 | p[1]); }
uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

CaptureResult parse_capture(const fs::path& path) {
    CaptureResult res;
    std::ifstream f(path, std::ios::binary);
    std::string file((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (file.size() < 24) return res;
    const auto* d = reinterpret_cast<const uint8_t*>(file.data());
    uint32_t magic;
    std::memcpy(&magic, d, 4);
    if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) return res;  // little-endian classic pcap only
    uint32_t linktype;
    std::memcpy(&linktype, d + 20, 4);
    if (linktype != 1) return res;
    res.readable = true;
    std::map<std::tuple<std::string, uint16_t, std::string, uint16_t>, Conn> conns;
    size_t off = 24;
    while (off + 16 <= file.size()) {
        uint32_t sec, caplen;
        std::memcpy(&sec, d + off, 4);
        std::memcpy(&caplen, d + off + 8, 4);
        off += 16;
        if (off + caplen > file.size()) break;
        const uint8_t* p = d + off;
        off += caplen;
        if (caplen < 14) continue;
        uint16_t et = be16(p + 12);
        size_t l3 = 14;
        if (et == 0x8100 && caplen >= 18) {
            et = be16(p + 16);
            l3 = 18;
        }
        std::string src, dst;
        size_t l4 = 0, end = caplen;
        if (et == 0x0800 && caplen >= l3 + 20 && p[l3 + 9] == 6) {
            l4 = l3 + (p[l3] & 0x0F) * 4;
            end = std::min<size_t>(caplen, l3 + be16(p + l3 + 2));
            src.assign(reinterpret_cast<const char*>(p + l3 + 12), 4);
            dst.assign(reinterpret_cast<const char*>(p + l3 + 16), 4);
        } else if (et == 0x86DD && caplen >= l3 + 40 && p[l3 + 6] == 6) {
            l4 = l3 + 40;
            end = std::min<size_t>(caplen, l4 + be16(p + l3 + 4));
            src.assign(reinterpret_cast<const char*>(p + l3 + 8), 16);
            dst.assign(reinterpret_cast<const char*>(p + l3 + 24), 16);
        } else {
            continue;
        }
        if (end < l4 + 20) continue;
        const uint16_t sp = be16(p + l4), dp = be16(p + l4 + 2);
        const uint32_t seq = be32(p + l4 + 4);
        const uint8_t flags = p[l4 + 13];
        const size_t data = l4 + (p[l4 + 12] >> 4) * 4;
        // Key by the server side: the lower port (80, 8080...) is taken as the server.
        const bool to_server = dp < sp || (dp == sp && dst < src);
        auto key = to_server ? std::make_tuple(src, sp, dst, dp) : std::make_tuple(dst, dp, src, sp);
        Conn& c = conns[key];
        if (!c.parser) c.parser = std::make_unique<HttpParser>(AppConfig{});
        const int k = to_server ? 0 : 1;
        if (flags & 0x02) {  // SYN
            c.next_seq[k] = seq + 1;
            c.seq_known[k] = true;
            continue;
        }
        if (data >= end) continue;
        if (!c.seq_known[k]) {
            c.next_seq[k] = seq;
            c.seq_known[k] = true;
        }
        if (seq != c.next_seq[k]) continue;
        const uint32_t len = uint32_t(end - data);
        c.parser->feed(to_server, p + data, len, Timestamp{int64_t(sec), 0});
        c.next_seq[k] += len;
    }
    for (auto& [key, c] : conns) {
        c.parser->on_flow_end();
        c.parser->take_finished(res.txs, true);
        for (const auto& e : c.parser->events()) res.events.push_back(e.name);
    }
    return res;
}

const fs::path kDir = fs::path(VIGIE_SHARED_DIR) / "data/pcaps/zeek-traces/http";

const HttpTransaction* first_tx(const CaptureResult& r) {
    return r.txs.empty() ? nullptr : static_cast<const HttpTransaction*>(r.txs[0].get());
}

TEST(HttpCaptures, SimpleGet) {
    if (!fs::exists(kDir / "get.pcap")) GTEST_SKIP() << "no captures";
    const auto r = parse_capture(kDir / "get.pcap");
    const auto* t = first_tx(r);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->method, "GET");
    EXPECT_EQ(t->status, 200);
    EXPECT_FALSE(t->hostname.empty());
    EXPECT_TRUE(t->response_done);
}

TEST(HttpCaptures, GzipBodyDecoded) {
    if (!fs::exists(kDir / "get-gzip.pcap")) GTEST_SKIP() << "no captures";
    const auto r = parse_capture(kDir / "get-gzip.pcap");
    const auto* t = first_tx(r);
    ASSERT_NE(t, nullptr);
    ASSERT_NE(t->response_header("content-encoding"), nullptr);
    EXPECT_FALSE(t->response_body.empty());
    for (const auto& e : r.events) EXPECT_NE(e, "http.gzip_decompression_failed");
}

TEST(HttpCaptures, PipelinedRequests) {
    if (!fs::exists(kDir / "pipelined-requests.pcap")) GTEST_SKIP() << "no captures";
    const auto r = parse_capture(kDir / "pipelined-requests.pcap");
    ASSERT_GE(r.txs.size(), 2u);
    size_t answered = 0;
    for (const auto& t : r.txs) answered += static_cast<const HttpTransaction&>(*t).status > 0;
    EXPECT_GE(answered, 2u);
}

// Every classic-pcap trace in the folder parses without crashing, and every
// transaction answers all its buffers.
TEST(HttpCaptures, AllTracesParse) {
    if (!fs::exists(kDir)) GTEST_SKIP() << "no captures";
    size_t files = 0, txs = 0;
    for (const auto& entry : fs::directory_iterator(kDir)) {
        if (entry.path().extension() != ".pcap") continue;
        const auto r = parse_capture(entry.path());
        if (!r.readable) continue;
        ++files;
        txs += r.txs.size();
        for (const auto& t : r.txs)
            for (uint16_t b = 0; b < uint16_t(BufferId::Count); ++b) {
                BufferView v;
                t->buffer_dir(BufferId(b), true, 0, v);
                t->buffer_dir(BufferId(b), false, 0, v);
            }
    }
    EXPECT_GT(files, 30u);
    EXPECT_GT(txs, 100u);
}

}  // namespace
}  // namespace vigie::app::http::test
