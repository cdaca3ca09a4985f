// SSH banners and key-exchange progress, table-driven, fed whole and byte by byte.
#include <gtest/gtest.h>

#include <string>

#include "app/parsers.h"
#include "app/ssh/ssh_transaction.h"

namespace vigie::app {
namespace {

struct SshRun {
    std::unique_ptr<AppParser> p = make_ssh_parser(AppConfig{});
    std::vector<std::string> events;
    uint32_t chunk = 0;
    void feed(bool to_server, const std::string& s) {
        const size_t step = chunk ? chunk : s.size();
        for (size_t off = 0; off < s.size(); off += step)
            p->feed(to_server, reinterpret_cast<const uint8_t*>(s.data()) + off,
                    uint32_t(std::min(step, s.size() - off)), Timestamp{});
        for (auto& e : p->events()) events.push_back(e.name);
        p->events().clear();
    }
    const SshTransaction* tx() { return p->tx_count() ? static_cast<const SshTransaction*>(p->tx_at(0)) : nullptr; }
    std::string buf(BufferId id, bool to_server) {
        BufferView v;
        if (!tx() || !tx()->buffer_dir(id, to_server, 0, v)) return "<none>";
        return std::string(reinterpret_cast<const char*>(v.data), v.len);
    }
};

struct BannerRow {
    std::string line;
    bool to_server;
    std::string proto, software, comments, event;
};

void PrintTo(const BannerRow& r, std::ostream* os) { *os << ::testing::PrintToString(r.line); }

class Banner : public ::testing::TestWithParam<BannerRow> {};

TEST_P(Banner, Parsed) {
    const BannerRow& row = GetParam();
    for (uint32_t chunk : {0u, 1u}) {
        SshRun r;
        r.chunk = chunk;
        r.feed(row.to_server, row.line);
        EXPECT_EQ(r.buf(BufferId::SshProto, row.to_server), row.proto);
        EXPECT_EQ(r.buf(BufferId::SshSoftware, row.to_server), row.software);
        EXPECT_EQ(r.buf(BufferId::SshProto, !row.to_server), "<none>");
        if (row.proto != "<none>") {
            const SshBanner& b = row.to_server ? r.tx()->client : r.tx()->server;
            EXPECT_EQ(b.comments, row.comments);
        }
        if (row.event.empty()) EXPECT_TRUE(r.events.empty());
        else EXPECT_EQ(r.events, std::vector<std::string>{row.event});
    }
}

INSTANTIATE_TEST_SUITE_P(
    Ssh, Banner,
    ::testing::Values(BannerRow{"SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\r\n", true, "2.0", "OpenSSH_8.9p1",
                                "Ubuntu-3ubuntu0.6", ""},
                      BannerRow{"SSH-2.0-dropbear_2022.83\r\n", false, "2.0", "dropbear_2022.83", "", ""},
                      BannerRow{"SSH-1.99-Cisco-1.25\n", false, "1.99", "Cisco-1.25", "", ""},
                      // Servers may send other lines before their banner (RFC 4253 §4.2).
                      BannerRow{"Welcome\r\nSSH-2.0-Srv\r\n", false, "2.0", "Srv", "", ""},
                      BannerRow{"Hello\r\nSSH-2.0-Cli\r\n", true, "<none>", "<none>", "", "ssh.invalid_banner"},
                      BannerRow{"SSH-2.0\r\n", true, "<none>", "<none>", "", "ssh.invalid_banner"},
                      BannerRow{"SSH-2.0-\r\n", true, "2.0", "", "", ""},
                      BannerRow{"SSH-2.0-" + std::string(400, 'x') + "\r\n", true, "2.0", std::string(248, 'x'), "",
                                "ssh.long_banner"}));

// binary packet: packet_length(4) padding_length(1) payload(msg code first) padding
std::string packet(uint8_t msg, size_t payload_extra) {
    const uint32_t len = uint32_t(1 + 1 + payload_extra + 4);
    std::string s{char(len >> 24), char(len >> 16), char(len >> 8), char(len), char(4), char(msg)};
    s.append(payload_extra + 4, '\0');
    return s;
}

TEST(Ssh, CompleteAfterNewKeysBothWays) {
    for (uint32_t chunk : {0u, 1u, 3u}) {
        SshRun r;
        r.chunk = chunk;
        r.feed(true, "SSH-2.0-Client\r\n" + packet(20, 300));   // KEXINIT
        r.feed(false, "SSH-2.0-Server\r\n" + packet(20, 500));
        EXPECT_FALSE(r.tx()->request_done || r.tx()->response_done);
        r.feed(true, packet(30, 40) + packet(21, 0) + std::string(64, '\xaa'));  // encrypted after NEWKEYS
        r.feed(false, packet(31, 600) + packet(21, 0) + std::string(64, '\xbb'));
        EXPECT_TRUE(r.tx()->request_done && r.tx()->response_done);
        EXPECT_TRUE(r.events.empty());
        std::vector<std::unique_ptr<Transaction>> out;
        r.p->take_finished(out, false);
        EXPECT_EQ(out.size(), 1u);
    }
}

TEST(Ssh, BadPacketLength) {
    SshRun r;
    r.feed(true, "SSH-2.0-Client\r\n" + std::string("\xff\xff\xff\xff\x04\x14", 6));
    EXPECT_EQ(r.events, std::vector<std::string>{"ssh.invalid_record"});
}

TEST(Ssh, Probe) {
    auto probe = [](const std::string& s) {
        return probe_ssh(reinterpret_cast<const uint8_t*>(s.data()), uint32_t(s.size()), true);
    };
    EXPECT_EQ(probe("SSH-2.0-x\r\n"), Probe::Yes);
    EXPECT_EQ(probe("SSH-"), Probe::Yes);
    EXPECT_EQ(probe("SS"), Probe::NeedMore);
    EXPECT_EQ(probe(""), Probe::NeedMore);
    EXPECT_EQ(probe("GET / HTTP/1.1"), Probe::No);
    EXPECT_EQ(probe("SSX-"), Probe::No);
}

}  // namespace
}  // namespace vigie::app
