// Parsers for the clear-text handshake messages Vigie reads: ClientHello (TLS and
// SSLv2-compatible), ServerHello, Certificate. Each fills the transaction and
// appends Suricata's event names for what is malformed; none keeps pointers into
// the input.
#pragma once
#include <cstdint>
#include <vector>

#include "app/tls/tls_transaction.h"

namespace vigie::app::tls {

using EventSink = std::vector<const char*>;

// Handshake message bodies (after the 4-byte type/length header). False when the
// body is malformed (an event says why); what was read before the fault is kept.
bool parse_client_hello(const uint8_t* body, uint32_t len, TlsTransaction& tx, EventSink& ev);
bool parse_server_hello(const uint8_t* body, uint32_t len, TlsTransaction& tx, EventSink& ev);
// certificate_list of TLS <= 1.2 into `chain` (leaf first, at most kMaxChain kept).
bool parse_certificate(const uint8_t* body, uint32_t len, std::vector<TlsCert>& chain, EventSink& ev);
// SSLv2 CLIENT-HELLO message (after the 2-byte record header: type 1, version...).
bool parse_sslv2_client_hello(const uint8_t* msg, uint32_t len, TlsTransaction& tx, EventSink& ev);

constexpr size_t kMaxChain = 16;

}  // namespace vigie::app::tls
