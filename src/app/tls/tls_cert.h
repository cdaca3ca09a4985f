// X.509 decoding for the Certificate handshake message, with OpenSSL, into the
// strings Suricata logs and matches (subject/issuer as its Rust x509 parser prints
// them, serial, SHA-1 fingerprint, validity).
#pragma once
#include <cstdint>
#include <string>

#include "app/tls/tls_transaction.h"

namespace vigie::app::tls {

// Fills `cert` from cert.der. False when OpenSSL cannot parse the DER (the raw
// bytes stay, for tls.certs).
bool decode_cert(TlsCert& cert);

// "2016-01-01T00:00:00" (UTC), Suricata's notbefore/notafter format.
std::string format_cert_time(int64_t epoch);

// Lowercase hex, `sep` between bytes (0: none).
std::string to_hex(const uint8_t* data, size_t len, char sep, bool upper = false);

}  // namespace vigie::app::tls
