// File types from libmagic, on bodies as HTTP delivers them: the file.magic buffer
// and what fileinfo's `magic` reports.
#include <gtest/gtest.h>

#include <string>

#include "app/file_magic.h"
#include "http/http_test_util.h"

using namespace vigie::app;

namespace {
std::string magic(const std::string& s) {
    return describe_file_type(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
}  // namespace

TEST(FileMagic, KnownFormatsByTheirContent) {
    EXPECT_NE(magic("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n").find("PDF document"), std::string::npos);
    EXPECT_NE(magic(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0", 29)).find("PNG image"),
              std::string::npos);
    EXPECT_NE(magic("MZ" + std::string(62, '\0')).find("MS-DOS executable"), std::string::npos);
    EXPECT_EQ(magic(""), "");
}

TEST(FileMagic, HttpBodyExposesFileMagicBufferOnceComplete) {
    const std::string body = "%PDF-1.5\n%\xe2\xe3\xcf\xd3\n";
    const std::string resp = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    auto r = http::test::run("GET /doc.pdf HTTP/1.1\r\nHost: x\r\n\r\n", resp);
    ASSERT_EQ(r.txs.size(), 1u);
    EXPECT_NE(http::test::buf(r.tx(0), BufferId::FileMagic, false).find("PDF document"), std::string::npos);
    EXPECT_EQ(http::test::buf(r.tx(0), BufferId::FileMagic, true), "<none>");  // no request body
}
