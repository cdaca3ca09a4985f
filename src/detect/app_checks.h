// Non-buffer app-layer keywords (urilen, dns.opcode, tls.version, ssl_version,
// ssl_state, tls.subject/issuerdn/fingerprint, tls_cert_expired/valid,
// tls.cert_chain_len, filename, fileext, filesize, filemd5/sha1/sha256, filestore,
// tls.store, app-layer-event): compiled from rules::AppLayerCheck, evaluated on one
// transaction and side.
#pragma once
#include <string>
#include <vector>

#include "app/transaction.h"
#include "common/timestamp.h"
#include "detect/compiled_rule.h"

namespace vigie::detect {

struct CompileContext;

// Empty on success, otherwise the reason the engine cannot evaluate the keyword.
std::string compile_check(const rules::AppLayerCheck& c, const rules::Rule& r, CompileContext& ctx,
                          CompiledCheck* out);

// `to_server`: the side read (request or response). `now`: the packet's time
// (certificate validity). `scratch` holds a file digest while it is compared.
bool eval_check(const CompiledCheck& c, const app::Transaction& tx, bool to_server, const Timestamp& now,
                std::vector<uint8_t>& scratch);

}  // namespace vigie::detect
