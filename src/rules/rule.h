// Rule: one parsed Suricata rule as immutable, typed values.
// The parser (rules/) produces these; the detection compiler (detect/) consumes them.
// Nothing here knows packets or flows: matching lives in detect/.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/ip_addr.h"

namespace vigie::rules {

enum class Action : uint8_t { Alert, Pass, Drop, Reject, RejectSrc, RejectDst, RejectBoth };

// ---------- header ----------

struct AddrRange {  // inclusive [lo, hi], same family
    IpAddr lo, hi;
};

// A resolved address expression: variables expanded, negations applied.
// Empty `ranges` with any=false matches nothing; any=true matches every address.
struct AddressSet {
    bool any = false;
    std::vector<AddrRange> ranges;  // sorted by lo, non-overlapping, v4 before v6
    bool contains(const IpAddr& a) const;
};

struct PortRange {
    uint16_t lo = 0, hi = 65535;
};
struct PortSet {
    bool any = true;
    std::vector<PortRange> ranges;  // sorted, merged
    bool contains(uint16_t p) const;
};

struct Header {
    Action action = Action::Alert;
    // Transport protocols the rule applies to. Empty = any IP protocol ("ip").
    // "icmp" yields {1, 58}; "tcp" {6}; "udp" {17}; app-layer names set the transport they run on.
    std::vector<uint8_t> ip_protos;
    std::string app_proto;        // "http", "dns", "tls", ... ; empty for tcp/udp/icmp/ip
    std::string proto_text;       // as written in the rule
    AddressSet src, dst;
    PortSet sp, dp;
    bool bidirectional = false;   // "<>"
    // "=>" (Suricata 8): an app-layer rule matching both sides of one transaction; the
    // addresses name the request's direction (client -> server).
    bool tx_both_sides = false;
};

// ---------- values that may come from byte_extract / byte_math variables ----------

struct IntOrVar {
    int64_t value = 0;
    int8_t var = -1;  // index into Rule::variables when >= 0
    bool is_var() const { return var >= 0; }
};

// ---------- payload keywords (evaluated in order on one buffer) ----------

struct Content {
    std::string bytes;            // decoded pattern
    bool negated = false;
    bool nocase = false;
    bool rawbytes = false;
    std::optional<IntOrVar> offset, depth, distance, within;
    bool startswith = false, endswith = false;
    bool fast_pattern = false;    // explicitly chosen
    bool fast_pattern_only = false;
    std::optional<std::pair<uint16_t, uint16_t>> fast_pattern_chop;  // offset, length
    bool relative() const { return distance.has_value() || within.has_value(); }
};

struct Pcre {
    std::string pattern;          // the regex body without delimiters
    std::string flags;            // flags as written after the closing '/'
    uint32_t compile_options = 0; // PCRE2_* options derived from flags
    bool negated = false;
    bool relative = false;        // R
    bool anchored_to_buffer_start = false;  // A is a compile option; kept for explain
    bool match_once_per_buffer = false;     // O: ignore pcre match limits override
    std::vector<std::string> capture_vars;  // pcre captures into flowvar/pktvar (accepted, ignored)
    // Compiled PCRE2 code, shared by identical regexes across rules.
    std::shared_ptr<struct CompiledPcre> compiled;
};

enum class Endian : uint8_t { Big, Little, Dce };
enum class NumBase : uint8_t { Binary, Dec, Hex, Oct };  // Binary = raw bytes; others = "string,<base>"

struct ByteTest {
    uint8_t nbytes = 0;
    std::string op;               // "<", ">", "=", "<=", ">=", "&", "^", "!<" etc. as written (without '!')
    bool op_negated = false;
    IntOrVar value;
    IntOrVar offset;
    bool relative = false;
    Endian endian = Endian::Big;
    NumBase base = NumBase::Binary;
    std::optional<uint64_t> bitmask;
};

struct ByteJump {
    uint8_t nbytes = 0;
    IntOrVar offset;
    bool relative = false;
    int64_t multiplier = 1;
    Endian endian = Endian::Big;
    NumBase base = NumBase::Binary;
    bool align = false;
    bool from_beginning = false;
    bool from_end = false;
    int64_t post_offset = 0;
    std::optional<uint64_t> bitmask;
};

struct ByteExtract {
    uint8_t nbytes = 0;
    int64_t offset = 0;
    int8_t var = -1;              // index into Rule::variables
    bool relative = false;
    int64_t multiplier = 1;
    Endian endian = Endian::Big;
    NumBase base = NumBase::Binary;
    uint8_t align = 0;            // 0, 2 or 4
    std::optional<uint64_t> bitmask;
};

struct ByteMath {
    uint8_t nbytes = 0;
    IntOrVar offset;
    char oper = '+';              // + - * / < (<<) > (>>)
    IntOrVar rvalue;
    int8_t result_var = -1;
    bool relative = false;
    Endian endian = Endian::Big;
    NumBase base = NumBase::Binary;
    std::optional<uint64_t> bitmask;
};

struct IsDataAt {
    IntOrVar offset;
    bool relative = false;
    bool negated = false;
    bool rawbytes = false;
};

// Comparison on an unsigned number, shared by dsize, ttl, bsize, itype, ... .
// Suricata semantics: "a<>b" is exclusive (a < x < b); "a-b" in some keywords is inclusive.
struct UintCmp {
    // NotRange (added by rules/): "!a-b", true when x <= a or x >= b (the negated exclusive range).
    enum class Op : uint8_t { Eq, Ne, Lt, Le, Gt, Ge, RangeExclusive, RangeInclusive, NotRange } op = Op::Eq;
    uint64_t a = 0, b = 0;
    bool matches(uint64_t x) const;
};

struct Bsize {
    UintCmp cmp;
};

using PayloadMatch = std::variant<Content, Pcre, ByteTest, ByteJump, ByteExtract, ByteMath, IsDataAt, Bsize>;

// The buffer a list of payload keywords inspects. "payload" is the packet or stream
// payload; app-layer sticky buffers use their Suricata name ("http.uri", "dns.query", ...).
struct BufferMatches {
    std::string buffer = "payload";
    std::vector<std::string> transforms;  // as written, e.g. "to_lowercase", "xor:\"0d0ac8ff\"" (app-layer issue)
    std::vector<PayloadMatch> matches;
    // Side of the transaction, for buffers that exist on both ("http.connection: to_client"):
    // 0 = the rule's direction, 1 = to_server, 2 = to_client.
    uint8_t side = 0;
    // absent (Suricata 8): Only = the buffer must be missing; OrElse = missing, or the
    // keywords match.
    enum class Absent : uint8_t { No, Only, OrElse } absent = Absent::No;
};

// ---------- per-packet header checks ----------

struct PacketCheck {
    enum class Field : uint8_t {
        Dsize, Ttl, Tos, IpProto, IpId, FragOffset, IType, ICode, IcmpId, IcmpSeq, TcpSeq, TcpAck, TcpWindow,
    } field;
    UintCmp cmp;
    bool negated = false;  // tos:!x, window:!x, ip_proto:!x, fragoffset:!x
};

struct TcpFlagsCheck {       // flags:[!|*|+]<flags>[,<mask>]
    uint8_t flags = 0;       // flags that must be set (0 with modifier none = "0": no flags)
    uint8_t ignore_mask = 0; // flags ignored (from ",<mask>"), e.g. 12 means CWR/ECE ignored
    char modifier = 0;       // 0 exact, '+' all of these and any others, '*' any of these, '!' none of these
};

struct FragBitsCheck {       // fragbits:[!+*]MDR
    uint8_t bits = 0;        // 1 = M (more fragments), 2 = D (don't fragment), 4 = R (reserved)
    char modifier = 0;
};

struct IpOptsCheck {         // ipopts:<name>; bit of ipopt:: in decode/packet.h
    uint16_t bit = 0;
};

struct SameIp {};

using HeaderMatch = std::variant<PacketCheck, TcpFlagsCheck, FragBitsCheck, IpOptsCheck, SameIp>;

// ---------- flow state ----------

struct FlowOpts {
    bool to_server = false, to_client = false;  // from_client == to_server, from_server == to_client
    bool established = false, not_established = false, stateless = false;
    bool only_stream = false, no_stream = false;
    bool only_frag = false, no_frag = false;
};

struct Flowbits {
    enum class Cmd : uint8_t { Set, IsSet, IsNotSet, Unset, Toggle, NoAlert } cmd;
    std::vector<std::string> names;  // several with '|' (or, for isset/isnotset) or '&' (and)
    bool any_of = false;             // '|' group
};

struct Flowint {
    std::string name;
    enum class Op : uint8_t { Set, Add, Sub, IsSet, NotSet, Eq, Ne, Lt, Le, Gt, Ge } op;
    IntOrVar value;
    std::string value_var;           // when the value names another flowint
};

// stream_size:<server|client|both|either>,<op>,<n> (added by rules/): bytes seen on the TCP stream.
struct StreamSize {
    enum class Side : uint8_t { Server, Client, Both, Either } side = Side::Either;
    UintCmp cmp;
};

enum class Track : uint8_t { BySrc, ByDst, ByRule, ByBoth, ByFlow };

struct Threshold {
    enum class Type : uint8_t { Limit, Threshold, Both, Backoff } type = Type::Limit;
    Track track = Track::BySrc;
    uint32_t count = 1;
    uint32_t seconds = 60;
    uint32_t multiplier = 0;         // backoff
};

struct DetectionFilter {
    Track track = Track::BySrc;
    uint32_t count = 1;
    uint32_t seconds = 60;
    bool unique_on_src_port = false; // Suricata 8+: unique_on sp/dp
    bool unique_on_dst_port = false;
};

struct Tag {
    enum class Scope : uint8_t { Session, Host } scope = Scope::Session;
    uint32_t count = 256;
    enum class Metric : uint8_t { Packets, Seconds, Bytes } metric = Metric::Packets;
    bool host_src = true;            // host scope: src or dst
};

// A non-buffer app-layer keyword (added by rules/): urilen, filesize, tls.version, dns.opcode,
// app-layer-event, filestore, ... Parsed and recorded; evaluating them is the app-layer issue.
struct AppLayerCheck {
    std::string name;                // canonical keyword name ("urilen", "tls.version", ...)
    std::string arg;                 // argument as written, trimmed (empty when none)
    std::optional<UintCmp> cmp;      // numeric keywords (urilen, filesize, dns.opcode, ...)
    bool negated = false;            // leading '!' in the argument
    uint8_t side = 0;                // "filesize: to_client, <100": 1 to_server, 2 to_client, 0 either
};

// ---------- the rule ----------

struct Rule {
    // where it came from, for messages and for the evidence record
    std::string file;
    uint32_t line = 0;
    std::string text;                // the rule as written (continuation lines joined)

    Header header;

    uint32_t gid = 1, sid = 0, rev = 0;
    std::string msg;
    std::string classtype;
    std::string category;            // from classification.config
    int priority = 3;                // explicit priority: overrides classtype's
    std::vector<std::pair<std::string, std::string>> references;  // (type, value)
    std::vector<std::pair<std::string, std::string>> metadata;    // (key, value) as written
    enum class Target : uint8_t { None, Src, Dst } target = Target::None;

    std::vector<BufferMatches> buffers;  // in rule order; payload and sticky buffers
    std::vector<HeaderMatch> header_matches;
    FlowOpts flow;
    bool has_flow = false;
    std::vector<Flowbits> flowbits;
    std::vector<Flowint> flowints;
    std::optional<Threshold> threshold;
    std::optional<DetectionFilter> detection_filter;
    std::optional<Tag> tag;
    bool noalert = false;
    bool filestore = false;          // filestore: the files of the matched transaction are kept
    bool prefilter_keyword = false;  // the rule used "prefilter;" on a non-content keyword
    std::vector<std::string> app_layer_protocols;  // app-layer-protocol:<name>[,final], each; "!" prefix kept

    std::vector<std::string> variables;  // byte_extract/byte_math names; IntOrVar::var indexes here

    // Added by rules/ (see rules/NOTES.md):
    std::vector<StreamSize> stream_sizes;
    std::vector<AppLayerCheck> app_checks;

    bool is_payload_rule() const;        // has at least one payload-buffer match
};

}  // namespace vigie::rules
