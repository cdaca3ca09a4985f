// Thin RAII over the SQLite C API: a connection and prepared statements, errors as
// Result. Nothing store-specific here.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace vigie::store {

class Stmt {
public:
    Stmt() = default;
    explicit Stmt(sqlite3_stmt* s) : s_(s) {}
    Stmt(Stmt&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
    Stmt& operator=(Stmt&& o) noexcept;
    ~Stmt();

    // Parameters are 1-based, as in SQLite. An empty optional binds NULL.
    void bind(int i, int64_t v);
    void bind(int i, std::string_view v);
    void bind(int i, const std::optional<std::string>& v);
    void bind_null(int i);
    // True while a row is available; false when done. Errors come back as Result.
    Result<bool> step();
    void reset();

    int64_t int64(int col) const;
    std::string text(int col) const;
    // The column's text without a copy: valid until the next step() or reset().
    std::string_view text_view(int col) const;
    bool is_null(int col) const;

private:
    sqlite3_stmt* s_ = nullptr;
};

// Calls `row(s)` for each row `s` yields; the first error (SQLite's or one `row`
// returns as Result<void>) stops the walk and is returned.
template <typename F>
Result<void> for_each_row(Stmt& s, F&& row) {
    for (;;) {
        auto r = s.step();
        if (!r) return make_error(r.error());
        if (!*r) return {};
        if (auto done = row(s); !done) return done;
    }
}

class Db {
public:
    static Result<std::unique_ptr<Db>> open(const std::string& path, bool create);
    // For readers that must never change the store (report, dashboard): SQLite
    // refuses every write on this connection.
    static Result<std::unique_ptr<Db>> open_readonly(const std::string& path);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    Result<void> exec(const std::string& sql);
    Result<Stmt> prepare(const std::string& sql);
    int64_t changes() const;
    int64_t last_insert_id() const;
    const std::string& path() const { return path_; }

private:
    Db() = default;
    static Result<std::unique_ptr<Db>> open_flags(const std::string& path, int flags);
    sqlite3* db_ = nullptr;
    std::string path_;
};

}  // namespace vigie::store
