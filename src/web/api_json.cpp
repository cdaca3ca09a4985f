#include "web/api_json.h"

#include <cstdio>

#include "common/timestamp.h"

#include "store/alert_list.h"
#include "store/campaign_timeline.h"
#include "store/series_query.h"
#include "store/stats_json.h"
#include "store/stats_query.h"
#include "store/summary_query.h"

namespace vigie::web {

namespace {

Json opt_time(const std::optional<int64_t>& us) { return us ? Json(iso_time(*us)) : Json(nullptr); }

template <typename T>
Json opt(const std::optional<T>& v) {
    return v ? Json(*v) : Json(nullptr);
}

}  // namespace

std::string iso_time(int64_t us) {
    const int64_t secs = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
    const Timestamp t{secs, 0};
    std::string eve = t.to_eve();  // 2024-03-01T12:00:00.000000+0000
    return eve.substr(0, 19) + "Z";
}

Json filter_json(const store::AlertFilter& f) {
    Json j = Json::object();
    if (f.since_us) j["since"] = iso_time(*f.since_us);
    if (f.until_us) j["until"] = iso_time(*f.until_us);
    if (f.country) j["country"] = *f.country;
    if (f.sector) j["sector"] = *f.sector;
    if (f.signature) j["signature"] = *f.signature;
    if (f.campaign_id) j["campaign"] = *f.campaign_id;
    return j;
}

Result<Json> summary_view(store::Db& db, const ViewQuery& q) {
    auto s = store::summarise(db, q.filter);
    if (!s) return make_error(s.error());
    Json j;
    j["filter"] = filter_json(q.filter);
    j["alerts"] = s->alerts;
    j["first_seen"] = opt_time(s->first_us);
    j["last_seen"] = opt_time(s->last_us);
    j["countries"] = s->countries;
    j["signatures"] = s->signatures;
    j["target_orgs"] = s->target_orgs;
    j["captures"] = s->captures;
    j["with_evidence"] = s->with_evidence;
    j["schema_version"] = s->schema_version;
    j["campaigns_available"] = s->has_campaigns;
    j["campaigns"] = s->campaigns;
    return j;
}

Result<Json> stats_view(store::Db& db, const ViewQuery& q) {
    store::StatsQuery sq;
    sq.by = q.by;
    sq.where = q.filter;
    auto t = store::run_stats(db, sq);
    if (!t) return make_error(t.error());
    Json j;
    j["by"] = q.by;
    j["filter"] = filter_json(q.filter);
    j["total_rows"] = t->rows.size();
    Json rows = store::stats_rows_json(*t);
    if (rows.size() > static_cast<size_t>(q.limit)) rows.erase(rows.begin() + q.limit, rows.end());
    j["rows"] = std::move(rows);
    return j;
}

Result<Json> series_view(store::Db& db, const ViewQuery& q) {
    auto s = store::monthly_series(db, q.by, q.filter, q.top);
    if (!s) return make_error(s.error());
    Json j;
    j["by"] = q.by;
    j["filter"] = filter_json(q.filter);
    j["months"] = s->months;
    Json lines = Json::array();
    for (const auto& l : s->lines) lines.push_back({{"key", l.key}, {"total", l.total}, {"counts", l.counts}});
    j["series"] = std::move(lines);
    j["folded_keys"] = s->folded;
    return j;
}

Result<Json> campaigns_view(store::Db& db, const ViewQuery& q) {
    auto c = store::campaign_timeline(db, q.filter, q.limit);
    if (!c) return make_error(c.error());
    Json j;
    j["filter"] = filter_json(q.filter);
    j["available"] = c->available;
    j["note"] = c->note;
    Json rows = Json::array();
    for (const auto& r : c->campaigns)
        rows.push_back({{"id", r.id},
                        {"label", r.label},
                        {"first_seen", iso_time(r.first_seen)},
                        {"last_seen", iso_time(r.last_seen)},
                        {"first_seen_us", r.first_seen},
                        {"last_seen_us", r.last_seen},
                        {"alerts_total", r.alerts_total},
                        {"incidents", r.incidents},
                        {"alerts", r.alerts},
                        {"first_match_us", r.first_match},
                        {"last_match_us", r.last_match}});
    j["campaigns"] = std::move(rows);
    return j;
}

Result<Json> alerts_view(store::Db& db, const ViewQuery& q) {
    auto l = store::list_alerts(db, q.filter, q.limit, q.offset);
    if (!l) return make_error(l.error());
    Json j;
    j["filter"] = filter_json(q.filter);
    j["total"] = l->total;
    j["limit"] = q.limit;
    j["offset"] = q.offset;
    Json rows = Json::array();
    for (const auto& a : l->alerts)
        rows.push_back({{"id", a.id},
                        {"timestamp", a.timestamp},
                        {"attacker_ip", a.attacker_ip},
                        {"attacker_country", a.attacker_country},
                        {"attacker_asn", opt(a.attacker_asn)},
                        {"target_ip", a.target_ip},
                        {"target_org", a.target_org},
                        {"target_sector", a.target_sector},
                        {"gid", a.gid},
                        {"sid", a.sid},
                        {"signature", a.signature},
                        {"evidence_id", opt(a.evidence_id)},
                        {"evidence_record_sha256", opt(a.evidence_record_sha256)},
                        {"capture_sha256", a.capture_sha256},
                        {"campaign_id", opt(a.campaign_id)}});
    j["alerts"] = std::move(rows);
    return j;
}

}  // namespace vigie::web
