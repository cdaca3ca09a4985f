#include "store/eve_alert.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "store/eve_app_fields.h"

namespace vigie::store {

namespace {

using nlohmann::json;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool num(std::string_view s, size_t pos, size_t len, int& out) {
    if (pos + len > s.size()) return false;
    auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return ec == std::errc() && p == s.data() + pos + len;
}

std::optional<std::string> opt_str(const json& o, const char* k) {
    auto it = o.find(k);
    if (it == o.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}
std::optional<int64_t> opt_int(const json& o, const char* k) {
    auto it = o.find(k);
    if (it == o.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<int64_t>();
}

// vigie.source / vigie.target / vigie.attacker_side, written by `vigie run` with
// intel options (output/alert_enrichment.h). Both objects with an ip that are the
// record's src_ip/dest_ip, or nothing.
bool read_vigie_enrichment(const json& v, AlertRow& r) {
    auto s = v.find("source");
    auto t = v.find("target");
    if (s == v.end() || t == v.end() || !s->is_object() || !t->is_object()) return false;
    auto sip = opt_str(*s, "ip");
    auto tip = opt_str(*t, "ip");
    if (!sip || !tip || sip->empty() || tip->empty()) return false;
    // They must name the record's own two addresses: a record edited after Vigie
    // wrote it (addresses rewritten, the vigie object copied along) is looked up again.
    const bool matches = (*sip == r.src_ip && *tip == r.dest_ip) || (*sip == r.dest_ip && *tip == r.src_ip);
    if (!matches) return false;
    r.attacker_ip = *sip;
    r.target_ip = *tip;
    r.attacker_side = opt_str(v, "attacker_side").value_or(*sip == r.src_ip ? "src" : "dest");
    r.side_reason = opt_str(v, "side_reason").value_or("vigie.source of the EVE record");
    r.attacker_country = opt_str(*s, "country").value_or("unknown");
    r.attacker_country_name = opt_str(*s, "country_name").value_or("");
    if (auto asn = opt_int(*s, "asn"); asn && *asn > 0) {
        r.attacker_asn = *asn;
        r.attacker_as_org = opt_str(*s, "as_org").value_or("");
    }
    r.target_org = opt_str(*t, "org").value_or("unknown");
    r.target_sector = opt_str(*t, "sector").value_or("unknown");
    r.target_criticality = opt_str(*t, "criticality").value_or("unknown");
    r.target_asset_cidr = opt_str(*t, "asset_cidr");
    r.enriched_in_eve = true;
    return true;
}

}  // namespace

std::optional<int64_t> parse_eve_time(std::string_view t) {
    int y, mo, d, h, mi, s;
    if (!num(t, 0, 4, y) || t.size() < 19 || t[4] != '-' || !num(t, 5, 2, mo) || t[7] != '-' || !num(t, 8, 2, d) ||
        (t[10] != 'T' && t[10] != ' ') || !num(t, 11, 2, h) || t[13] != ':' || !num(t, 14, 2, mi) || t[16] != ':' ||
        !num(t, 17, 2, s))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
    size_t pos = 19;
    int64_t us = 0;
    if (pos < t.size() && t[pos] == '.') {
        int digits = 0;
        for (++pos; pos < t.size() && t[pos] >= '0' && t[pos] <= '9'; ++pos, ++digits)
            if (digits < 6) us = us * 10 + (t[pos] - '0');
        for (; digits < 6; ++digits) us *= 10;
    }
    int64_t offset_s = 0;
    if (pos < t.size()) {
        if (t[pos] == 'Z') {
            ++pos;
        } else if (t[pos] == '+' || t[pos] == '-') {
            int oh, om;
            const bool colon = pos + 3 < t.size() && t[pos + 3] == ':';
            if (!num(t, pos + 1, 2, oh) || !num(t, pos + (colon ? 4 : 3), 2, om)) return std::nullopt;
            offset_s = (oh * 3600 + om * 60) * (t[pos] == '-' ? -1 : 1);
            pos += colon ? 6 : 5;
        }
    }
    if (pos != t.size()) return std::nullopt;
    const int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                         h * 3600 + mi * 60 + s - offset_s;
    return secs * 1000000 + us;
}

std::string month_of(int64_t ts_us) {
    // civil_from_days, month precision.
    int64_t z = (ts_us >= 0 ? ts_us / 1000000 : (ts_us - 999999) / 1000000);
    z = (z >= 0 ? z / 86400 : (z - 86399) / 86400) + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u", static_cast<long long>(y), m);
    return buf;
}

Result<std::optional<AlertRow>> parse_eve_alert(std::string_view line) {
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return make_error("not JSON");
    if (!j.is_object()) return make_error("not a JSON object");
    auto et = opt_str(j, "event_type");
    if (!et) return make_error("no event_type");
    if (*et != "alert") return std::optional<AlertRow>{};
    auto a = j.find("alert");
    if (a == j.end() || !a->is_object()) return make_error("alert record without an alert object");

    AlertRow r;
    auto ts = opt_str(j, "timestamp");
    if (!ts) return make_error("alert without timestamp");
    auto t = parse_eve_time(*ts);
    if (!t) return make_error("bad timestamp '" + *ts + "'");
    r.ts = *t;
    r.timestamp = *ts;
    r.month = month_of(r.ts);
    auto sid = opt_int(*a, "signature_id");
    if (!sid) return make_error("alert without alert.signature_id");
    r.sid = *sid;
    r.gid = opt_int(*a, "gid").value_or(1);
    r.rev = opt_int(*a, "rev");
    r.severity = opt_int(*a, "severity");
    r.signature = opt_str(*a, "signature").value_or("");
    r.category = opt_str(*a, "category").value_or("");
    r.pcap_cnt = opt_int(j, "pcap_cnt").value_or(-1);
    if (auto it = j.find("flow_id"); it != j.end() && it->is_number_unsigned())
        r.flow_id = static_cast<int64_t>(it->get<uint64_t>());
    else
        r.flow_id = opt_int(j, "flow_id").value_or(0);
    r.src_ip = opt_str(j, "src_ip").value_or("");
    r.dest_ip = opt_str(j, "dest_ip").value_or("");
    r.src_port = opt_int(j, "src_port");
    r.dest_port = opt_int(j, "dest_port");
    r.proto = opt_str(j, "proto").value_or("");
    r.app_proto = opt_str(j, "app_proto");
    read_app_fields(j, r);

    if (auto v = j.find("vigie"); v != j.end() && v->is_object()) {
        if (auto ev = v->find("evidence"); ev != v->end() && ev->is_object()) {
            r.evidence_id = opt_str(*ev, "id");
            r.evidence_record_sha256 = opt_str(*ev, "record_sha256");
        }
        if (auto in = v->find("indicator"); in != v->end() && in->is_object()) {
            auto ref = opt_str(*in, "id");
            if (!ref || ref->empty()) return make_error("vigie.indicator without an id");
            AlertRow::Sighting s;
            s.ref = *ref;
            s.feed = opt_str(*in, "feed").value_or("");
            s.kind = opt_str(*in, "kind").value_or("");
            s.value = opt_str(*in, "value").value_or("");
            s.matched = opt_str(*in, "matched").value_or("");
            s.confidence = opt_int(*in, "confidence");
            s.host = opt_str(*in, "host").value_or("");
            r.sighting = std::move(s);
        }
        if (read_vigie_enrichment(*v, r)) return std::optional<AlertRow>{std::move(r)};
    }

    // The attacker side: Suricata names it when the rule has `target:`.
    auto src_obj = a->find("source");
    std::optional<std::string> named_source;
    if (src_obj != a->end() && src_obj->is_object()) named_source = opt_str(*src_obj, "ip");
    if (named_source && !named_source->empty()) {
        r.attacker_ip = *named_source;
        const bool is_src = *named_source == r.src_ip;
        r.attacker_side = is_src ? "src" : "dest";
        r.target_ip = is_src ? r.dest_ip : r.src_ip;
        r.side_reason = "rule target: (EVE alert.source)";
    } else if (r.sighting && !r.sighting->host.empty() && (r.sighting->host == r.src_ip || r.sighting->host == r.dest_ip)) {
        // An indicator alert: the listed end is the attacker, the local end the target.
        const bool host_is_src = r.sighting->host == r.src_ip;
        r.target_ip = r.sighting->host;
        r.attacker_ip = host_is_src ? r.dest_ip : r.src_ip;
        r.attacker_side = host_is_src ? "dest" : "src";
        r.side_reason = "shared indicator: the listed end (vigie.indicator)";
    } else {
        r.attacker_ip = r.src_ip;
        r.target_ip = r.dest_ip;
        r.attacker_side = "src";
        r.side_reason = "default: packet source";
    }
    return std::optional<AlertRow>{std::move(r)};
}

}  // namespace vigie::store
