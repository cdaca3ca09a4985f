// EVE `tls` object of a TLS transaction, with Suricata's field names and formats
// (output-json-tls: basic, extended and `custom:` field sets).
#pragma once
#include <string_view>

#include "app/tls/tls_transaction.h"
#include "output/json_line.h"

namespace vigie::output {

// One flag per name Suricata accepts in outputs.eve-log.types.tls.custom.
struct TlsLogFields {
    bool subject = false, issuer = false, session_resumed = false, serial = false, fingerprint = false;
    bool sni = false, version = false, not_before = false, not_after = false;
    bool certificate = false, chain = false, ja3 = false, ja3s = false, ja4 = false, subjectaltname = false;
    bool client = false, client_certificate = false, client_chain = false;
    bool client_alpns = false, server_alpns = false, client_handshake = false, server_handshake = false;
};

// Default set: subject, issuerdn, session_resumed. Extended (Suricata's default
// config, `extended: yes`): also serial, fingerprint, sni, version, notbefore,
// notafter, ja3, ja3s, ja4 and the client certificate object.
TlsLogFields tls_log_fields(bool extended);
// Sets the flag of a `custom:` name ("not_before", "client_handshake"...); false if unknown.
bool tls_log_field_enable(TlsLogFields& f, std::string_view name);

// Appends "tls":{...} to `j`.
void write_tls_object(JsonLine& j, const app::TlsTransaction& tx, bool extended);
void write_tls_object(JsonLine& j, const app::TlsTransaction& tx, const TlsLogFields& fields);

}  // namespace vigie::output
