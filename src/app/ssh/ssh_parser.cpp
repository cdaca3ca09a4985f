// SSH: identification banners, then the clear binary packets of the key exchange
// (RFC 4253 §6) skipped by length until SSH_MSG_NEWKEYS, after which a direction
// is encrypted and ignored. Only the banner line is buffered (bounded).
#include <algorithm>
#include <cstring>

#include "app/single_tx_parser.h"
#include "app/parsers.h"
#include "app/ssh/ssh_transaction.h"

namespace vigie::app {

namespace {

// Suricata's SSH_MAX_BANNER_LEN: a longer line is truncated and flagged.
constexpr size_t kMaxBanner = 256;
// Lines a server may send before its banner (RFC 4253 §4.2); more is not SSH.
constexpr int kMaxPreBannerLines = 16;
constexpr uint32_t kMaxPacket = 256 * 1024;
constexpr uint8_t kMsgNewKeys = 21;

class SshParser final : public SingleTxParser<SshTransaction> {
public:
    AppProto proto() const override { return AppProto::Ssh; }
    void feed(bool to_server, const uint8_t* data, uint32_t len, const Timestamp& ts) override;
    void on_gap(bool to_server, uint64_t) override { stop(d_[to_server ? 0 : 1], to_server); }

private:
    struct Dir {
        std::string line;           // banner line being gathered
        bool line_too_long = false;
        int lines = 0;
        bool banner_done = false;
        uint8_t hdr[6];             // packet_length(4) padding_length(1) msg_code(1)
        uint8_t hdr_len = 0;
        uint32_t skip = 0;          // rest of the current packet
        bool stopped = false;
    };

    void stop(Dir& d, bool to_server) {
        d.stopped = true;
        d.line.clear();
        d.line.shrink_to_fit();
        if (tx_) (to_server ? tx_->request_done : tx_->response_done) = true;
    }
    void event(const char* name) { events_.push_back(AppEvent{name, 0}); }
    uint32_t banner_bytes(Dir& d, bool to_server, const uint8_t* p, uint32_t n);
    void banner_line(Dir& d, bool to_server);
    uint32_t packet_bytes(Dir& d, bool to_server, const uint8_t* p, uint32_t n);

    Dir d_[2];
};

void SshParser::feed(bool to_server, const uint8_t* data, uint32_t len, const Timestamp& ts) {
    Dir& d = d_[to_server ? 0 : 1];
    if (taken_ || d.stopped) return;
    if (!tx_) {
        tx_ = std::make_unique<SshTransaction>();
        tx_->ts = ts;
    }
    while (len > 0 && !d.stopped) {
        const uint32_t used = d.banner_done ? packet_bytes(d, to_server, data, len) : banner_bytes(d, to_server, data, len);
        data += used;
        len -= used;
    }
}

// Gathers one line (up to '\n'); returns the bytes consumed.
uint32_t SshParser::banner_bytes(Dir& d, bool to_server, const uint8_t* p, uint32_t n) {
    const uint8_t* nl = static_cast<const uint8_t*>(std::memchr(p, '\n', n));
    const uint32_t upto = nl ? uint32_t(nl - p) : n;
    const size_t room = kMaxBanner > d.line.size() ? kMaxBanner - d.line.size() : 0;
    if (upto > room) d.line_too_long = true;
    d.line.append(reinterpret_cast<const char*>(p), std::min<size_t>(upto, room));
    if (!nl) return n;
    banner_line(d, to_server);
    return upto + 1;
}

void SshParser::banner_line(Dir& d, bool to_server) {
    std::string line = std::move(d.line);
    d.line.clear();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.compare(0, 4, "SSH-") != 0) {
        // Servers may greet with other lines first; clients may not.
        if (to_server || ++d.lines > kMaxPreBannerLines) {
            event("ssh.invalid_banner");
            stop(d, to_server);
        }
        return;
    }
    const size_t dash = line.find('-', 4);
    if (dash == std::string::npos || dash == 4) {
        event("ssh.invalid_banner");
        stop(d, to_server);
        return;
    }
    if (d.line_too_long) event("ssh.long_banner");
    SshBanner& b = to_server ? tx_->client : tx_->server;
    b.seen = true;
    b.proto_version = line.substr(4, dash - 4);
    const size_t sp = line.find(' ', dash + 1);
    b.software_version = line.substr(dash + 1, sp == std::string::npos ? std::string::npos : sp - dash - 1);
    if (sp != std::string::npos) b.comments = line.substr(sp + 1);
    d.banner_done = true;
    d.line.shrink_to_fit();
}

// Binary packets of the key exchange, read by header and skipped by length.
uint32_t SshParser::packet_bytes(Dir& d, bool to_server, const uint8_t* p, uint32_t n) {
    if (d.skip > 0) {
        const uint32_t k = std::min(d.skip, n);
        d.skip -= k;
        return k;
    }
    const uint32_t k = std::min<uint32_t>(6 - d.hdr_len, n);
    std::memcpy(d.hdr + d.hdr_len, p, k);
    d.hdr_len = uint8_t(d.hdr_len + k);
    if (d.hdr_len < 6) return k;
    d.hdr_len = 0;
    const uint32_t plen = (uint32_t(d.hdr[0]) << 24) | (uint32_t(d.hdr[1]) << 16) | (uint32_t(d.hdr[2]) << 8) | d.hdr[3];
    if (plen < 2 || plen > kMaxPacket) {
        event("ssh.invalid_record");
        stop(d, to_server);
        return k;
    }
    if (d.hdr[5] == kMsgNewKeys) {
        stop(d, to_server);  // encrypted from the next packet on
        return k;
    }
    d.skip = plen - 2;
    return k;
}

}  // namespace

std::unique_ptr<AppParser> make_ssh_parser(const AppConfig&) { return std::make_unique<SshParser>(); }

Probe probe_ssh(const uint8_t* data, uint32_t len, bool to_server) {
    static constexpr char kPrefix[] = "SSH-";
    const uint32_t k = std::min<uint32_t>(len, 4);
    if (std::memcmp(data, kPrefix, k) != 0) return Probe::No;
    return len < 4 ? Probe::NeedMore : Probe::Yes;
}

}  // namespace vigie::app
