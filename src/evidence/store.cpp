#include "evidence/store.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "evidence/segment.h"
#include "evidence/store_reader.h"

namespace vigie::evidence {

namespace fs = std::filesystem;

namespace {

Result<void> write_all(int fd, std::string_view b, const std::string& what) {
    while (!b.empty()) {
        const ssize_t n = ::write(fd, b.data(), b.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return make_error("cannot write " + what + ": " + std::strerror(errno));
        }
        b.remove_prefix(size_t(n));
    }
    return {};
}

void fsync_dir(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// Moves bytes [offset, end) of `path` to "<path>.torn-<offset>", then truncates.
Result<uint64_t> set_aside_tail(const std::string& path, uint64_t offset) {
    std::ifstream in(path, std::ios::binary);
    std::string tail((std::istreambuf_iterator<char>(in)), {});
    if (offset > tail.size()) return make_error("cannot recover " + path);
    tail.erase(0, offset);
    const std::string aside = path + ".torn-" + std::to_string(offset);
    std::ofstream out(aside, std::ios::binary);
    out.write(tail.data(), std::streamsize(tail.size()));
    out.close();
    if (!out) return make_error("cannot write " + aside);
    std::error_code ec;
    fs::resize_file(path, offset, ec);
    if (ec) return make_error("cannot truncate " + path + ": " + ec.message());
    return uint64_t(tail.size());
}

}  // namespace

Result<std::unique_ptr<EvidenceStore>> EvidenceStore::open(const StoreConfig& cfg, const SigningKey& key,
                                                           std::string* notice) {
    std::error_code ec;
    fs::create_directories(cfg.dir, ec);
    if (ec) return make_error("cannot create evidence store " + cfg.dir + ": " + ec.message());
    std::unique_ptr<EvidenceStore> st(new EvidenceStore(cfg, key));

    const bool existing = fs::exists(fs::path(cfg.dir) / "checkpoints.log", ec) ||
                          fs::exists(fs::path(cfg.dir) / segment_file_name(1), ec);
    if (existing) {
        EvidenceStore* w = st.get();
        auto loaded = scan_store(cfg.dir, [w](const StoreRecord& r) {
            w->tree_.append(leaf_hash(r.record));
            w->chain_ = r.chain;
        });
        if (!loaded) return make_error(loaded.error());
        StoreScan& ls = *loaded;
        if (!ls.damage.empty())
            return make_error("evidence store " + cfg.dir + " is damaged (" + ls.damage +
                              "); run vigie verify --store, refusing to append");
        if (!ls.checkpoints.empty() && ls.checkpoints.back().cp.key_fingerprint != key.pub.fingerprint())
            return make_error("evidence store " + cfg.dir + " is signed by another key (" +
                              ls.checkpoints.back().cp.key_fingerprint.substr(0, 16) + "...)");
        if (ls.torn_segment) {
            const std::string path = cfg.dir + "/" + segment_file_name(ls.torn_segment);
            auto moved = set_aside_tail(path, ls.torn_offset);
            if (!moved) return make_error(moved.error());
            if (notice)
                *notice += "evidence: torn tail (" + std::to_string(*moved) + " bytes, from an interrupted run) in " +
                           path + " moved to " + path + ".torn-" + std::to_string(ls.torn_offset) + "\n";
        }
        if (ls.log_torn) {
            const std::string path = cfg.dir + "/checkpoints.log";
            auto moved = set_aside_tail(path, ls.log_valid_size);
            if (!moved) return make_error(moved.error());
            if (notice) *notice += "evidence: incomplete checkpoint line in " + path + " set aside\n";
        }
        if (!ls.checkpoints.empty()) {
            st->signed_any_ = true;
            st->signed_size_ = ls.checkpoints.back().cp.tree_size;
        }
        st->seg_no_ = uint32_t(ls.segment_names.size());
    }
    // The public key travels with the store, so export can put it in bundles; the
    // verifier never trusts it, it checks it against the key it is given.
    const std::string pub_path = cfg.dir + "/sensor.pub";
    const std::string pub(reinterpret_cast<const char*>(key.pub.bytes.data()), 32);
    if (fs::exists(pub_path, ec)) {
        std::ifstream in(pub_path, std::ios::binary);
        std::string have((std::istreambuf_iterator<char>(in)), {});
        if (have != pub) return make_error("evidence store " + cfg.dir + " belongs to another key (its sensor.pub differs)");
    } else {
        std::ofstream out(pub_path, std::ios::binary);
        out.write(pub.data(), 32);
        if (!out) return make_error("cannot write " + pub_path);
    }
    st->counters_.tree_size = st->tree_.size();
    st->log_fd_ = ::open((cfg.dir + "/checkpoints.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (st->log_fd_ < 0) return make_error("cannot open " + cfg.dir + "/checkpoints.log: " + std::strerror(errno));
    std::lock_guard<std::mutex> lock(st->mu_);
    auto r = st->open_segment_locked();  // every run starts a segment of its own
    if (!r) return make_error(r.error());
    return st;
}

EvidenceStore::~EvidenceStore() {
    {
        std::lock_guard<std::mutex> lock(q_mu_);
        stop_ = true;
    }
    q_cv_.notify_all();
    if (signer_.joinable()) signer_.join();
    for (auto& s : queue_) ::close(s.seg_fd);  // unsigned snapshots: close() was not called
    if (seg_fd_ >= 0) ::close(seg_fd_);
    if (log_fd_ >= 0) ::close(log_fd_);
}

Result<void> EvidenceStore::open_segment_locked() {
    if (seg_fd_ >= 0) {
        ::fsync(seg_fd_);
        ::close(seg_fd_);
    }
    ++seg_no_;
    const std::string path = cfg_.dir + "/" + segment_file_name(seg_no_);
    seg_fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (seg_fd_ < 0) return make_error("cannot create " + path + ": " + std::strerror(errno));
    auto r = write_all(seg_fd_, segment_header(seg_no_), path);
    if (!r) return r;
    seg_size_ = kSegmentHeaderSize;
    fsync_dir(cfg_.dir);
    return {};
}

Result<AppendResult> EvidenceStore::append(std::string_view record) {
    if (record.size() > kMaxRecordSize) return make_error("evidence record larger than the format allows");
    AppendResult out;
    out.record_sha256 = sha256(record);
    const Digest leaf = leaf_hash(record);
    std::lock_guard<std::mutex> lock(mu_);
    if (seg_size_ > kSegmentHeaderSize && seg_size_ + record.size() + kFrameOverhead > cfg_.segment_max) {
        auto r = open_segment_locked();
        if (!r) {
            ++counters_.write_errors;
            return make_error(r.error());
        }
    }
    const Digest next = chain_next(chain_, record);
    const std::string frame = encode_frame(tree_.size(), record, next);
    auto w = write_all(seg_fd_, frame, cfg_.dir + "/" + segment_file_name(seg_no_));
    if (!w) {
        ++counters_.write_errors;
        return make_error(w.error());
    }
    out.log_index = tree_.size();
    chain_ = next;
    tree_.append(leaf);
    seg_size_ += frame.size();
    ++counters_.records;
    counters_.bytes += frame.size();
    counters_.tree_size = tree_.size();
    if (cfg_.checkpoint_every && tree_.size() - signed_size_ >= cfg_.checkpoint_every) request_checkpoint_locked();
    return out;
}

void EvidenceStore::request_checkpoint() {
    std::lock_guard<std::mutex> lock(mu_);
    request_checkpoint_locked();
}

void EvidenceStore::request_checkpoint_locked() {
    if (signed_any_ && signed_size_ == tree_.size()) return;
    Snapshot s;
    s.c.tree_size = tree_.size();
    s.c.root = tree_.root();
    s.c.chain_head = chain_;
    s.c.time = utc_now_rfc3339();
    s.c.sensor_id = cfg_.sensor_id;
    s.c.engine_version = cfg_.engine_version;
    s.c.key_fingerprint = key_.pub.fingerprint();
    // Its own descriptor: the writer may close the segment (a new one starts) before
    // the signer gets to the fsync.
    s.seg_fd = ::dup(seg_fd_);
    signed_size_ = tree_.size();
    signed_any_ = true;
    std::lock_guard<std::mutex> q(q_mu_);
    if (!signer_.joinable()) signer_ = std::thread([this] { signer_loop(); });
    if (queue_.size() >= kMaxQueued) {
        // The disk is slower than checkpoints are asked for: the newest waiting
        // snapshot is superseded by this one, which covers its records too. The
        // appender never waits for an fsync.
        ::close(queue_.back().seg_fd);
        queue_.back() = std::move(s);
    } else {
        queue_.push_back(std::move(s));
    }
    q_cv_.notify_all();
}

void EvidenceStore::signer_loop() {
    std::unique_lock<std::mutex> q(q_mu_);
    for (;;) {
        q_cv_.wait(q, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, nothing left
        Snapshot s = std::move(queue_.front());
        queue_.pop_front();
        busy_ = true;
        q_cv_.notify_all();  // room in the queue
        q.unlock();
        auto r = write_checkpoint(s.c, s.seg_fd);
        ::close(s.seg_fd);
        if (r) checkpoints_written_.fetch_add(1);
        else signer_errors_.fetch_add(1);  // the next checkpoint covers these records too
        q.lock();
        if (!r) last_signer_error_ = r.error();
        busy_ = false;
        q_cv_.notify_all();  // wait_checkpoints()
    }
}

void EvidenceStore::wait_checkpoints() {
    std::unique_lock<std::mutex> q(q_mu_);
    q_cv_.wait(q, [this] { return queue_.empty() && !busy_; });
}

Result<void> EvidenceStore::checkpoint() {
    request_checkpoint();
    wait_checkpoints();
    std::lock_guard<std::mutex> q(q_mu_);
    if (last_signer_error_.empty()) return {};
    std::string e = std::move(last_signer_error_);
    last_signer_error_.clear();
    return make_error(e);
}

Result<void> EvidenceStore::write_checkpoint(const Checkpoint& c, int seg_fd) {
    // The records must be on disk before a signature vouches for them.
    if (seg_fd < 0 || ::fsync(seg_fd) != 0)
        return make_error("cannot fsync evidence segment: " + std::string(std::strerror(errno)));
    auto w = write_all(log_fd_, checkpoint_log_line(sign_checkpoint(c, key_)), cfg_.dir + "/checkpoints.log");
    if (!w) return w;
    if (::fsync(log_fd_) != 0) return make_error("cannot fsync checkpoints.log: " + std::string(std::strerror(errno)));
    return {};
}

StoreCounters EvidenceStore::counters() const {
    std::lock_guard<std::mutex> lock(mu_);
    StoreCounters c = counters_;
    c.checkpoints = checkpoints_written_.load();
    c.write_errors += signer_errors_.load();
    return c;
}

}  // namespace vigie::evidence
