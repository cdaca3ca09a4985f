// Loading rule text and files: comments, continuations, file:line, duplicates, report,
// classification.config.
#include <unistd.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "rule_test_util.h"
#include "rules/check_report.h"

namespace vigie::rules {
namespace {
using testing::classes;
using testing::vars;

TEST(Loader, CommentsContinuationsAndLines) {
    const char* text =
        "# a comment\n"
        "\n"
        "#alert tcp any any -> any any (msg:\"disabled\"; sid:9;)\n"
        "alert tcp any any -> any any (msg:\"one\"; \\\n"
        "    content:\"abc\"; \\\n"
        "    sid:1; rev:1;)\n"
        "alert tcp any any -> any any (msg:\"bad\"; nocase; sid:2;)\r\n"
        "   alert udp any any -> any 53 (msg:\"three\"; sid:3;)\n"
        "alert tcp any any -> any any (frob; sid:4;)";
    LoadResult r = load_rules_text(text, "mem.rules", vars(), classes());
    ASSERT_EQ(r.rules.size(), 2u);
    EXPECT_EQ(r.rules[0].line, 4u);
    EXPECT_EQ(r.rules[0].file, "mem.rules");
    EXPECT_EQ(r.rules[0].text, "alert tcp any any -> any any (msg:\"one\"; content:\"abc\"; sid:1; rev:1;)");
    EXPECT_EQ(r.rules[1].sid, 3u);
    EXPECT_EQ(r.rules[1].line, 8u);
    ASSERT_EQ(r.rejected.size(), 2u);
    EXPECT_EQ(r.rejected[0].to_string(), "mem.rules:7: sid 2: nocase: needs a preceding content");
    EXPECT_EQ(r.rejected[1].to_string(), "mem.rules:9: sid 4: unknown keyword 'frob'");
}

TEST(Loader, DuplicateSidKeepsHigherRevisionElseFirst) {
    const char* text =
        "alert tcp any any -> any any (msg:\"a\"; sid:7; rev:2;)\n"
        "alert tcp any any -> any any (msg:\"b\"; sid:7; rev:1;)\n"
        "alert tcp any any -> any any (msg:\"c\"; sid:7; rev:5;)\n"
        "alert tcp any any -> any any (msg:\"d\"; sid:7; gid:3;)\n";
    LoadResult r = load_rules_text(text, "d.rules", vars(), classes());
    ASSERT_EQ(r.rules.size(), 2u);
    EXPECT_EQ(r.rules[0].msg, "c");  // rev 5 replaced rev 2
    EXPECT_EQ(r.rules[1].gid, 3u);   // another gid is another rule
    ASSERT_EQ(r.rejected.size(), 2u);
    EXPECT_EQ(r.rejected[0].line, 2u);
    EXPECT_NE(r.rejected[0].reason.find("duplicate sid 1:7"), std::string::npos);
    EXPECT_EQ(r.rejected[1].line, 1u);  // the superseded rev 2
    EXPECT_NE(r.rejected[1].reason.find("superseded by rev 5"), std::string::npos);
}

TEST(Loader, IdenticalRegexesShareCompiledCode) {
    const char* text =
        "alert tcp any any -> any any (pcre:\"/ab+c/i\"; sid:1;)\n"
        "alert tcp any any -> any any (pcre:\"/ab+c/i\"; sid:2;)\n"
        "alert tcp any any -> any any (pcre:\"/ab+c/\"; sid:3;)\n";
    LoadResult r = load_rules_text(text, "p.rules", vars(), classes());
    ASSERT_EQ(r.rules.size(), 3u);
    auto code = [&](int i) { return std::get<Pcre>(r.rules[i].buffers[0].matches[0]).compiled.get(); };
    EXPECT_EQ(code(0), code(1));
    EXPECT_NE(code(0), code(2));
}

TEST(Loader, FilesAndMissingFile) {
    std::string path = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-vigie_loader_test.rules";
    {
        std::ofstream out(path);
        out << "alert tcp any any -> any any (sid:1;)\nalert tcp any any -> any any (sid:x;)\n";
    }
    auto r = load_rule_files({path}, vars(), classes());
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->rules.size(), 1u);
    ASSERT_EQ(r->rejected.size(), 1u);
    EXPECT_EQ(r->rejected[0].file, path);
    EXPECT_EQ(r->rejected[0].line, 2u);
    std::remove(path.c_str());
    auto missing = load_rule_files({"/nonexistent/x.rules"}, vars(), classes());
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().find("/nonexistent/x.rules"), std::string::npos);
}

TEST(CheckReport, GroupsReasonsAndEndsWithTotals) {
    const char* text =
        "alert smb any any -> any any (smb.share; content:\"a\"; sid:1;)\n"
        "alert smb any any -> any any (smb.share; content:\"b\"; sid:2;)\n"
        "alert tcp any any -> any any (content:\"abc\"; depth:1; sid:3;)\n"
        "alert tcp any any -> any any (content:\"abcd\"; depth:2; sid:4;)\n"
        "alert tcp any any -> any any (sid:5;)\n";
    LoadResult r = load_rules_text(text, "c.rules", vars(), classes());
    std::string report = check_report(r);
    EXPECT_NE(report.find("  2  needs app-layer buffer smb.share\n"), std::string::npos) << report;
    EXPECT_NE(report.find("  2  content '…': depth N is less than the content length N\n"), std::string::npos)
        << report;
    EXPECT_NE(report.find("c.rules:3: sid 3: content 'abc': depth 1 is less than the content length 3\n"),
              std::string::npos)
        << report;
    EXPECT_TRUE(report.ends_with("accepted 1, rejected 4\n")) << report;
    EXPECT_EQ(reason_category("unknown keyword 'foo'"), "unknown keyword 'foo'");
}

TEST(Classifications, BuiltinAndFile) {
    Classifications b = Classifications::builtin();
    EXPECT_GE(b.by_name.size(), 40u);
    ASSERT_TRUE(b.by_name.count("trojan-activity"));
    EXPECT_EQ(b.by_name.at("trojan-activity").priority, 1);
    EXPECT_EQ(b.by_name.at("bad-unknown").priority, 2);  // "Potentially Bad Traffic, 2": space tolerated

    auto f = Classifications::load(VIGIE_SOURCE_DIR "/data/classification.config");
    ASSERT_TRUE(f.ok()) << f.error();
    EXPECT_EQ(f->by_name.size(), b.by_name.size());

    std::string path = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-vigie_bad_class.config";
    {
        std::ofstream out(path);
        out << "# x\nconfig classification: a,Desc A,2\nconfig classification: broken\n";
    }
    auto bad = Classifications::load(path);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().find(":3:"), std::string::npos) << bad.error();
    std::remove(path.c_str());
    EXPECT_FALSE(Classifications::load("/nonexistent/c.config").ok());
}

TEST(Vars, SuricataDefaults) {
    Vars v = Vars::suricata_defaults();
    EXPECT_EQ(v.address.at("HOME_NET"), "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]");
    EXPECT_EQ(v.address.at("EXTERNAL_NET"), "!$HOME_NET");
    for (const char* n : {"HTTP_SERVERS", "SMTP_SERVERS", "SQL_SERVERS", "DNS_SERVERS", "TELNET_SERVERS",
                          "DC_SERVERS", "DNP3_SERVER", "DNP3_CLIENT", "MODBUS_CLIENT", "MODBUS_SERVER",
                          "ENIP_CLIENT", "ENIP_SERVER"})
        EXPECT_EQ(v.address.at(n), "$HOME_NET") << n;
    EXPECT_EQ(v.port.at("FILE_DATA_PORTS"), "[$HTTP_PORTS,110,143]");
    EXPECT_EQ(v.port.at("SHELLCODE_PORTS"), "!80");
    EXPECT_EQ(v.port.size(), 11u);
}

}  // namespace
}  // namespace vigie::rules
