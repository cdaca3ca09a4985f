// TlsTransaction: what one TLS session's handshake showed in clear (TLS 1.0-1.3,
// SSLv2-compatible ClientHello): hello fields, fingerprints (JA3/JA3S/JA4) and the
// certificate chains of TLS <= 1.2. One per flow (Suricata logs one `tls` record
// per session). Fields are public so EVE output and keywords such as
// tls.cert_expired read them directly; detection goes through buffer()/number().
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/transaction.h"

namespace vigie::app {

// One X.509 certificate as Suricata reports it (formats: see tls/NOTES.md).
struct TlsCert {
    std::vector<uint8_t> der;
    bool decoded = false;          // OpenSSL parsed it; the text fields below are set
    std::string subject;           // "C=US, O=Example, CN=example.com"
    std::string issuer;
    std::string serial;            // "08:3A:84", uppercase hex of the DER INTEGER content
    std::string fingerprint;       // SHA-1 of the DER, "cc:aa:48:..."
    int64_t not_before = 0;        // epoch seconds (UTC)
    int64_t not_after = 0;
    std::vector<std::string> sans; // subjectAltName dNSName entries
};

class TlsTransaction final : public Transaction {
public:
    AppProto proto() const override { return AppProto::Tls; }
    bool buffer(BufferId id, uint32_t index, BufferView& out) const override;
    bool buffer_dir(BufferId id, bool to_server, uint32_t index, BufferView& out) const override;
    bool number(NumberId id, uint64_t& out) const override;

    // The session's version as Suricata logs it: the server's choice (with
    // supported_versions, so TLS 1.3 is 0x0304), else the client's hello version.
    uint16_t version() const { return server_version ? server_version : client_version; }
    const TlsCert* leaf() const { return server_certs.empty() ? nullptr : &server_certs.front(); }

    // ClientHello (to_server)
    bool client_hello_seen = false;
    bool sslv2_client_hello = false;              // came in an SSLv2-compatible record
    uint16_t client_version = 0;                  // legacy_version field
    std::array<uint8_t, 32> client_random{};      // SSLv2: the challenge, right-aligned
    std::vector<uint8_t> client_session_id;
    std::vector<uint16_t> ciphers;                // as sent, GREASE included
    std::vector<uint16_t> client_exts;            // extension types in order, GREASE included
    std::vector<uint16_t> groups;                 // supported_groups
    std::vector<uint8_t> point_formats;           // ec_point_formats
    std::vector<uint16_t> sig_algs;               // signature_algorithms
    std::vector<uint16_t> client_versions;        // supported_versions
    std::vector<std::string> client_alpns;
    std::string sni;                              // first host_name of server_name

    // ServerHello (to_client)
    bool server_hello_seen = false;
    bool hello_retry = false;                     // a TLS 1.3 HelloRetryRequest came first
    uint16_t server_legacy_version = 0;           // legacy_version field (0x0303 for TLS 1.3)
    uint16_t server_version = 0;                  // negotiated: supported_versions, else legacy
    std::array<uint8_t, 32> server_random{};
    std::vector<uint8_t> server_session_id;
    uint16_t server_cipher = 0;
    std::vector<uint16_t> server_exts;
    std::vector<std::string> server_alpns;
    bool session_resumed = false;                 // the server echoed the client's session id

    // Certificate messages (TLS <= 1.2; encrypted in 1.3). Leaf first.
    std::vector<TlsCert> server_certs;
    std::vector<TlsCert> client_certs;

    // Fingerprints, computed when the hello is parsed (empty when not applicable).
    std::string ja3_string, ja3_hash;
    std::string ja3s_string, ja3s_hash;
    std::string ja4;

    // Handshake progress per direction.
    bool client_encrypted = false;                // ChangeCipherSpec / application data seen
    bool server_encrypted = false;
};

// Suricata's version names for EVE and tls.version ("TLS 1.2", "TLSv1", "SSLv3"...).
std::string tls_version_name(uint16_t version);

}  // namespace vigie::app
