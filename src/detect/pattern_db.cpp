#include "detect/pattern_db.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace vigie::detect {

namespace {

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL, kFnvPrime = 0x100000001b3ULL;
constexpr char kMagic[8] = {'V', 'G', 'H', 'S', 'D', 'B', '0', '1'};

struct Hasher {
    uint64_t h = kFnvOffset;
    void add(const void* p, size_t n) {
        auto* b = static_cast<const uint8_t*>(p);
        for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * kFnvPrime;
    }
    void add_u64(uint64_t v) { add(&v, sizeof v); }
};

// A second, differently seeded hash stored in the file header: a cache hit needs both
// to agree, so a collision of the file-name key alone cannot load a wrong database.
uint64_t check_hash(const std::vector<Literal>& pats) {
    Hasher h;
    h.h = 0x84222325cbf29ce4ULL;
    for (const auto& p : pats) {
        h.add_u64(p.bytes.size() * 2 + (p.nocase ? 1 : 0));
        h.add(p.bytes.data(), p.bytes.size());
    }
    return h.h;
}

struct CacheHeader {
    char magic[8];
    uint64_t key;
    uint64_t check;
    uint64_t count;
    uint64_t size;
};

std::string cache_path(const std::string& dir, uint64_t key) {
    char name[40];
    std::snprintf(name, sizeof name, "hs-%016llx.db", static_cast<unsigned long long>(key));
    return (std::filesystem::path(dir) / name).string();
}

hs_database_t* load_cached(const std::string& path, uint64_t key, uint64_t check, uint64_t count) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return nullptr;
    CacheHeader h{};
    if (!in.read(reinterpret_cast<char*>(&h), sizeof h)) return nullptr;
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.key != key || h.check != check || h.count != count ||
        h.size > (1ULL << 32))
        return nullptr;
    std::string bytes(h.size, '\0');
    if (!in.read(bytes.data(), std::streamsize(h.size))) return nullptr;
    hs_database_t* db = nullptr;
    if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
    return db;
}

void store_cached(const std::string& dir, const std::string& path, const hs_database_t* db, uint64_t key,
                  uint64_t check, uint64_t count) {
    char* bytes = nullptr;
    size_t len = 0;
    if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS) return;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    // Write then rename, so a concurrent reader never sees half a file.
    std::string tmp = path + ".tmp" + std::to_string(reinterpret_cast<uintptr_t>(db));
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        CacheHeader h{};
        std::memcpy(h.magic, kMagic, sizeof kMagic);
        h.key = key;
        h.check = check;
        h.count = count;
        h.size = len;
        out.write(reinterpret_cast<const char*>(&h), sizeof h);
        out.write(bytes, std::streamsize(len));
    }
    std::free(bytes);
    std::filesystem::rename(tmp, path, ec);
    if (ec) std::filesystem::remove(tmp, ec);
}

}  // namespace

uint64_t PatternDb::key(const std::vector<Literal>& pats) {
    Hasher h;
    const char* v = hs_version();
    h.add(v, std::strlen(v));
    h.add_u64(pats.size());
    for (const auto& p : pats) {
        h.add_u64(p.bytes.size());
        h.add(p.bytes.data(), p.bytes.size());
        h.add_u64(p.nocase ? 1 : 0);
    }
    return h.h;
}

Result<std::unique_ptr<PatternDb>> PatternDb::build(const std::vector<Literal>& pats, const std::string& cache_dir) {
    if (pats.empty()) return make_error("no patterns");
    std::unique_ptr<PatternDb> out(new PatternDb());
    uint64_t k = 0, check = 0;
    std::string path;
    if (!cache_dir.empty()) {
        k = key(pats);
        check = check_hash(pats);
        path = cache_path(cache_dir, k);
        out->db_ = load_cached(path, k, check, pats.size());
        if (out->db_) {
            out->from_cache_ = true;
            return out;
        }
    }
    std::vector<const char*> exprs;
    std::vector<size_t> lens;
    std::vector<unsigned> flags, ids;
    exprs.reserve(pats.size());
    for (size_t i = 0; i < pats.size(); ++i) {
        exprs.push_back(pats[i].bytes.data());
        lens.push_back(pats[i].bytes.size());
        flags.push_back(HS_FLAG_SINGLEMATCH | (pats[i].nocase ? HS_FLAG_CASELESS : 0));
        ids.push_back(unsigned(i));
    }
    hs_compile_error_t* err = nullptr;
    hs_error_t rc = hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(), unsigned(pats.size()),
                                         HS_MODE_BLOCK, nullptr, &out->db_, &err);
    if (rc != HS_SUCCESS) {
        std::string msg = err && err->message ? err->message : "unknown error";
        if (err && err->expression >= 0 && size_t(err->expression) < pats.size())
            msg += " (pattern " + std::to_string(err->expression) + ")";
        hs_free_compile_error(err);
        return make_error("hyperscan: " + msg);
    }
    if (!cache_dir.empty()) store_cached(cache_dir, path, out->db_, k, check, pats.size());
    return out;
}

PatternDb::~PatternDb() { hs_free_database(db_); }

Result<void> PatternDb::build_many(const std::vector<const std::vector<Literal>*>& sets, const std::string& cache_dir,
                                   unsigned threads, std::vector<std::shared_ptr<PatternDb>>* out) {
    out->assign(sets.size(), nullptr);
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = std::min<unsigned>(threads, unsigned(sets.size()));
    std::atomic<size_t> next{0};
    std::mutex mu;
    std::string first_error;
    auto work = [&] {
        for (size_t i = next++; i < sets.size(); i = next++) {
            auto db = build(*sets[i], cache_dir);
            if (!db) {
                std::lock_guard<std::mutex> lock(mu);
                if (first_error.empty()) first_error = db.error();
                continue;
            }
            (*out)[i] = std::shared_ptr<PatternDb>(std::move(*db));
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (!first_error.empty()) return make_error(first_error);
    return {};
}

}  // namespace vigie::detect
