// Indicator: one piece of shared threat intelligence as Vigie keeps it, whatever
// format it came in (STIX 2.1 bundle, MISP event, plain list). Parsers in this
// folder produce these; the store keeps them; the CLI turns them into the
// detection stage's plain input (detect/indicator_set.h), which knows nothing of
// STIX or MISP.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigie::intel {

// What an observable value is compared with. Names are the ones written in the
// store, plain lists and docs/intel.md.
enum class ObservableKind : uint8_t { Ip, Domain, Url, Md5, Sha1, Sha256, Ja3, X509Sha1 };

const char* kind_name(ObservableKind k);
std::optional<ObservableKind> kind_from_name(std::string_view name);

// One detectable condition: a value (normalised: lower-case hex, lower-case domain,
// canonical CIDR) with optional port constraints from the same STIX comparison
// expression (`[ipv4-addr:value = 'x' AND network-traffic:dst_port = 443]`).
struct Observable {
    ObservableKind kind = ObservableKind::Ip;
    std::string value;
    int32_t src_port = -1;  // -1: any
    int32_t dst_port = -1;
    bool operator==(const Observable&) const = default;
};

struct Indicator {
    std::string ref;           // STIX id, "misp:<attribute uuid>" or "plain:<type>:<value>"
    std::string name;
    std::string pattern;       // the STIX pattern, MISP "type=value", or the list line
    std::string modified;      // STIX modified / MISP timestamp; newer versions replace older ones
    int confidence = -1;       // 0..100; -1 when the source gives none
    int64_t valid_from = 0;    // UTC microseconds; 0 = no lower bound
    int64_t valid_until = 0;   // UTC microseconds; 0 = no upper bound
    bool revoked = false;
    // Any one of these alone is a match (the pattern's top-level ORs).
    std::vector<Observable> observables;
};

// A problem with one object of an input: which object (STIX id, MISP attribute
// uuid, list line) and why. Errors mean the object was skipped; warnings mean part
// of it was not used (an unsupported pattern branch) and the rest was.
struct ImportIssue {
    std::string where;
    std::string message;
    bool error = true;
    std::string to_string() const;
};

struct ImportResult {
    std::string format;        // "stix", "misp" or "plain"
    std::vector<Indicator> indicators;
    std::vector<ImportIssue> issues;
    uint64_t objects = 0;      // objects read (indicators, attributes, lines with content)
    uint64_t skipped = 0;      // objects deliberately not used (to_ids false, deleted, not an indicator)
};

// Checks and normalises one value of a kind: "1.2.3.0/24" (host bits cleared), a
// domain (lower-case, trailing dot dropped, labels checked), a URL (scheme and host
// lower-cased), hex digests of the right length (lower-cased). Error text says why.
struct NormalisedValue {
    std::string value;
    std::string error;  // empty when valid
};
NormalisedValue normalise_value(ObservableKind kind, std::string_view text);

// RFC 3339 timestamp ("2016-04-06T20:03:48.123Z", offsets allowed) to UTC microseconds.
std::optional<int64_t> parse_rfc3339(std::string_view text);
// UTC microseconds to "YYYY-MM-DDTHH:MM:SS.mmmZ" (STIX's timestamp form).
std::string format_rfc3339(int64_t usec);

}  // namespace vigie::intel
