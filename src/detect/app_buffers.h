// App-layer buffers as detection sees them: which protocol provides a rule's sticky
// buffer, on which side of a transaction Suricata inspects it, and the transforms
// applied to it before matching (see NOTES.md "App-layer detection").
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_proto.h"
#include "app/buffer_id.h"
#include "app/transaction.h"
#include "common/result.h"
#include "detect/pcre_program.h"

namespace vigie::detect {

// Sides of a transaction (and packet directions): bit 0 to_server, bit 1 to_client.
enum DirMask : uint8_t { kToServer = 1, kToClient = 2, kBothSides = 3 };
inline uint8_t dir_bit(bool to_server) { return to_server ? kToServer : kToClient; }

// A buffer detection derives from a transaction itself (DNS record names, slices of
// tls.random), for buffers the Transaction interface does not name.
using DerivedBuffer = bool (*)(const app::Transaction& tx, bool to_server, uint32_t index, app::BufferView& out);

struct AppBufferInfo {
    std::string_view name;  // canonical rule name ("http.uri")
    app::BufferId id;
    app::AppProto proto;
    uint8_t sides;          // DirMask: request side, response side, or either
    DerivedBuffer derive = nullptr;  // set: the buffer comes from this, not Transaction::buffer_dir
};

// One value of a buffer of a transaction: through `derive` or Transaction::buffer_dir.
inline bool fetch_buffer(const AppBufferInfo& b, const app::Transaction& tx, bool to_server, uint32_t index,
                         app::BufferView& out) {
    return b.derive ? b.derive(tx, to_server, index, out) : tx.buffer_dir(b.id, to_server, index, out);
}

// The buffer a rule names, or null when no parser provides it.
const AppBufferInfo* app_buffer_info(std::string_view name);
// The protocol a rule header (or app-layer-protocol) names: http (http1), dns, tls,
// ssh, failed; Unknown when Vigie does not parse it.
app::AppProto app_proto_from_name(std::string_view name);
// Index of a protocol in per-protocol tables (0..kAppProtoSlots-1).
constexpr unsigned kAppProtoSlots = 6;
inline unsigned proto_slot(app::AppProto p) { return static_cast<unsigned>(p); }

struct Transform {
    enum class Kind : uint8_t {
        ToLower, ToUpper, StripWhitespace, CompressWhitespace, DotPrefix, Md5, Sha1, Sha256, UrlDecode, Xor,
        PcreXform, HeaderLowercase, StripPseudoHeaders, FromBase64,
    } kind = Kind::ToLower;
    std::string key;                      // xor: the key bytes
    const PcreProgram* pcre = nullptr;    // pcrexform: compiled regex (owned by the rule set)
};

// "to_lowercase", "xor:\"0d0a\"", "pcrexform:\"a(b)c\"" -> Transform; pcrexform's regex
// is compiled into (and shared through) the compile context.
struct CompileContext;
Result<Transform> parse_transform(const std::string& text, CompileContext& ctx);

// The scratch a worker lends to transforms: two growing byte vectors (capacity kept,
// so nothing is allocated per packet once they reached their high-water mark).
struct TransformScratch {
    std::vector<uint8_t> a, b;
    PcreScratch* pcre = nullptr;
};

// Apply `chain` to data[0, len); the result is appended to `out` (which keeps what it
// held). A pcrexform without a match keeps its input, as Suricata.
void apply_transforms(const std::vector<Transform>& chain, const uint8_t* data, uint32_t len,
                      std::vector<uint8_t>& out, TransformScratch& s);

// One transform on its own (tests): in -> out (out cleared first).
void apply_transform(const Transform& t, const uint8_t* data, uint32_t len, std::vector<uint8_t>& out,
                     PcreScratch* pcre);

}  // namespace vigie::detect
