#include "intel/indicator.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>

#include "common/ip_addr.h"

namespace vigie::intel {

namespace {

constexpr const char* kKindNames[] = {"ip", "domain", "url", "md5", "sha1", "sha256", "ja3", "x509-sha1"};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

NormalisedValue bad(std::string why) { return {{}, std::move(why)}; }

NormalisedValue normalise_cidr(std::string_view text) {
    const size_t slash = text.find('/');
    auto ip = IpAddr::parse(text.substr(0, slash));
    if (!ip) return bad("'" + std::string(text) + "' is not an IP address");
    const unsigned max_len = ip->is_v4() ? 32 : 128;
    unsigned len = max_len;
    if (slash != std::string_view::npos) {
        const std::string_view p = text.substr(slash + 1);
        auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), len);
        if (ec != std::errc() || end != p.data() + p.size() || p.empty() || len > max_len)
            return bad("'" + std::string(text) + "': bad prefix length");
    }
    // Host bits cleared, so "10.1.2.3/8" and "10.0.0.0/8" are one indicator value.
    for (unsigned bit = len; bit < max_len; ++bit) ip->bytes[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
    std::string out = ip->to_string();
    if (len != max_len) out += "/" + std::to_string(len);
    return {out, {}};
}

NormalisedValue normalise_domain(std::string_view text) {
    std::string d = lower(text);
    if (!d.empty() && d.back() == '.') d.pop_back();
    if (d.empty() || d.size() > 253) return bad("'" + std::string(text) + "' is not a domain name (length)");
    size_t label = 0;
    for (char c : d) {
        if (c == '.') {
            if (label == 0) return bad("'" + std::string(text) + "' is not a domain name (empty label)");
            label = 0;
            continue;
        }
        // Letters, digits, '-', '_' (seen in real DNS names, e.g. SRV and DGA names).
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            return bad("'" + std::string(text) + "' is not a domain name (character '" + std::string(1, c) + "')");
        if (++label > 63) return bad("'" + std::string(text) + "' is not a domain name (label over 63 bytes)");
    }
    if (label == 0) return bad("'" + std::string(text) + "' is not a domain name (empty label)");
    return {d, {}};
}

NormalisedValue normalise_url(std::string_view text) {
    const size_t scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0)
        return bad("'" + std::string(text) + "' is not a URL (no scheme://)");
    for (char c : text)
        if (static_cast<unsigned char>(c) <= 0x20) return bad("'" + std::string(text) + "' is not a URL (space or control)");
    const size_t host_begin = scheme_end + 3;
    size_t host_end = text.find_first_of("/?#", host_begin);
    if (host_end == std::string_view::npos) host_end = text.size();
    if (host_end == host_begin) return bad("'" + std::string(text) + "' is not a URL (no host)");
    // Scheme and host are case-insensitive; the path is not. A bare host gets "/", as
    // an HTTP request line always carries a path.
    std::string out = lower(text.substr(0, host_end));
    const std::string scheme = out.substr(0, scheme_end);
    if (scheme == "http" && out.size() > 3 && out.ends_with(":80")) out.resize(out.size() - 3);
    if (scheme == "https" && out.size() > 4 && out.ends_with(":443")) out.resize(out.size() - 4);
    std::string rest(text.substr(host_end));
    if (rest.empty() || rest[0] != '/') rest.insert(0, "/");
    return {out + rest, {}};
}

NormalisedValue normalise_hex(std::string_view text, size_t hex_len, const char* what) {
    std::string h;
    for (char c : text) {
        if (c == ':') continue;  // certificate fingerprints are often written aa:bb:...
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return bad("'" + std::string(text) + "' is not a " + what + " (non-hex character)");
        h.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (h.size() != hex_len)
        return bad("'" + std::string(text) + "' is not a " + what + " (" + std::to_string(hex_len) + " hex digits expected)");
    return {h, {}};
}

}  // namespace

const char* kind_name(ObservableKind k) { return kKindNames[static_cast<unsigned>(k)]; }

std::optional<ObservableKind> kind_from_name(std::string_view name) {
    for (unsigned i = 0; i < std::size(kKindNames); ++i)
        if (name == kKindNames[i]) return static_cast<ObservableKind>(i);
    return std::nullopt;
}

std::string ImportIssue::to_string() const { return where + ": " + message + (error ? " (skipped)" : ""); }

NormalisedValue normalise_value(ObservableKind kind, std::string_view text) {
    switch (kind) {
        case ObservableKind::Ip: return normalise_cidr(text);
        case ObservableKind::Domain: return normalise_domain(text);
        case ObservableKind::Url: return normalise_url(text);
        case ObservableKind::Md5: return normalise_hex(text, 32, "MD5 digest");
        case ObservableKind::Sha1: return normalise_hex(text, 40, "SHA-1 digest");
        case ObservableKind::Sha256: return normalise_hex(text, 64, "SHA-256 digest");
        case ObservableKind::Ja3: return normalise_hex(text, 32, "JA3 hash");
        case ObservableKind::X509Sha1: return normalise_hex(text, 40, "certificate SHA-1 fingerprint");
    }
    return bad("unknown kind");
}

std::optional<int64_t> parse_rfc3339(std::string_view s) {
    int Y, M, D, h = 0, m = 0, sec = 0;
    int n = 0;
    const std::string str(s);
    if (std::sscanf(str.c_str(), "%4d-%2d-%2d%n", &Y, &M, &D, &n) != 3 || n != 10) return std::nullopt;
    size_t i = 10;
    int64_t frac_us = 0;
    int64_t offset_s = 0;
    if (i < str.size()) {
        if (str[i] != 'T' && str[i] != 't' && str[i] != ' ') return std::nullopt;
        int k = 0;
        if (std::sscanf(str.c_str() + i + 1, "%2d:%2d:%2d%n", &h, &m, &sec, &k) != 3 || k != 8) return std::nullopt;
        i += 9;
        if (i < str.size() && str[i] == '.') {
            int64_t scale = 100000;
            ++i;
            const size_t start = i;
            while (i < str.size() && std::isdigit(static_cast<unsigned char>(str[i]))) {
                frac_us += (str[i] - '0') * scale;
                scale /= 10;
                ++i;
            }
            if (i == start) return std::nullopt;
        }
        if (i < str.size() && (str[i] == 'Z' || str[i] == 'z')) {
            ++i;
        } else if (i < str.size() && (str[i] == '+' || str[i] == '-')) {
            int oh, om, k2 = 0;
            if (std::sscanf(str.c_str() + i + 1, "%2d:%2d%n", &oh, &om, &k2) != 2 || k2 != 5) return std::nullopt;
            offset_s = (oh * 3600 + om * 60) * (str[i] == '+' ? 1 : -1);
            i += 6;
        }
        if (i != str.size()) return std::nullopt;
    }
    if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60) return std::nullopt;
    std::tm tm{};
    tm.tm_year = Y - 1900;
    tm.tm_mon = M - 1;
    tm.tm_mday = D;
    tm.tm_hour = h;
    tm.tm_min = m;
    tm.tm_sec = sec;
    const int64_t t = timegm(&tm) - offset_s;
    return t * 1000000 + frac_us;
}

std::string format_rfc3339(int64_t usec) {
    int64_t sec = usec / 1000000;
    int64_t rem = usec % 1000000;
    if (rem < 0) {
        rem += 1000000;
        --sec;
    }
    const time_t t = static_cast<time_t>(sec);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(rem / 1000));
    return buf;
}

}  // namespace vigie::intel
