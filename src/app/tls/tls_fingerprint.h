// TLS client/server fingerprints computed from the parsed hellos:
// JA3 / JA3S (Salesforce spec: decimal fields, GREASE values dropped, MD5) and
// JA4 (FoxIO; the variant Suricata computes, see tls/NOTES.md).
#pragma once
#include <cstdint>
#include <string>

#include "app/tls/tls_transaction.h"

namespace vigie::app::tls {

// RFC 8701 GREASE values: 0x0a0a, 0x1a1a, ... 0xfafa.
constexpr bool is_grease(uint16_t v) { return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff); }

// From the ClientHello fields of `tx`: ja3_string, ja3_hash, ja4.
void compute_client_fingerprints(TlsTransaction& tx);
// From the ServerHello fields: ja3s_string, ja3s_hash.
void compute_server_fingerprints(TlsTransaction& tx);

}  // namespace vigie::app::tls
