#include "app/http/http_file.h"

#include <openssl/evp.h>

namespace vigie::app::http {

struct FileTracker::Contexts {
    EVP_MD_CTX* md5 = EVP_MD_CTX_new();
    EVP_MD_CTX* sha1 = EVP_MD_CTX_new();
    EVP_MD_CTX* sha256 = EVP_MD_CTX_new();
    Contexts() {
        EVP_DigestInit_ex(md5, EVP_md5(), nullptr);
        EVP_DigestInit_ex(sha1, EVP_sha1(), nullptr);
        EVP_DigestInit_ex(sha256, EVP_sha256(), nullptr);
    }
    ~Contexts() {
        EVP_MD_CTX_free(md5);
        EVP_MD_CTX_free(sha1);
        EVP_MD_CTX_free(sha256);
    }
};

FileTracker::FileTracker(std::unique_ptr<FileSpool> spool) : ctx_(new Contexts), spool_(std::move(spool)) {}
FileTracker::~FileTracker() { delete ctx_; }

void FileTracker::update(const uint8_t* data, size_t len) {
    if (closed_ || len == 0) return;
    size_ += len;
    if (gaps_) return;  // hashes of a file with holes would prove nothing
    EVP_DigestUpdate(ctx_->md5, data, len);
    EVP_DigestUpdate(ctx_->sha1, data, len);
    EVP_DigestUpdate(ctx_->sha256, data, len);
    if (spool_) spool_->write(data, len);
}

namespace {
std::string finish_hex(EVP_MD_CTX* ctx) {
    static constexpr char kHex[] = "0123456789abcdef";
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_DigestFinal_ex(ctx, out, &n);
    std::string hex;
    for (unsigned i = 0; i < n; ++i) {
        hex.push_back(kHex[out[i] >> 4]);
        hex.push_back(kHex[out[i] & 15]);
    }
    return hex;
}
}  // namespace

void FileTracker::close(bool complete) {
    if (closed_) return;
    closed_ = true;
    complete_ = complete && !gaps_;
    if (complete_) {
        md5_ = finish_hex(ctx_->md5);
        sha1_ = finish_hex(ctx_->sha1);
        sha256_ = finish_hex(ctx_->sha256);
    }
}

}  // namespace vigie::app::http
