#include "detect/indicator_inspect.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "app/dns/dns_transaction.h"
#include "app/http/http_transaction.h"

namespace vigie::detect {

namespace {

void add(const IndicatorSet& set, IndicatorPoint point, const IndicatorInfo* hit, std::string_view matched,
         app::Transaction* tx, const IpAddr& host, AlertList& out) {
    Alert a;
    a.rule = &set.rule(point);
    a.internal_id = UINT32_MAX;  // not a compiled rule
    a.tx = tx;
    a.indicator = hit;
    a.indicator_matched.assign(matched);
    a.indicator_host = host;
    out.push_back(std::move(a));
}

std::string_view view(const app::BufferView& b) { return {reinterpret_cast<const char*>(b.data), b.len}; }

bool check_domain(const IndicatorSet& set, app::Transaction& tx, app::BufferId id, IndicatorPoint point,
                  int64_t ts, const IpAddr& host, AlertList& out) {
    app::BufferView b;
    for (uint32_t i = 0; tx.buffer(id, i, b); ++i) {
        const std::string_view name = view(b);  // http.host is the host name alone (no port)
        if (const IndicatorInfo* hit = set.match_domain(name, ts)) {
            add(set, point, hit, name, &tx, host, out);
            return true;  // one alert per transaction and place
        }
    }
    return false;
}

void check_exact(const IndicatorSet& set, app::Transaction& tx, app::BufferId id, IndicatorKind kind,
                 IndicatorPoint point, int64_t ts, const IpAddr& host, AlertList& out) {
    if (!set.has(kind)) return;
    app::BufferView b;
    if (!tx.buffer(id, 0, b)) return;
    std::string_view v = view(b);
    std::string hex;  // certificate fingerprints come as "aa:bb:..."; indicators are plain hex
    if (kind == IndicatorKind::X509Sha1) {
        for (char c : v)
            if (c != ':') hex.push_back((c >= 'A' && c <= 'F') ? static_cast<char>(c + 32) : c);
        v = hex;
    }
    if (const IndicatorInfo* hit = set.match_exact(kind, v, ts)) add(set, point, hit, v, &tx, host, out);
}

void check_http(const IndicatorSet& set, app::Transaction& tx, int64_t ts, const Flow& flow, AlertList& out) {
    const IpAddr& host = flow.client;
    const uint16_t server_port = flow.server_port;
    check_domain(set, tx, app::BufferId::HttpHost, IndicatorPoint::HttpHost, ts, host, out);
    app::BufferView host_name, uri;
    if (set.has(IndicatorKind::Url) && tx.buffer(app::BufferId::HttpUriRaw, 0, uri)) {
        std::string url;
        const std::string_view u = view(uri);
        if (u.size() > 7 && (u[0] == 'h' || u[0] == 'H') && u.substr(4, 3) == "://") {
            // Absolute form (proxy requests): scheme and authority lower-cased, as indicators are.
            const size_t path = std::min(u.find('/', 7), u.size());
            for (char c : u.substr(0, path)) url.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
            url.append(path < u.size() ? u.substr(path) : std::string_view("/"));
        } else if (tx.buffer(app::BufferId::HttpHost, 0, host_name)) {
            url = "http://";
            for (char c : view(host_name)) url.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
            if (server_port != 80) url += ":" + std::to_string(server_port);
            url.append(u);
        }
        if (!url.empty())
            if (const IndicatorInfo* hit = set.match_exact(IndicatorKind::Url, url, ts))
                add(set, IndicatorPoint::Url, hit, url, &tx, host, out);
    }
    const auto* http = dynamic_cast<const app::HttpTransaction*>(&tx);
    if (!http || !http->response_file) return;
    const auto& f = *http->response_file;
    const std::pair<IndicatorKind, const std::string*> digests[] = {
        {IndicatorKind::Sha256, &f.sha256()}, {IndicatorKind::Sha1, &f.sha1()}, {IndicatorKind::Md5, &f.md5()}};
    for (const auto& [kind, digest] : digests) {
        if (digest->empty() || !set.has(kind)) continue;
        if (const IndicatorInfo* hit = set.match_exact(kind, *digest, ts)) {
            add(set, IndicatorPoint::FileHash, hit, *digest, &tx, host, out);
            return;
        }
    }
}

}  // namespace

void inspect_addresses(const IndicatorSet& set, const Packet& p, const Flow* flow, AlertList& out) {
    if (!set.has(IndicatorKind::Ip) || !p.ip_version) return;
    const IpAddr& a = flow ? flow->client : p.src;
    const IpAddr& b = flow ? flow->server : p.dst;
    const uint16_t cport = flow ? flow->client_port : p.sp;
    const uint16_t sport = flow ? flow->server_port : p.dp;
    const int64_t ts = p.ts.usec_total();
    if (const IndicatorInfo* hit = set.match_ip(a, ts, cport, sport))
        add(set, IndicatorPoint::Address, hit, a.to_string(), nullptr, b, out);
    if (const IndicatorInfo* hit = set.match_ip(b, ts, cport, sport))
        add(set, IndicatorPoint::Address, hit, b.to_string(), nullptr, a, out);
}

void inspect_transaction(const IndicatorSet& set, app::Transaction& tx, int64_t ts, const Flow& flow,
                         AlertList& out) {
    const IpAddr& host = flow.client;
    switch (tx.proto()) {
        case app::AppProto::Dns: {
            // Each DNS message is a transaction: a response repeats its request's
            // name, so it is checked only when its request was not seen.
            const auto* dns = dynamic_cast<const app::DnsTransaction*>(&tx);
            if (dns && !dns->is_request() && dns->request_tx_id) break;
            if (set.has(IndicatorKind::Domain))
                check_domain(set, tx, app::BufferId::DnsQuery, IndicatorPoint::DnsQuery, ts, host, out);
            break;
        }
        case app::AppProto::Tls:
            if (set.has(IndicatorKind::Domain))
                check_domain(set, tx, app::BufferId::TlsSni, IndicatorPoint::TlsSni, ts, host, out);
            check_exact(set, tx, app::BufferId::Ja3Hash, IndicatorKind::Ja3, IndicatorPoint::Ja3, ts, host, out);
            check_exact(set, tx, app::BufferId::TlsCertFingerprint, IndicatorKind::X509Sha1, IndicatorPoint::Certificate,
                        ts, host, out);
            break;
        case app::AppProto::Http:
            check_http(set, tx, ts, flow, out);
            break;
        default:
            break;
    }
}

}  // namespace vigie::detect
