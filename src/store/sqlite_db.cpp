#include "store/sqlite_db.h"

#include <sqlite3.h>

namespace vigie::store {

Stmt& Stmt::operator=(Stmt&& o) noexcept {
    if (this != &o) {
        sqlite3_finalize(s_);
        s_ = o.s_;
        o.s_ = nullptr;
    }
    return *this;
}

Stmt::~Stmt() { sqlite3_finalize(s_); }

void Stmt::bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
void Stmt::bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void Stmt::bind(int i, const std::optional<std::string>& v) {
    if (v) bind(i, std::string_view(*v));
    else bind_null(i);
}
void Stmt::bind_null(int i) { sqlite3_bind_null(s_, i); }

Result<bool> Stmt::step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return make_error(std::string("sqlite: ") + sqlite3_errmsg(sqlite3_db_handle(s_)));
}

void Stmt::reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
}

int64_t Stmt::int64(int col) const { return sqlite3_column_int64(s_, col); }
std::string Stmt::text(int col) const {
    const auto* t = sqlite3_column_text(s_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(s_, col))) : "";
}
std::string_view Stmt::text_view(int col) const {
    const auto* t = sqlite3_column_text(s_, col);
    return t ? std::string_view(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(s_, col)))
             : std::string_view();
}
bool Stmt::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

Result<std::unique_ptr<Db>> Db::open(const std::string& path, bool create) {
    return open_flags(path, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0));
}

Result<std::unique_ptr<Db>> Db::open_readonly(const std::string& path) {
    return open_flags(path, SQLITE_OPEN_READONLY);
}

Result<std::unique_ptr<Db>> Db::open_flags(const std::string& path, int flags) {
    std::unique_ptr<Db> d(new Db);
    d->path_ = path;
    if (sqlite3_open_v2(path.c_str(), &d->db_, flags, nullptr) != SQLITE_OK) {
        std::string msg = d->db_ ? sqlite3_errmsg(d->db_) : "out of memory";
        return make_error("cannot open database " + path + ": " + msg);
    }
    // Another process (a run appending while stats reads) may hold the lock briefly.
    sqlite3_busy_timeout(d->db_, 10000);
    return d;
}

Db::~Db() { sqlite3_close(db_); }

Result<void> Db::exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        return make_error(path_ + ": sqlite: " + msg);
    }
    return {};
}

Result<Stmt> Db::prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
        return make_error(path_ + ": sqlite: " + sqlite3_errmsg(db_));
    return Stmt(s);
}

int64_t Db::changes() const { return sqlite3_changes64(db_); }
int64_t Db::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

}  // namespace vigie::store
