// FileStore: files seen in HTTP bodies, kept by content (DIR/ab/<sha256>), fed by the
// real HTTP parser so spooling follows the body as the parser delivers it (chunked,
// gzip, split in pieces). The stored bytes are re-hashed here, independently of the
// code under test, so a file is only "stored" if its name is its SHA-256.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "../app/http/http_test_util.h"
#include "output/file_store.h"

namespace fs = std::filesystem;
using namespace vigie;
using app::http::test::HttpRun;

namespace {

std::string sha256_hex(const std::string& data) {
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_Digest(data.data(), data.size(), d, &n, EVP_sha256(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (unsigned i = 0; i < n; ++i) s += {hex[d[i] >> 4], hex[d[i] & 15]};
    return s;
}

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

size_t count_files(const fs::path& dir) {
    size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) ++n;
    return n;
}

std::string response(const std::string& body, const std::string& extra_headers = "") {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body;
}

class FileStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() /
              ("vigie-filestore-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
    }
    void TearDown() override { fs::remove_all(dir); }

    std::unique_ptr<output::FileStore> make(output::FileStoreConfig c = {}) {
        c.dir = dir.string();
        auto s = output::FileStore::create(c);
        EXPECT_TRUE(s) << (s ? "" : s.error());
        return std::move(*s);
    }
    // One GET and its response through the parser, the body delivered in `piece`-byte pieces.
    HttpRun exchange(output::FileStore& store, const std::string& resp, size_t piece = 0) {
        app::AppConfig cfg;
        cfg.file_spool = &store;
        return app::http::test::run("GET /f HTTP/1.1\r\nHost: x\r\n\r\n", resp, cfg, piece);
    }
    app::HttpTransaction& tx(HttpRun& r) { return static_cast<app::HttpTransaction&>(*r.txs.at(0)); }

    fs::path dir;
};

}  // namespace

TEST_F(FileStoreTest, RequestedFileIsStoredUnderItsSha256) {
    auto store = make();
    std::string body;
    for (int i = 0; i < 5000; ++i) body += "line " + std::to_string(i) + "\n";
    for (size_t piece : {0, 7, 1460}) {
        HttpRun r = exchange(*store, response(body), piece);
        tx(r).store_files = true;
        store->store_tx_files(tx(r));
        EXPECT_TRUE(tx(r).response_file->stored());
    }
    const std::string h = sha256_hex(body);
    const fs::path p = dir / h.substr(0, 2) / h;
    ASSERT_TRUE(fs::exists(p));
    EXPECT_EQ(sha256_hex(read_all(p)), h);
    EXPECT_EQ(store->stats().stored, 1u);
    EXPECT_EQ(store->stats().deduplicated, 2u);  // the same file twice more: one copy
    EXPECT_EQ(count_files(dir), 1u);             // nothing left behind in tmp/
}

TEST_F(FileStoreTest, StoredBytesAreTheDecodedBody) {
    // A gzip-encoded body: the file is what the server sent once decoded, as its
    // fileinfo hashes are.
    const std::string plain(20000, 'z');
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    std::string gz(deflateBound(&zs, plain.size()) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
    zs.avail_in = uInt(plain.size());
    zs.next_out = reinterpret_cast<Bytef*>(gz.data());
    zs.avail_out = uInt(gz.size());
    ASSERT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    gz.resize(zs.total_out);
    deflateEnd(&zs);

    auto store = make();
    HttpRun r = exchange(*store, response(gz, "Content-Encoding: gzip\r\n"));
    tx(r).store_files = true;
    store->store_tx_files(tx(r));
    const std::string h = sha256_hex(plain);
    EXPECT_EQ(tx(r).response_file->sha256(), h);
    EXPECT_EQ(read_all(dir / h.substr(0, 2) / h), plain);
}

TEST_F(FileStoreTest, FileNotAskedForLeavesNothing) {
    auto store = make();
    {
        HttpRun r = exchange(*store, response("not wanted"));
        store->store_tx_files(tx(r));  // no filestore match, no force
        EXPECT_FALSE(tx(r).response_file->stored());
    }  // the transaction is gone: its spool with it
    EXPECT_EQ(count_files(dir), 0u);
    EXPECT_EQ(store->stats().stored, 0u);
}

TEST_F(FileStoreTest, ForceStoresEveryCompleteFile) {
    output::FileStoreConfig c;
    c.force = true;
    auto store = make(c);
    for (const char* body : {"first file", "second file"}) {
        HttpRun r = exchange(*store, response(body));
        store->store_tx_files(tx(r));
    }
    EXPECT_EQ(store->stats().stored, 2u);
    EXPECT_TRUE(fs::exists(dir / sha256_hex("first file").substr(0, 2) / sha256_hex("first file")));
}

TEST_F(FileStoreTest, CutFileIsNotStored) {
    output::FileStoreConfig c;
    c.force = true;
    auto store = make(c);
    {
        // Content-Length says 100, the flow ends after 10: the file is truncated.
        HttpRun r = exchange(*store, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
        store->store_tx_files(tx(r));
        EXPECT_FALSE(tx(r).response_file->complete());
        EXPECT_FALSE(tx(r).response_file->stored());
    }
    EXPECT_EQ(count_files(dir), 0u);
}

TEST_F(FileStoreTest, FileOverStreamDepthIsNotStoredAndCounted) {
    output::FileStoreConfig c;
    c.force = true;
    c.stream_depth = 100;
    auto store = make(c);
    {
        HttpRun r = exchange(*store, response(std::string(1000, 'a')));
        store->store_tx_files(tx(r));
        EXPECT_TRUE(tx(r).response_file->complete());  // still hashed in full
        EXPECT_FALSE(tx(r).response_file->stored());
    }
    EXPECT_EQ(store->stats().depth_hits, 1u);
    EXPECT_EQ(count_files(dir), 0u);
}

TEST_F(FileStoreTest, OpenFileBoundIsCountedNotExceeded) {
    output::FileStoreConfig c;
    c.max_open_files = 2;
    auto store = make(c);
    auto a = store->open_spool(), b = store->open_spool(), d = store->open_spool();
    EXPECT_TRUE(a && b);
    EXPECT_FALSE(d);
    EXPECT_EQ(store->stats().open_limit_hits, 1u);
    a.reset();
    EXPECT_TRUE(store->open_spool());  // a closed spool frees its slot
}

TEST_F(FileStoreTest, UnwritableDirectoryIsAnError) {
    output::FileStoreConfig c;
    c.dir = "/proc/vigie-cannot-exist/files";
    EXPECT_FALSE(output::FileStore::create(c));
}
