#include "intel/link_evidence.h"

#include <algorithm>
#include <cstdio>

#include "intel/ip_address.h"

namespace vigie::intel {

namespace {

constexpr size_t kMaxShownValue = 80;  // user agents can be long: a reason stays one line

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// A path segment that is an id rather than a name: 16+ characters of hex, or 24+ of
// base64/url-safe characters with digits in them (session tokens, hashes).
bool is_opaque_segment(std::string_view seg) {
    if (seg.size() >= 16 && std::all_of(seg.begin(), seg.end(), is_hex)) return true;
    if (seg.size() < 24) return false;
    bool digit = false;
    for (char c : seg) {
        const bool alnum = is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alnum && c != '-' && c != '_' && c != '=' && c != '+') return false;
        digit |= is_digit(c);
    }
    return digit;
}

std::string path_pattern(std::string_view path) {
    std::string out;
    size_t pos = 0;
    while (pos < path.size()) {
        const size_t slash = path.find('/', pos);
        const size_t end = slash == std::string_view::npos ? path.size() : slash;
        const std::string_view seg = path.substr(pos, end - pos);
        if (is_opaque_segment(seg)) {
            out += 'X';
        } else {
            for (size_t i = 0; i < seg.size(); ++i) {
                if (!is_digit(seg[i])) out += seg[i];
                else if (i == 0 || !is_digit(seg[i - 1])) out += 'N';
            }
        }
        if (slash == std::string_view::npos) break;
        out += '/';
        pos = slash + 1;
    }
    return out;
}

}  // namespace

bool is_strong(EvidenceKind k) { return k == EvidenceKind::SourceNet || k == EvidenceKind::FileSha256; }
bool can_be_background(EvidenceKind k) { return !is_strong(k) && k != EvidenceKind::Asn; }
bool is_fingerprint(EvidenceKind k) {
    return !is_strong(k) && k != EvidenceKind::Asn && k != EvidenceKind::SignatureSet;
}

std::string_view kind_phrase(EvidenceKind k) {
    switch (k) {
        case EvidenceKind::SourceNet: return "same source network";
        case EvidenceKind::FileSha256: return "same file SHA-256";
        case EvidenceKind::Ja3: return "same JA3";
        case EvidenceKind::Ja4: return "same JA4";
        case EvidenceKind::UserAgent: return "same user agent";
        case EvidenceKind::Domain: return "same domain";
        case EvidenceKind::UriPattern: return "same URI pattern";
        case EvidenceKind::SignatureSet: return "same signature set";
        case EvidenceKind::Asn: return "same ASN";
    }
    return "same";
}

std::string_view kind_tag(EvidenceKind k) {
    switch (k) {
        case EvidenceKind::SourceNet: return "net";
        case EvidenceKind::FileSha256: return "file";
        case EvidenceKind::Ja3: return "ja3";
        case EvidenceKind::Ja4: return "ja4";
        case EvidenceKind::UserAgent: return "ua";
        case EvidenceKind::Domain: return "domain";
        case EvidenceKind::UriPattern: return "uri";
        case EvidenceKind::SignatureSet: return "sids";
        case EvidenceKind::Asn: return "asn";
    }
    return "?";
}

std::optional<std::string> source_network(std::string_view ip) {
    auto a = parse_ip(ip);
    if (!a) return std::nullopt;
    IpAddress net = *a;
    // Keep the first 24 bits of IPv4 (bytes 12..14) or 48 bits of IPv6 (bytes 0..5).
    const size_t keep = a->v4 ? 15 : 6;
    for (size_t i = keep; i < 16; ++i) net.bytes[i] = 0;
    return net.to_string() + (a->v4 ? "/24" : "/48");
}

std::string_view network_phrase(std::string_view network) {
    return network.ends_with("/48") ? "/48" : "/24";
}

std::optional<std::string> uri_pattern(std::string_view url) {
    // A proxy-style absolute URL: keep what follows the authority.
    if (auto scheme = url.find("://"); scheme != std::string_view::npos && scheme < 8) {
        const size_t path = url.find('/', scheme + 3);
        url = path == std::string_view::npos ? std::string_view("/") : url.substr(path);
    }
    const size_t q = url.find('?');
    std::string pattern = path_pattern(url.substr(0, q));
    static constexpr std::string_view kTrivial[] = {"", "/", "/favicon.ico", "/robots.txt", "/index.html",
                                                    "/index.php"};
    if (q == std::string_view::npos &&
        std::find(std::begin(kTrivial), std::end(kTrivial), pattern) != std::end(kTrivial))
        return std::nullopt;
    if (q != std::string_view::npos) {
        std::vector<std::string> names;
        std::string_view query = url.substr(q + 1);
        size_t pos = 0;
        while (pos <= query.size()) {
            size_t amp = query.find('&', pos);
            if (amp == std::string_view::npos) amp = query.size();
            const std::string_view param = query.substr(pos, amp - pos);
            if (!param.empty()) names.emplace_back(param.substr(0, param.find('=')));
            pos = amp + 1;
        }
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        pattern += '?';
        for (size_t i = 0; i < names.size(); ++i) pattern += (i ? "&" : "") + names[i] + "=";
    }
    return pattern;
}

bool meaningful_user_agent(std::string_view ua) {
    while (!ua.empty() && ua.back() == ' ') ua.remove_suffix(1);
    if (ua.size() < 8) return false;
    // "Mozilla/5.0" and friends alone say nothing about the client.
    if (ua.starts_with("Mozilla/") && ua.find(' ') == std::string_view::npos) return false;
    return true;
}

std::optional<std::string> normalize_domain(std::string_view name) {
    while (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (name.empty() || parse_ip(name)) return std::nullopt;
    std::string out(name);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string describe(const std::vector<Evidence>& shared) {
    std::string out;
    for (const auto& e : shared) {
        if (!out.empty()) out += "; ";
        if (e.kind == EvidenceKind::SourceNet) {
            out += "same ";
            out += network_phrase(e.value);
        } else {
            out += kind_phrase(e.kind);
        }
        out += ' ';
        if (e.value.size() > kMaxShownValue) out += e.value.substr(0, kMaxShownValue) + "...";
        else out += e.value;
    }
    return out;
}

}  // namespace vigie::intel
