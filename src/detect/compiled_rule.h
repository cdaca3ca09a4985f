// CompiledRule: what the inspector needs of one rule, resolved once at build time
// (interned variable ids, compiled regexes, which buffer its payload keywords read).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_proto.h"
#include "app/buffer_id.h"
#include "detect/app_buffers.h"
#include "detect/pcre_program.h"
#include "rules/rule.h"

namespace vigie::detect {

// Where a payload rule's keywords look (see NOTES.md "Packet or stream").
enum class PayloadSource : uint8_t {
    None,        // no payload keywords: a header/flow rule, inspected once per packet
    Auto,        // stream chunk on reassembled TCP flows, packet payload otherwise
    Packet,      // packet payload only: flow:no_stream, or anchored (offset/depth/startswith)
    StreamOnly,  // flow:only_stream: stream chunks only
};

// Precedence of actions, Suricata's default action-order: pass, drop, reject, alert.
inline uint8_t action_rank(rules::Action a) {
    switch (a) {
        case rules::Action::Pass: return 0;
        case rules::Action::Drop: return 1;
        case rules::Action::Reject:
        case rules::Action::RejectSrc:
        case rules::Action::RejectDst:
        case rules::Action::RejectBoth: return 2;
        case rules::Action::Alert: return 3;
    }
    return 3;
}

struct CompiledFlowbits {
    rules::Flowbits::Cmd cmd;
    bool any_of = false;
    std::vector<uint32_t> ids;
};

struct CompiledFlowint {
    rules::Flowint::Op op;
    uint32_t id = 0;
    rules::IntOrVar value;
    int32_t value_flowint = -1;  // id of the flowint named as the value, or -1
};

// One buffer's keyword list, compiled: the payload list, or an app-layer buffer.
struct CompiledList {
    const rules::BufferMatches* list = nullptr;
    // Parallel to list->matches: the compiled regex of each Pcre entry (null otherwise),
    // and whether the next entry is relative to this one (Suricata's RELATIVE_NEXT: only
    // then is an earlier match retried at its next occurrence).
    std::vector<const PcreProgram*> pcres;
    std::vector<uint8_t> relative_next;
    // App-layer lists only:
    uint16_t kind = 0;             // (buffer, transforms) interned by the rule set (AppKind)
    uint8_t sides = kBothSides;    // sides it is read on (DirMask): the buffer's, or the one the rule named
    rules::BufferMatches::Absent absent = rules::BufferMatches::Absent::No;
    explicit operator bool() const { return list != nullptr; }
};

// A distinct (app-layer buffer, transform chain): what the prefilter scans and the
// per-transaction buffer cache holds.
struct AppKind {
    const AppBufferInfo* info = nullptr;
    std::vector<std::string> transform_text;  // as written in the rule (the interning key)
    std::vector<Transform> transforms;
};

// A sorted list of file hashes (filemd5 / filesha1 / filesha256), shared by rules
// naming the same file.
struct HashList {
    uint8_t size = 16;                          // 16 md5, 20 sha1, 32 sha256
    std::vector<std::string> hashes;            // raw digests, sorted, unique
    bool contains(std::string_view digest) const;
};

// A non-buffer app-layer keyword, resolved (see app_checks.cpp).
struct CompiledCheck {
    enum class Kind : uint8_t {
        UriLen, DnsOpcode, TlsVersion, SslVersion, SslState, TlsSubject, TlsIssuer, TlsFingerprint,
        TlsCertExpired, TlsCertValid, TlsChainLen, FileName, FileExt, FileMagic, FileSize, FileHash, FileStore, TlsStore,
        HttpEvent, DnsZFlag, AppEvent, DnsRcode, TlsNotBefore, TlsNotAfter, DnsRrtype,
    } kind = Kind::FileStore;
    app::AppProto proto = app::AppProto::Unknown;
    uint8_t sides = kBothSides;
    bool negated = false;
    bool raw = false;                   // urilen:...,raw
    std::optional<rules::UintCmp> cmp;
    std::string text;                   // substring, extension, fingerprint
    uint32_t value = 0;                 // tls.version; ssl_version / ssl_state bits; http event index
    int64_t date_a = 0, date_b = 0;     // tls_cert_notbefore / notafter (epoch seconds; cmp->op applies)
    int32_t index = 0;                  // dns.rrtype: record index (>= 0 from the first, < 0 from the last)
    enum class Which : uint8_t { Any, All, Index } which = Which::Any;
    std::shared_ptr<const HashList> hashes;
};

// app-layer-protocol:[!]name[,final]
struct ProtoCond {
    app::AppProto proto = app::AppProto::Unknown;
    bool negated = false;
    bool final = false;  // ",final": only once the protocol is known
};

struct CompiledRule {
    const rules::Rule* rule = nullptr;
    uint32_t id = 0;                     // internal id = index in precedence order
    uint8_t rank = 3;                    // action_rank(rule->header.action)
    bool flow_scope = false;             // a pass on this rule passes the whole flow
    PayloadSource source = PayloadSource::None;

    CompiledList payload;                // the "payload" buffer, if any

    // Application layer (see NOTES.md "App-layer detection").
    app::AppProto app_proto = app::AppProto::Unknown;  // header or implied protocol; Unknown = any flow
    std::vector<ProtoCond> proto_conds;  // app-layer-protocol
    bool pd_only = false;                // only app-layer-protocol: matches on the detection packet
    bool app_rule = false;               // evaluated per transaction: has app buffers or checks
    uint8_t app_dirs = 0;                // packet directions it is evaluated on (DirMask)
    std::vector<CompiledList> app_lists;
    std::vector<CompiledCheck> app_checks;

    std::vector<CompiledFlowbits> flowbit_conds;    // isset / isnotset
    std::vector<CompiledFlowbits> flowbit_actions;  // set / unset / toggle
    std::vector<CompiledFlowint> flowint_conds;     // isset / notset / comparisons
    std::vector<CompiledFlowint> flowint_actions;   // set / add / sub
    bool noalert = false;
};

}  // namespace vigie::detect
