// TLS record layer and handshake reassembly for one flow. Records are read as a
// stream: only the 5-byte header and the handshake message being assembled are
// buffered (bounded by kMaxHandshake), record bodies of other types are skipped
// as they pass. Once a direction is encrypted (ChangeCipherSpec, application
// data, or a TLS 1.3 ServerHello) or unparseable, its bytes are ignored.
#include <algorithm>
#include <cstring>

#include "app/single_tx_parser.h"
#include "app/parsers.h"
#include "app/tls/tls_messages.h"
#include "app/tls/tls_transaction.h"

namespace vigie::app {

namespace {

using tls::EventSink;

constexpr uint8_t kChangeCipherSpec = 0x14, kAlert = 0x15, kHandshake = 0x16, kAppData = 0x17, kHeartbeat = 0x18;
// Largest handshake message kept; a certificate chain rarely passes 32 KiB.
constexpr uint32_t kMaxHandshake = 256 * 1024;
// SSLv2 records have a 15-bit length.
constexpr uint32_t kMaxSslv2Record = 0x7fff;

bool known_handshake_type(uint8_t t) {
    switch (t) {
        case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 8: case 11: case 12: case 13: case 14:
        case 15: case 16: case 20: case 21: case 22: case 23: case 24: case 25: case 67: case 254:
            return true;
        default: return false;
    }
}

class TlsParser final : public SingleTxParser<TlsTransaction> {
public:
    explicit TlsParser(const AppConfig& cfg) : max_record_(cfg.tls_max_record) {}

    AppProto proto() const override { return AppProto::Tls; }
    void feed(bool to_server, const uint8_t* data, uint32_t len, const Timestamp& ts) override;
    void on_gap(bool to_server, uint64_t) override { stop(dir(to_server), to_server); }
    void on_flow_end() override {}

private:
    struct Dir {
        uint8_t hdr[5];
        uint8_t hdr_len = 0;
        uint8_t type = 0;              // current record type
        bool sslv2 = false;            // current record is SSLv2 (2-byte header)
        uint32_t body_left = 0;        // bytes of the current record body still to come
        std::vector<uint8_t> msg;      // handshake message (or SSLv2 record) being assembled
        uint32_t msg_skip = 0;         // bytes of an oversized handshake message to drop
        uint8_t alert[2];
        uint8_t alert_len = 0;
        uint32_t hellos = 0;
        bool tls_seen = false;         // a TLS record came (SSLv2 framing no longer accepted)
        bool stopped = false;
    };

    Dir& dir(bool to_server) { return d_[to_server ? 0 : 1]; }
    void stop(Dir& d, bool to_server);
    void event(const char* name) { events_.push_back(AppEvent{name, 0}); }
    void flush(EventSink& ev) {
        for (const char* e : ev) event(e);
        ev.clear();
    }
    bool header(Dir& d, bool to_server);
    void body(Dir& d, bool to_server, const uint8_t* p, uint32_t n);
    void handshake_bytes(Dir& d, bool to_server, const uint8_t* p, uint32_t n);
    void handshake_message(Dir& d, bool to_server, uint8_t type, const uint8_t* body, uint32_t len);
    void sslv2_record(Dir& d, bool to_server);

    uint32_t max_record_;
    Dir d_[2];
    EventSink pending_;
};

void TlsParser::stop(Dir& d, bool to_server) {
    d.stopped = true;
    d.msg.clear();
    d.msg.shrink_to_fit();
    if (tx_) (to_server ? tx_->request_done : tx_->response_done) = true;
}

void TlsParser::feed(bool to_server, const uint8_t* data, uint32_t len, const Timestamp& ts) {
    Dir& d = dir(to_server);
    if (taken_ || d.stopped) return;
    if (!tx_) {
        tx_ = std::make_unique<TlsTransaction>();
        tx_->ts = ts;
    }
    while (len > 0 && !d.stopped) {
        if (d.body_left == 0) {
            // Record header: 5 bytes (TLS) or 2 (SSLv2, top bit of the first byte set).
            // SSLv2 framing only before any TLS record of this direction (the
            // SSLv2-compatible ClientHello of an upgrading client).
            const uint8_t first = d.hdr_len > 0 ? d.hdr[0] : data[0];
            const bool v2 = !d.tls_seen && (first & 0x80);
            const uint8_t need = v2 ? 2 : 5;
            const uint32_t take = std::min<uint32_t>(need - d.hdr_len, len);
            std::memcpy(d.hdr + d.hdr_len, data, take);
            d.hdr_len = uint8_t(d.hdr_len + take);
            data += take;
            len -= take;
            if (d.hdr_len < need) break;
            d.hdr_len = 0;
            if (!header(d, to_server)) break;
            continue;
        }
        const uint32_t take = std::min(d.body_left, len);
        d.body_left -= take;
        body(d, to_server, data, take);
        data += take;
        len -= take;
    }
}

// Validates a record header; false when the direction stops.
bool TlsParser::header(Dir& d, bool to_server) {
    if (!d.tls_seen && (d.hdr[0] & 0x80)) {
        d.sslv2 = true;
        d.body_left = ((uint32_t(d.hdr[0]) & 0x7f) << 8) | d.hdr[1];
        d.msg.clear();
        if (d.body_left == 0) {
            event("tls.invalid_sslv2_header");
            stop(d, to_server);
            return false;
        }
        return true;
    }
    d.sslv2 = false;
    d.tls_seen = true;
    d.type = d.hdr[0];
    d.body_left = (uint32_t(d.hdr[3]) << 8) | d.hdr[4];
    d.alert_len = 0;
    if (d.type < kChangeCipherSpec || d.type > kHeartbeat) {
        event("tls.invalid_record_type");
        stop(d, to_server);
        return false;
    }
    if (d.hdr[1] != 3 || d.hdr[2] > 4) {
        event("tls.invalid_record_version");
        stop(d, to_server);
        return false;
    }
    if (d.body_left > max_record_) {
        event("tls.invalid_ssl_record");
        stop(d, to_server);
        return false;
    }
    switch (d.type) {
        case kAppData:
            // Application data (or 0-RTT / TLS 1.3 encrypted handshake): encrypted from here.
            (to_server ? tx_->client_encrypted : tx_->server_encrypted) = true;
            stop(d, to_server);
            return false;
        case kChangeCipherSpec:
            // TLS 1.3 middlebox compatibility: a client may send a dummy CCS before its
            // second ClientHello after a HelloRetryRequest; the hello that follows is clear.
            if (to_server && tx_->hello_retry && d.hellos < 2) return true;
            (to_server ? tx_->client_encrypted : tx_->server_encrypted) = true;
            stop(d, to_server);
            return false;
        default: return true;
    }
}

void TlsParser::body(Dir& d, bool to_server, const uint8_t* p, uint32_t n) {
    if (d.sslv2) {
        d.msg.insert(d.msg.end(), p, p + n);
        if (d.body_left == 0) sslv2_record(d, to_server);
        return;
    }
    if (d.type == kHandshake) {
        handshake_bytes(d, to_server, p, n);
    } else if (d.type == kAlert) {
        while (n > 0 && d.alert_len < 2) {
            d.alert[d.alert_len++] = *p++;
            --n;
        }
        // A fatal alert in clear ends the handshake: the session will not go on.
        if (d.alert_len == 2 && d.alert[0] == 2) {
            tx_->request_done = tx_->response_done = true;
            d.alert_len = 3;  // once per record
        }
    }
    // ChangeCipherSpec after HRR and heartbeat bodies are skipped.
}

void TlsParser::handshake_bytes(Dir& d, bool to_server, const uint8_t* p, uint32_t n) {
    while (n > 0 && !d.stopped) {
        if (d.msg_skip > 0) {
            const uint32_t k = std::min(d.msg_skip, n);
            d.msg_skip -= k;
            p += k;
            n -= k;
            continue;
        }
        if (d.msg.size() < 4) {
            const uint32_t k = std::min<uint32_t>(uint32_t(4 - d.msg.size()), n);
            d.msg.insert(d.msg.end(), p, p + k);
            p += k;
            n -= k;
            if (d.msg.size() < 4) return;
            const uint32_t mlen = (uint32_t(d.msg[1]) << 16) | (uint32_t(d.msg[2]) << 8) | d.msg[3];
            if (mlen > kMaxHandshake) {
                // Too big to keep: drop it and resume at the next message.
                event("tls.handshake_invalid_length");
                d.msg_skip = mlen;
                d.msg.clear();
                continue;
            }
        }
        const uint32_t mlen = (uint32_t(d.msg[1]) << 16) | (uint32_t(d.msg[2]) << 8) | d.msg[3];
        const uint32_t k = std::min<uint32_t>(uint32_t(4 + mlen - d.msg.size()), n);
        d.msg.insert(d.msg.end(), p, p + k);
        p += k;
        n -= k;
        if (d.msg.size() == 4 + mlen) {
            handshake_message(d, to_server, d.msg[0], d.msg.data() + 4, mlen);
            d.msg.clear();
        }
    }
}

void TlsParser::handshake_message(Dir& d, bool to_server, uint8_t type, const uint8_t* body, uint32_t len) {
    TlsTransaction& tx = *tx_;
    switch (type) {
        case 1:  // ClientHello
            if (!to_server) break;
            // Fingerprints describe the first hello; a second one (after a
            // HelloRetryRequest, or a duplicate) is only counted.
            if (d.hellos++ == 0) tls::parse_client_hello(body, len, tx, pending_);
            flush(pending_);
            return;
        case 2:  // ServerHello (or TLS 1.3 HelloRetryRequest)
            if (to_server) break;
            tls::parse_server_hello(body, len, tx, pending_);
            flush(pending_);
            ++d.hellos;
            if (tx.server_version == 0x0304 || (tx.server_version >> 8) == 0x7f) {
                const bool retry = tx.hello_retry && d.hellos == 1;
                if (!retry) {
                    // TLS 1.3: everything after the ServerHello is encrypted.
                    tx.server_encrypted = true;
                    stop(d, to_server);
                }
            }
            return;
        case 11:  // Certificate
            if (to_server ? !tx.client_certs.empty() : !tx.server_certs.empty()) return;
            tls::parse_certificate(body, len, to_server ? tx.client_certs : tx.server_certs, pending_);
            flush(pending_);
            return;
        default:
            if (!known_handshake_type(type)) event("tls.invalid_handshake_message");
            return;
    }
    event("tls.invalid_handshake_message");  // a hello sent the wrong way
}

// One complete SSLv2 record. Only the CLIENT-HELLO is read (for the version and
// ciphers a TLS-capable client advertises); an SSLv2 SERVER-HELLO sets the
// version to SSLv2; anything else SSLv2 is encrypted or not worth following.
void TlsParser::sslv2_record(Dir& d, bool to_server) {
    TlsTransaction& tx = *tx_;
    const uint8_t type = d.msg.empty() ? 0 : d.msg[0];
    if (to_server && type == 1 && !tx.client_hello_seen && d.msg.size() <= kMaxSslv2Record) {
        ++d.hellos;
        tls::parse_sslv2_client_hello(d.msg.data(), uint32_t(d.msg.size()), tx, pending_);
        flush(pending_);
        d.msg.clear();
        return;
    }
    if (!to_server && type == 4) {
        tx.server_hello_seen = true;
        tx.server_version = 0x0002;
        tx.server_encrypted = true;
    } else if (to_server && type != 1) {
        tx.client_encrypted = true;
    }
    stop(d, to_server);
}

}  // namespace

std::unique_ptr<AppParser> make_tls_parser(const AppConfig& cfg) { return std::make_unique<TlsParser>(cfg); }

Probe probe_tls(const uint8_t* data, uint32_t len, bool to_server) {
    if (len == 0) return Probe::NeedMore;
    if (data[0] == kHandshake) {
        // type, version 3.0-3.4, length, then a ClientHello (to_server) or ServerHello.
        if (len >= 2 && data[1] != 3) return Probe::No;
        if (len >= 3 && data[2] > 4) return Probe::No;
        if (len < 6) return Probe::NeedMore;
        return data[5] == (to_server ? 1 : 2) ? Probe::Yes : Probe::No;
    }
    if (data[0] & 0x80) {
        // SSLv2 record, 2-byte header: CLIENT-HELLO (1) with an SSLv2/3 or TLS version,
        // or SERVER-HELLO (4) whose version field (offset 5) is 0x0002.
        if (len < 7) return Probe::NeedMore;
        const uint32_t rlen = ((uint32_t(data[0]) & 0x7f) << 8) | data[1];
        const uint16_t v = uint16_t((data[3] << 8) | data[4]);
        if (to_server && data[2] == 1 && rlen >= 9 && (v == 0x0002 || (v >= 0x0300 && v <= 0x0303)))
            return Probe::Yes;
        if (!to_server && data[2] == 4 && data[5] == 0 && data[6] == 2) return Probe::Yes;
    }
    return Probe::No;
}

}  // namespace vigie::app
