// JsonLine strings: whatever bytes the traffic carried, the line is valid JSON;
// well-formed UTF-8 is kept as written, anything else is escaped byte by byte.
// Checked with an independent JSON parser (nlohmann), not with our own writer.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "output/json_line.h"

using vigie::output::JsonLine;

namespace {
std::string line_with(const std::string& value) {
    JsonLine j;
    j.begin();
    j.str("v", value);
    return std::string(j.end());
}
}  // namespace

TEST(JsonLineStrings, WellFormedUtf8IsKeptAsWritten) {
    for (const std::string s : {"Mozilla/5.0", "Zürich", "東京", "emoji 😀", "Ελλάδα"}) {
        const std::string line = line_with(s);
        EXPECT_NE(line.find(s), std::string::npos) << line;
        EXPECT_EQ(nlohmann::json::parse(line)["v"].get<std::string>(), s);
    }
}

TEST(JsonLineStrings, BytesThatAreNotUtf8AreEscaped) {
    const std::pair<std::string, std::string> cases[] = {
        {"\xff", "\\u00ff"},                  // never valid
        {"\xc0\xaf", "\\u00c0\\u00af"},       // overlong '/'
        {"\xed\xa0\x80", "\\u00ed\\u00a0\\u0080"},  // a surrogate
        {"\xe6\x9d", "\\u00e6\\u009d"},       // truncated sequence
        {"\x01\x7f", "\\u0001\\u007f"},       // control bytes
    };
    for (const auto& [in, escaped] : cases) {
        const std::string line = line_with(in);
        EXPECT_NE(line.find(escaped), std::string::npos) << line;
        EXPECT_NO_THROW(nlohmann::json::parse(line));
    }
}

TEST(JsonLineStrings, RandomBytesAlwaysGiveValidJson) {
    std::mt19937 rng(7);
    for (int n = 0; n < 20000; ++n) {
        std::string s(rng() % 24, '\0');
        for (auto& c : s) c = char(rng() % 4 == 0 ? 0xc0 + rng() % 0x40 : rng() % 256);
        const std::string line = line_with(s);
        nlohmann::json j;
        ASSERT_NO_THROW(j = nlohmann::json::parse(line)) << line;
        // Escaped bytes come back as U+0000..U+00FF; kept sequences come back as is.
        ASSERT_TRUE(j["v"].is_string());
    }
}
