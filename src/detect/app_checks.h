// Non-buffer app-layer keywords (urilen, dns.opcode, tls.version, ssl_version,
// ssl_state, tls.subject/issuerdn/fingerprint, tls_cert_expired/valid,
// tls.cert_chain_len, filename, fileext, filesize, filemd5/sha1/sha256, filestore,
// tls.store, app-layer-event): compiled from rules::AppLayerCheck, evaluated on one
// transaction and side.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/transaction.h"
#include "common/timestamp.h"
#include "detect/compiled_rule.h"

namespace vigie::detect {

struct CompileContext;

// Empty on success, otherwise the reason the engine cannot evaluate the keyword.
std::string compile_check(const rules::AppLayerCheck& c, const rules::Rule& r, CompileContext& ctx,
                          CompiledCheck* out);

// What a check may need besides the transaction.
struct CheckEnv {
    bool to_server = true;                     // the side read (request or response)
    Timestamp now;                             // packet time (certificate validity)
    std::span<const app::AppEvent> events;     // events the packet raised
    std::vector<uint8_t>* scratch = nullptr;   // a file digest while it is compared
};

bool eval_check(const CompiledCheck& c, const app::Transaction& tx, const CheckEnv& env);

// "2015", "2015-10", "2015-10-22", "2015-10-22T10:20:30" (UTC) -> epoch seconds.
std::optional<int64_t> parse_cert_date(std::string_view s);

}  // namespace vigie::detect
