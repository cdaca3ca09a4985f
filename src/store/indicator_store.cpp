#include "store/indicator_store.h"

namespace vigie::store {

namespace {

void bind_bound(Stmt& s, int i, int64_t us) {
    if (us) s.bind(i, us);
    else s.bind_null(i);
}

Result<int64_t> feed_id(Db& db, const FeedImport& f) {
    auto up = db.prepare(
        "INSERT INTO intel_feeds (name, format, source_path, imported_at) "
        "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now')) "
        "ON CONFLICT(name) DO UPDATE SET format = excluded.format, source_path = excluded.source_path, "
        "imported_at = excluded.imported_at");
    if (!up) return make_error(up.error());
    up->bind(1, std::string_view(f.feed));
    up->bind(2, std::string_view(f.format));
    up->bind(3, std::string_view(f.path));
    if (auto r = up->step(); !r) return make_error(r.error());
    auto q = db.prepare("SELECT id FROM intel_feeds WHERE name = ?");
    if (!q) return make_error(q.error());
    q->bind(1, std::string_view(f.feed));
    auto row = q->step();
    if (!row) return make_error(row.error());
    if (!*row) return make_error("feed row vanished");
    return q->int64(0);
}

// Everything that, changed, makes a re-import an update rather than a no-op.
std::string content_key(const intel::Indicator& i) {
    std::string k = i.pattern + '\x1f' + i.name + '\x1f' + std::to_string(i.confidence) + '\x1f' +
                    std::to_string(i.valid_from) + '\x1f' + std::to_string(i.valid_until) + '\x1f' +
                    (i.revoked ? "1" : "0");
    return k;
}

class Importer {
public:
    static Result<Importer> prepare(Db& db) {
        Importer im;
        const char* sql[] = {
            "SELECT id, modified, pattern, COALESCE(name,''), COALESCE(confidence,-1), COALESCE(valid_from,0), "
            "COALESCE(valid_until,0), revoked FROM intel_indicators WHERE feed_id = ? AND ref = ?",
            "INSERT INTO intel_indicators (feed_id, ref, name, pattern, modified, confidence, valid_from, valid_until, "
            "revoked, imported_at) VALUES (?,?,?,?,?,?,?,?,?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
            "UPDATE intel_indicators SET name = ?3, pattern = ?4, modified = ?5, confidence = ?6, valid_from = ?7, "
            "valid_until = ?8, revoked = ?9, imported_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
            "DELETE FROM intel_observables WHERE indicator_id = ?",
            "INSERT OR IGNORE INTO intel_observables (indicator_id, kind, value, src_port, dst_port) VALUES (?,?,?,?,?)",
        };
        Stmt* dst[] = {&im.find_, &im.insert_, &im.update_, &im.clear_obs_, &im.insert_obs_};
        for (size_t i = 0; i < std::size(sql); ++i) {
            auto s = db.prepare(sql[i]);
            if (!s) return make_error(s.error());
            *dst[i] = std::move(*s);
        }
        return im;
    }

    Result<void> put(Db& db, int64_t feed, const intel::Indicator& ind, IndicatorImportCounts& n) {
        find_.bind(1, feed);
        find_.bind(2, std::string_view(ind.ref));
        auto row = find_.step();
        if (!row) return make_error(row.error());
        int64_t id = 0;
        if (*row) {
            id = find_.int64(0);
            const std::string modified = find_.text(1);
            intel::Indicator old;
            old.pattern = find_.text(2);
            old.name = find_.text(3);
            old.confidence = static_cast<int>(find_.int64(4));
            old.valid_from = find_.int64(5);
            old.valid_until = find_.int64(6);
            old.revoked = find_.int64(7) != 0;
            find_.reset();
            // Versions compare as text: RFC 3339 in one feed, or MISP epoch seconds.
            if (!ind.modified.empty() && modified.size() == ind.modified.size() && ind.modified < modified) {
                ++n.older;
                return {};
            }
            if (modified == ind.modified && content_key(old) == content_key(ind)) {
                ++n.unchanged;
                return {};
            }
            bind_fields(update_, ind);
            update_.bind(1, id);
            if (auto r = run(update_); !r) return r;
            clear_obs_.bind(1, id);
            if (auto r = run(clear_obs_); !r) return r;
            ++n.updated;
        } else {
            find_.reset();
            bind_fields(insert_, ind);
            insert_.bind(1, feed);
            insert_.bind(2, std::string_view(ind.ref));
            if (auto r = run(insert_); !r) return r;
            id = db.last_insert_id();
            ++n.added;
        }
        for (const auto& o : ind.observables) {
            insert_obs_.bind(1, id);
            insert_obs_.bind(2, std::string_view(intel::kind_name(o.kind)));
            insert_obs_.bind(3, std::string_view(o.value));
            insert_obs_.bind(4, int64_t{o.src_port});
            insert_obs_.bind(5, int64_t{o.dst_port});
            if (auto r = run(insert_obs_); !r) return r;
        }
        return {};
    }

private:
    // Parameters 3..9 are shared by the insert and the update.
    static void bind_fields(Stmt& s, const intel::Indicator& ind) {
        s.bind(3, std::string_view(ind.name));
        s.bind(4, std::string_view(ind.pattern));
        s.bind(5, std::string_view(ind.modified));
        if (ind.confidence >= 0) s.bind(6, int64_t{ind.confidence});
        else s.bind_null(6);
        bind_bound(s, 7, ind.valid_from);
        bind_bound(s, 8, ind.valid_until);
        s.bind(9, int64_t{ind.revoked ? 1 : 0});
    }
    static Result<void> run(Stmt& s) {
        auto r = s.step();
        s.reset();
        if (!r) return make_error(r.error());
        return {};
    }

    Stmt find_, insert_, update_, clear_obs_, insert_obs_;
};

}  // namespace

Result<IndicatorImportCounts> import_indicators(Db& db, const FeedImport& feed,
                                                const std::vector<intel::Indicator>& indicators) {
    if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return make_error(r.error());
    auto body = [&]() -> Result<IndicatorImportCounts> {
        auto fid = feed_id(db, feed);
        if (!fid) return make_error(fid.error());
        auto im = Importer::prepare(db);
        if (!im) return make_error(im.error());
        IndicatorImportCounts n;
        for (const auto& ind : indicators)
            if (auto r = im->put(db, *fid, ind, n); !r) return make_error(r.error());
        return n;
    };
    auto res = body();
    if (!res) {
        (void)db.exec("ROLLBACK");
        return res;
    }
    if (auto r = db.exec("COMMIT"); !r) return make_error(r.error());
    return res;
}

Result<uint64_t> for_each_active_observable(Db& db, const std::function<void(const ActiveObservable&)>& fn) {
    auto has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'intel_observables'");
    if (!has) return make_error(has.error());
    auto h = has->step();
    if (!h) return make_error(h.error());
    if (!*h) return uint64_t{0};
    auto q = db.prepare(
        "SELECT f.name, i.ref, o.kind, o.value, COALESCE(i.confidence,-1), COALESCE(i.valid_from,0), "
        "COALESCE(i.valid_until,0), o.src_port, o.dst_port "
        "FROM intel_observables o JOIN intel_indicators i ON i.id = o.indicator_id "
        "JOIN intel_feeds f ON f.id = i.feed_id WHERE i.revoked = 0");
    if (!q) return make_error(q.error());
    uint64_t n = 0;
    for (;;) {
        auto row = q->step();
        if (!row) return make_error(row.error());
        if (!*row) break;
        const std::string feed = q->text(0), ref = q->text(1), kind = q->text(2), value = q->text(3);
        ActiveObservable o{feed, ref, kind, value};
        o.confidence = static_cast<int>(q->int64(4));
        o.valid_from = q->int64(5);
        o.valid_until = q->int64(6);
        o.src_port = static_cast<int32_t>(q->int64(7));
        o.dst_port = static_cast<int32_t>(q->int64(8));
        fn(o);
        ++n;
    }
    return n;
}

}  // namespace vigie::store
