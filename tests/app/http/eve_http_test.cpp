// EVE `http` object. app_tests does not link the output stage, so the two output
// sources this needs are compiled into this test (nothing else in app_tests has them).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "http_test_util.h"
#include "output/eve_http.cpp"   // NOLINT(bugprone-suspicious-include)
#include "output/json_line.cpp"  // NOLINT(bugprone-suspicious-include)

namespace vigie::app::http::test {
namespace {

nlohmann::json render(const HttpTransaction& tx, bool extended, bool headers) {
    output::JsonLine j;
    j.begin();
    output::write_http_object(j, tx, extended, headers);
    return nlohmann::json::parse(j.end())["http"];
}

TEST(EveHttp, SuricataFields) {
    HttpRun r = run("GET /a%20b?x=1 HTTP/1.1\r\nHost: WWW.Example.com:8080\r\nUser-Agent: UA/1\r\n"
                    "Referer: http://ref/\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n",
                    "HTTP/1.1 302 Found\r\nLocation: /new\r\nContent-Type: text/html; charset=UTF-8\r\n"
                    "Content-Range: bytes 0-9/100\r\nContent-Length: 10\r\n\r\n0123456789");
    ASSERT_EQ(r.txs.size(), 1u);
    const auto basic = render(r.tx(0), false, false);
    EXPECT_EQ(basic["hostname"], "www.example.com");
    EXPECT_EQ(basic["http_port"], 8080);
    EXPECT_EQ(basic["url"], "/a%20b?x=1");
    EXPECT_EQ(basic["http_user_agent"], "UA/1");
    EXPECT_EQ(basic["xff"], "10.0.0.1");
    EXPECT_EQ(basic["http_content_type"], "text/html");
    EXPECT_EQ(basic["content_range"]["raw"], "bytes 0-9/100");
    EXPECT_EQ(basic["content_range"]["start"], 0);
    EXPECT_EQ(basic["content_range"]["end"], 9);
    EXPECT_EQ(basic["content_range"]["size"], 100);
    EXPECT_FALSE(basic.contains("http_method"));
    EXPECT_FALSE(basic.contains("request_headers"));

    const auto ext = render(r.tx(0), true, true);
    EXPECT_EQ(ext["http_refer"], "http://ref/");
    EXPECT_EQ(ext["http_method"], "GET");
    EXPECT_EQ(ext["protocol"], "HTTP/1.1");
    EXPECT_EQ(ext["status"], 302);
    EXPECT_EQ(ext["redirect"], "/new");
    EXPECT_EQ(ext["length"], 10);
    ASSERT_EQ(ext["request_headers"].size(), 4u);
    EXPECT_EQ(ext["request_headers"][0]["name"], "Host");
    EXPECT_EQ(ext["request_headers"][0]["value"], "WWW.Example.com:8080");
    EXPECT_EQ(ext["response_headers"][1]["name"], "Content-Type");
}

TEST(EveHttp, FieldNamesInSchema) {
    HttpRun r = run("POST /x HTTP/1.0\r\nHost: h\r\nContent-Length: 1\r\n\r\nz",
                    "HTTP/1.0 2XX Weird\r\n\r\nbody");
    const auto obj = render(r.tx(0), true, true);
    EXPECT_EQ(obj["status_string"], "2XX");
    EXPECT_FALSE(obj.contains("status"));
    std::ifstream f(std::string(VIGIE_SHARED_DIR) + "/data/eve-schema/schema.json");
    if (!f) GTEST_SKIP() << "no EVE schema";
    const auto schema = nlohmann::json::parse(f)["properties"]["http"]["properties"];
    for (const auto& [k, v] : obj.items()) EXPECT_TRUE(schema.contains(k)) << k;
}

}  // namespace
}  // namespace vigie::app::http::test
