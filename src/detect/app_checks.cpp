#include "detect/app_checks.h"

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "app/dns/dns_transaction.h"
#include "app/http/http_transaction.h"
#include "app/tls/tls_transaction.h"
#include "detect/rule_compiler.h"
#include "rules/text_util.h"

namespace vigie::detect {

namespace {

using K = CompiledCheck::Kind;
using app::AppProto;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c + 32);
    return out;
}

// `needle` is lower case already.
// `needle` must be lower case.
bool icontains(std::string_view hay, std::string_view needle) {
    if (needle.size() > hay.size()) return false;
    auto low = [](char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; };
    for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        size_t k = 0;
        while (k < needle.size() && low(hay[i + k]) == needle[k]) ++k;
        if (k == needle.size()) return true;
    }
    return false;
}

// "!"-prefixed, then an optionally quoted string.
bool text_arg(const rules::AppLayerCheck& c, std::string* out) {
    std::string_view v = c.arg;
    if (!v.empty() && v[0] == '!') v = rules::trim(v.substr(1));
    auto s = rules::unquote(v, false);
    if (!s || s->empty()) return false;
    *out = *s;
    return true;
}

// tls.version: "1.0".."1.3", or a number ("0x0303").
bool tls_version_value(std::string_view v, uint32_t* out) {
    if (v == "1.0") *out = 0x0301;
    else if (v == "1.1") *out = 0x0302;
    else if (v == "1.2") *out = 0x0303;
    else if (v == "1.3") *out = 0x0304;
    else if (auto n = rules::parse_u64(v, true); n && *n <= 0xffff) *out = uint32_t(*n);
    else return false;
    return true;
}

// ssl_version bits, in the order of kSslVersions.
constexpr std::pair<std::string_view, uint16_t> kSslVersions[] = {
    {"sslv2", 0x0002}, {"sslv3", 0x0300}, {"tls1.0", 0x0301}, {"tls1.1", 0x0302}, {"tls1.2", 0x0303}, {"tls1.3", 0x0304},
};
constexpr std::string_view kSslStates[] = {"client_hello", "server_hello", "client_keyx", "server_keyx", "unknown"};

std::string load_hash_list(const rules::AppLayerCheck& c, const rules::Rule& r, CompileContext& ctx,
                           CompiledCheck* out) {
    std::string name;
    if (!text_arg(c, &name)) return "keyword " + c.name + " needs a file name";
    namespace fs = std::filesystem;
    fs::path path(name);
    if (path.is_relative() && !r.file.empty()) path = fs::path(r.file).parent_path() / path;
    const std::string key = path.string() + "#" + c.name;
    auto& slot = ctx.hash_lists[key];
    if (!slot) {
        auto list = std::make_shared<HashList>();
        list->size = c.name == "filemd5" ? 16 : c.name == "filesha1" ? 20 : 32;
        std::ifstream in(path);
        if (!in) return "keyword " + c.name + ": cannot read " + path.string();
        std::string line;
        while (std::getline(in, line)) {
            std::string_view t = rules::trim(line);
            if (t.empty() || t[0] == '#') continue;
            t = t.substr(0, t.find_first_of(" \t"));  // a hash, maybe followed by a comment
            if (t.size() != size_t(list->size) * 2) continue;
            std::string raw;
            bool ok = true;
            for (size_t i = 0; i < t.size() && ok; i += 2) {
                auto hv = [](char ch) {
                    if (ch >= '0' && ch <= '9') return ch - '0';
                    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
                    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
                    return -1;
                };
                int hi = hv(t[i]), lo = hv(t[i + 1]);
                ok = hi >= 0 && lo >= 0;
                raw.push_back(char(hi * 16 + lo));
            }
            if (ok) list->hashes.push_back(std::move(raw));
        }
        std::sort(list->hashes.begin(), list->hashes.end());
        list->hashes.erase(std::unique(list->hashes.begin(), list->hashes.end()), list->hashes.end());
        slot = std::move(list);
    }
    out->hashes = slot;
    return {};
}

// The transaction's file on this side: HTTP bodies are the only files Vigie tracks.
bool file_data(const app::Transaction& tx, bool to_server, app::BufferView& out) {
    return tx.buffer_dir(app::BufferId::FileData, to_server, 0, out) && out.len > 0;
}

bool file_name(const app::Transaction& tx, bool to_server, std::string_view* name) {
    app::BufferView body, n;
    if (!file_data(tx, to_server, body)) return false;
    if (!tx.buffer_dir(app::BufferId::FileName, to_server, 0, n)) return false;
    *name = std::string_view(reinterpret_cast<const char*>(n.data), n.len);
    return true;
}

}  // namespace

bool HashList::contains(std::string_view digest) const {
    auto it = std::lower_bound(hashes.begin(), hashes.end(), digest,
                               [](const std::string& h, std::string_view d) { return std::string_view(h) < d; });
    return it != hashes.end() && *it == digest;
}

std::string compile_check(const rules::AppLayerCheck& c, const rules::Rule& r, CompileContext& ctx,
                          CompiledCheck* out) {
    out->negated = c.negated;
    out->cmp = c.cmp;
    const std::string& n = c.name;
    if (n == "urilen") {
        out->kind = K::UriLen;
        out->proto = AppProto::Http;
        out->sides = kToServer;
        out->negated = false;  // the comparison carries it
        out->raw = c.arg.find(",raw") != std::string::npos || c.arg.find(", raw") != std::string::npos;
    } else if (n == "dns.opcode" || n == "dns.rcode") {
        out->kind = n == "dns.opcode" ? K::DnsOpcode : K::DnsRcode;
        out->proto = AppProto::Dns;
        out->negated = false;
    } else if (n == "dns.rrtype") {
        out->kind = K::DnsRrtype;
        out->proto = AppProto::Dns;
        out->negated = false;
        auto items = rules::split_args(c.arg);
        if (items.size() == 2) {
            const std::string_view w = rules::trim(items[1]);
            if (w == "all") out->which = CompiledCheck::Which::All;
            else if (w != "any") {
                auto i = rules::parse_i64(w);
                if (!i || *i < -65536 || *i > 65535) return "dns.rrtype: bad index '" + std::string(w) + "'";
                out->which = CompiledCheck::Which::Index;
                out->index = int32_t(*i);
            }
        }
    } else if (n == "tls_cert_notbefore" || n == "tls_cert_notafter") {
        out->kind = n == "tls_cert_notbefore" ? K::TlsNotBefore : K::TlsNotAfter;
        out->proto = AppProto::Tls;
        out->sides = kToClient;
        // <date, >date, date (equal), date<>date (between, exclusive)
        std::string_view a = rules::trim(c.arg);
        rules::UintCmp cmp;
        std::optional<int64_t> t0, t1;
        if (auto r = a.find("<>"); r != std::string_view::npos) {
            cmp.op = rules::UintCmp::Op::RangeExclusive;
            t0 = parse_cert_date(rules::trim(a.substr(0, r)));
            t1 = parse_cert_date(rules::trim(a.substr(r + 2)));
        } else if (!a.empty() && (a[0] == '<' || a[0] == '>')) {
            cmp.op = a[0] == '<' ? rules::UintCmp::Op::Lt : rules::UintCmp::Op::Gt;
            t0 = t1 = parse_cert_date(rules::trim(a.substr(1)));
        } else {
            cmp.op = rules::UintCmp::Op::Eq;
            t0 = t1 = parse_cert_date(a);
        }
        if (!t0 || !t1) return n + ": invalid date '" + c.arg + "'";
        out->cmp = cmp;
        out->date_a = *t0;
        out->date_b = *t1;
        out->negated = false;
    } else if (n == "tls.version") {
        out->kind = K::TlsVersion;
        out->proto = AppProto::Tls;
        std::string v;
        if (!text_arg(c, &v) || !tls_version_value(rules::trim(v), &out->value))
            return "tls.version: unknown version '" + c.arg + "'";
    } else if (n == "ssl_version") {
        out->kind = K::SslVersion;
        out->proto = AppProto::Tls;
        // "sslv3,tls1.0" any of; "!sslv2" none of (Suricata: each item may be negated).
        for (auto item : rules::split_args(c.arg)) {
            item = rules::trim(item);
            bool neg = !item.empty() && item[0] == '!';
            if (neg) item.remove_prefix(1);
            const std::string name = lower(item);
            bool known = false;
            for (size_t i = 0; i < std::size(kSslVersions); ++i)
                if (kSslVersions[i].first == name) {
                    out->value |= 1u << (i + (neg ? 8 : 0));
                    known = true;
                }
            if (!known) return "ssl_version: unknown version '" + std::string(item) + "'";
        }
        out->negated = false;
    } else if (n == "ssl_state") {
        out->kind = K::SslState;
        out->proto = AppProto::Tls;
        for (auto item : rules::split_args(c.arg, '|')) {
            item = rules::trim(item);
            bool neg = !item.empty() && item[0] == '!';
            if (neg) item.remove_prefix(1);
            bool known = false;
            for (size_t i = 0; i < std::size(kSslStates); ++i)
                if (kSslStates[i] == item) {
                    out->value |= 1u << (i + (neg ? 8 : 0));
                    known = true;
                }
            if (!known) return "ssl_state: unknown state '" + std::string(item) + "'";
        }
        out->negated = false;
    } else if (n == "tls.subject" || n == "tls.issuerdn" || n == "tls.fingerprint") {
        out->kind = n == "tls.subject" ? K::TlsSubject : n == "tls.issuerdn" ? K::TlsIssuer : K::TlsFingerprint;
        out->proto = AppProto::Tls;
        out->sides = kToClient;
        if (!text_arg(c, &out->text)) return n + ": needs a value";
        if (out->kind == K::TlsFingerprint) out->text = lower(out->text);
    } else if (n == "tls_cert_expired" || n == "tls_cert_valid") {
        out->kind = n == "tls_cert_expired" ? K::TlsCertExpired : K::TlsCertValid;
        out->proto = AppProto::Tls;
        out->sides = kToClient;
    } else if (n == "tls.cert_chain_len") {
        out->kind = K::TlsChainLen;
        out->proto = AppProto::Tls;
        out->sides = kToClient;
        out->negated = false;
    } else if (n == "tls.store") {
        out->kind = K::TlsStore;
        out->proto = AppProto::Tls;
    } else if (n == "filename" || n == "fileext") {
        out->kind = n == "filename" ? K::FileName : K::FileExt;
        out->proto = AppProto::Http;
        if (!text_arg(c, &out->text)) return n + ": needs a value";
        out->text = lower(out->text);
        if (out->kind == K::FileExt) out->text = "." + out->text;
    } else if (n == "filemagic") {
        // Legacy form of file.magic + content: a case-insensitive substring of
        // libmagic's description, as rules write it ("PDF document", "PE32").
        out->kind = K::FileMagic;
        out->proto = AppProto::Http;
        if (!text_arg(c, &out->text)) return n + ": needs a value";
        out->text = lower(out->text);  // icontains wants a lower-case needle
    } else if (n == "filesize") {
        out->kind = K::FileSize;
        out->proto = AppProto::Http;
        out->negated = false;
    } else if (n == "filemd5" || n == "filesha1" || n == "filesha256") {
        out->kind = K::FileHash;
        out->proto = AppProto::Http;
        if (auto why = load_hash_list(c, r, ctx, out); !why.empty()) return why;
    } else if (n == "filestore") {
        out->kind = K::FileStore;  // storing is the output stage's business; as a condition it always holds
    } else if (n == "app-layer-event") {
        std::string_view ev = rules::trim(c.arg);
        if (!ev.empty() && ev[0] == '!') return "app-layer-event: negation not supported";
        out->text = std::string(ev);
        if (ev == "dns.z_flag_set") {
            out->kind = K::DnsZFlag;
            out->proto = AppProto::Dns;
            return {};
        }
        for (unsigned i = 0; i < unsigned(app::HttpEvent::Count); ++i)
            if (app::http_event_name(app::HttpEvent(i)) == ev) {
                out->kind = K::HttpEvent;  // kept on the transaction
                out->proto = AppProto::Http;
                out->value = i;
                return {};
            }
        // Other events of the parsed protocols: matched on the events the packet raised.
        const std::string_view proto = ev.substr(0, ev.find('.'));
        out->proto = app_proto_from_name(proto);
        if (ev.find('.') == std::string_view::npos || out->proto == AppProto::Unknown ||
            out->proto == AppProto::Failed)
            return "app-layer-event " + std::string(ev) + " not available";
        out->kind = K::AppEvent;
    } else {
        return "keyword " + n + " not available";
    }
    return {};
}

std::optional<int64_t> parse_cert_date(std::string_view s) {
    // YYYY[-MM[-DD[THH[:MM[:SS]]]]], UTC
    int f[6] = {0, 1, 1, 0, 0, 0};
    const char seps[] = {'-', '-', 'T', ':', ':'};
    size_t pos = 0;
    for (int i = 0; i < 6; ++i) {
        if (i > 0) {
            if (pos == s.size()) break;
            if (s[pos] != seps[i - 1] && !(i == 3 && s[pos] == ' ')) return std::nullopt;
            ++pos;
        }
        const size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start || pos - start > (i == 0 ? 4u : 2u)) return std::nullopt;
        f[i] = std::stoi(std::string(s.substr(start, pos - start)));
    }
    if (pos != s.size() || f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 60)
        return std::nullopt;
    // Days from the civil date (proleptic Gregorian), then seconds.
    int y = f[0], m = f[1];
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + f[2] - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const int64_t days = int64_t(era) * 146097 + doe - 719468;
    return days * 86400 + f[3] * 3600 + f[4] * 60 + f[5];
}

bool eval_check(const CompiledCheck& c, const app::Transaction& tx, const CheckEnv& env) {
    const bool to_server = env.to_server;
    const Timestamp& now = env.now;
    uint64_t v = 0;
    switch (c.kind) {
        case K::AppEvent:
            for (const app::AppEvent& e : env.events)
                if (e.tx_id == tx.tx_id && e.name == c.text) return true;
            return false;
        case K::DnsRrtype: {
            // The query types of a request, the answer types of a response.
            auto* d = dynamic_cast<const app::DnsTransaction*>(&tx);
            if (!d || !c.cmp) return false;
            const auto& m = d->message();
            const size_t n = d->is_request() ? m.queries.size() : m.answers.size();
            auto type_at = [&](size_t i) { return d->is_request() ? m.queries[i].rrtype : m.answers[i].rrtype; };
            if (n == 0) return false;
            switch (c.which) {
                case CompiledCheck::Which::Index: {
                    const int64_t i = c.index >= 0 ? c.index : int64_t(n) + c.index;
                    return i >= 0 && size_t(i) < n && c.cmp->matches(type_at(size_t(i)));
                }
                case CompiledCheck::Which::All:
                    for (size_t i = 0; i < n; ++i)
                        if (!c.cmp->matches(type_at(i))) return false;
                    return true;
                case CompiledCheck::Which::Any:
                    for (size_t i = 0; i < n; ++i)
                        if (c.cmp->matches(type_at(i))) return true;
                    return false;
            }
            return false;
        }
        case K::DnsRcode: {
            auto* d = dynamic_cast<const app::DnsTransaction*>(&tx);
            return d && c.cmp && c.cmp->matches(d->message().header.rcode());
        }
        case K::UriLen:
            return tx.number(c.raw ? app::NumberId::UriLenRaw : app::NumberId::UriLen, v) && c.cmp && c.cmp->matches(v);
        case K::DnsOpcode:
            return tx.number(app::NumberId::DnsOpcode, v) && c.cmp && c.cmp->matches(v);
        case K::FileStore:
        case K::TlsStore:
            return true;
        case K::HttpEvent: {
            auto* h = dynamic_cast<const app::HttpTransaction*>(&tx);
            if (h && h->has_event(app::HttpEvent(c.value))) return true;
            for (const app::AppEvent& e : env.events)
                if (e.tx_id == tx.tx_id && e.name == c.text) return true;
            return false;
        }
        case K::DnsZFlag: {
            auto* d = dynamic_cast<const app::DnsTransaction*>(&tx);
            return d && d->message().header.z();
        }
        case K::FileName:
        case K::FileExt: {
            std::string_view name;
            if (!file_name(tx, to_server, &name)) return false;  // no file: neither way
            bool m = c.kind == K::FileName ? icontains(name, c.text)
                                           : name.size() >= c.text.size() &&
                                                 icontains(name.substr(name.size() - c.text.size()), c.text);
            return m != c.negated;
        }
        case K::FileMagic: {
            app::BufferView magic;
            if (!tx.buffer_dir(app::BufferId::FileMagic, to_server, 0, magic)) return false;  // no file
            const std::string_view m(reinterpret_cast<const char*>(magic.data), magic.len);
            return icontains(m, c.text) != c.negated;
        }
        case K::FileSize: {
            app::BufferView body;
            if (tx.number(app::NumberId::FileSize, v)) return c.cmp && c.cmp->matches(v);
            return file_data(tx, to_server, body) && c.cmp && c.cmp->matches(body.len);
        }
        case K::FileHash: {
            app::BufferView body;
            if (!file_data(tx, to_server, body) || !c.hashes) return false;
            const EVP_MD* md = c.hashes->size == 16 ? EVP_md5() : c.hashes->size == 20 ? EVP_sha1() : EVP_sha256();
            unsigned char d[EVP_MAX_MD_SIZE];
            unsigned int len = 0;
            if (EVP_Digest(body.data, body.len, d, &len, md, nullptr) != 1) return false;
            const bool in = c.hashes->contains(std::string_view(reinterpret_cast<const char*>(d), len));
            return in != c.negated;
        }
        default:
            break;
    }
    auto* t = dynamic_cast<const app::TlsTransaction*>(&tx);
    if (!t) return false;
    const app::TlsCert* leaf = t->leaf();
    switch (c.kind) {
        case K::TlsVersion: {
            const uint16_t ver = to_server ? t->client_version : t->version();
            return ver != 0 && (ver == c.value) != c.negated;
        }
        case K::SslVersion: {
            const uint16_t ver = t->version();
            if (ver == 0) return false;
            uint32_t bit = 0;
            for (size_t i = 0; i < std::size(kSslVersions); ++i)
                if (kSslVersions[i].second == ver) bit = 1u << i;
            if (c.value & (bit << 8)) return false;      // explicitly excluded
            if ((c.value & 0xff) == 0) return true;       // only exclusions given
            return (c.value & bit) != 0;
        }
        case K::SslState: {
            uint32_t have = 0;
            if (t->client_hello_seen) have |= 1;
            if (t->server_hello_seen) have |= 2;
            if (t->client_encrypted) have |= 4;
            if (t->server_hello_seen && !t->server_certs.empty()) have |= 8;
            if (c.value & (have << 8)) return false;
            if ((c.value & 0xff) == 0) return have != 0;
            return (c.value & have) != 0;
        }
        case K::TlsSubject:
        case K::TlsIssuer:
        case K::TlsFingerprint: {
            if (!leaf || !leaf->decoded) return false;
            const std::string& field = c.kind == K::TlsSubject ? leaf->subject
                                       : c.kind == K::TlsIssuer ? leaf->issuer
                                                                : leaf->fingerprint;
            const bool m = c.kind == K::TlsFingerprint ? icontains(field, c.text)
                                                       : field.find(c.text) != std::string::npos;
            return m != c.negated;
        }
        case K::TlsCertExpired:
            return leaf && leaf->decoded && leaf->not_after < now.sec;
        case K::TlsCertValid:
            return leaf && leaf->decoded && leaf->not_before <= now.sec && now.sec <= leaf->not_after;
        case K::TlsNotBefore:
        case K::TlsNotAfter: {
            if (!leaf || !leaf->decoded || !c.cmp) return false;
            const int64_t t = c.kind == K::TlsNotBefore ? leaf->not_before : leaf->not_after;
            switch (c.cmp->op) {
                case rules::UintCmp::Op::Lt: return t < c.date_a;
                case rules::UintCmp::Op::Gt: return t > c.date_a;
                case rules::UintCmp::Op::RangeExclusive: return t > c.date_a && t < c.date_b;
                default: return t == c.date_a;
            }
        }
        case K::TlsChainLen:
            return !t->server_certs.empty() && c.cmp && c.cmp->matches(t->server_certs.size());
        default:
            return false;
    }
}

}  // namespace vigie::detect
