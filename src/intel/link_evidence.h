// The evidence that links incidents into campaigns: what kinds there are, how
// strong each is, and how a raw alert field becomes a comparable value (a source
// address becomes its /24 or /48, a URL its pattern, a host name lower case).
// docs/store.md explains each rule and why.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::intel {

// Order matters: it is the order reasons are written in.
enum class EvidenceKind : uint8_t { SourceNet, FileSha256, Ja3, Ja4, UserAgent, Domain, UriPattern, SignatureSet, Asn };

// Strong evidence links two incidents on its own; weak evidence only when the two
// incidents share at least two different weak kinds, one of them a fingerprint of
// the attacker's tooling (JA3, JA4, user agent, domain, URI pattern). ASN and
// signature set are context: alone, or together, they would merge every scanner
// one big provider hosts.
bool is_strong(EvidenceKind k);
bool is_fingerprint(EvidenceKind k);
// Weak evidence that the background rule applies to: all but the ASN.
bool can_be_background(EvidenceKind k);

// Weak evidence seen from more source networks than this is background, not the
// mark of one actor: a TLS library's JA3, a browser's user agent, a path every
// scanner tries, the target's own host name, the rules every scan trips. It is left
// out of linking. (Not the ASN: it spans many networks by nature.)
inline constexpr size_t kCommonEvidenceNetworks = 50;
// "same /24", "same JA3", ... as written in a link's reason.
std::string_view kind_phrase(EvidenceKind k);
// "ja3", "ua", ... the short tag used in campaign labels.
std::string_view kind_tag(EvidenceKind k);

struct Evidence {
    EvidenceKind kind;
    std::string value;
    auto operator<=>(const Evidence&) const = default;
};

// "203.0.113.0/24" for an IPv4 source, "2001:db8:1::/48" for IPv6; nullopt when unparsable.
std::optional<std::string> source_network(std::string_view ip);
// The source network's prefix length as text ("/24" or "/48") for a network from source_network().
std::string_view network_phrase(std::string_view network);
// A URL's shape: the path with digit runs as "N" and long hex/base64-like segments as
// "X", then the sorted query parameter names ("/item/N.php?id=&s="). nullopt for
// trivial paths everyone requests ("/", "/favicon.ico", "/robots.txt", "/index.html").
std::optional<std::string> uri_pattern(std::string_view url);
// A user agent worth comparing: at least 8 characters and not a bare "Mozilla/x.y".
bool meaningful_user_agent(std::string_view ua);
// Lower case, no trailing dot; nullopt for an IP literal or an empty name.
std::optional<std::string> normalize_domain(std::string_view name);

// "same JA3 e7d7...; same /24 203.0.113.0/24" from a list of shared evidence.
std::string describe(const std::vector<Evidence>& shared);

}  // namespace vigie::intel
