// Wire decoding: names (compression, loops, bounds), every decoded RR type,
// header plausibility, truncated messages, broken trailing sections.
#include <gtest/gtest.h>

#include <string>

#include "app/dns/dns_message.h"
#include "dns_test_util.h"

namespace vigie::app::dns {
namespace {

using test::Bytes;
using test::kQname;
using test::Msg;

// ---------------------------------------------------------------- names

struct NameCase {
    const char* what;
    Bytes msg;           // whole message; the name is decoded at `pos`
    size_t pos;
    bool ok;
    std::string value;   // when ok
    size_t next;         // when ok
    uint8_t flags;
};

Bytes hdr() { return Msg::header(1, 0, 1).b; }

Bytes cat(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::vector<NameCase> name_cases() {
    std::vector<NameCase> v;
    // "example.com" at 12 (13 bytes), then the name under test at 25.
    const Bytes base = cat(hdr(), test::name_bytes("example.com"));
    v.push_back({"plain labels", base, 12, true, "example.com", 25, 0});
    v.push_back({"root", cat(hdr(), {0}), 12, true, "", 13, 0});
    v.push_back({"label then pointer back", cat(base, Msg{}.name_ptr("www", 12).b), 25, true, "www.example.com", 31, 0});
    v.push_back({"pointer into the middle", cat(base, Msg{}.name_ptr("", 20).b), 25, true, "com", 27, 0});
    // 25: ptr->12 ; 27: ptr->25 (a pointer to a pointer)
    v.push_back({"pointer to pointer", cat(cat(base, {0xc0, 12}), {0xc0, 25}), 27, true, "example.com", 29, 0});
    v.push_back({"pointer forward", cat(cat(hdr(), {0xc0, 14}), test::name_bytes("fwd.example")), 12, true,
                 "fwd.example", 14, 0});
    v.push_back({"pointer to itself", cat(hdr(), {0xc0, 12}), 12, false, "", 0, kNameInfiniteLoop});
    // 12: "a" then a pointer (at 14) to 14 itself, reached after a jump from 16.
    v.push_back({"self pointer after a jump keeps the labels", cat(hdr(), {1, 'a', 0xc0, 14, 0xc0, 12}), 16, true, "a",
                 18, kNameInfiniteLoop});
    // 12: ptr->14 ; 14: ptr->12 : a two-pointer cycle without labels
    v.push_back({"pointer cycle", cat(hdr(), {0xc0, 14, 0xc0, 12}), 12, true, "", 14, kNameLabelLimit});
    {
        // 12: "ab" then ptr->12: a cycle; the step bound ends it (128 labels).
        std::string want = "ab";
        for (int i = 1; i < 128; ++i) want += ".ab";
        v.push_back({"short cycle hits the step bound", cat(hdr(), {2, 'a', 'b', 0xc0, 12}), 12, true, want, 17,
                     kNameLabelLimit});
        // 12: a 63-byte label then ptr->12: the length bound ends it first.
        Bytes m = hdr();
        m.push_back(63);
        m.insert(m.end(), 63, uint8_t('L'));
        m.insert(m.end(), {0xc0, 12});
        std::string cut;
        while (cut.size() <= kMaxNameLen) cut += (cut.empty() ? "" : ".") + std::string(63, 'L');
        cut.resize(kMaxNameLen);
        v.push_back({"long cycle is cut at 1025", m, 12, true, cut, 78, kNameTruncated});
    }
    v.push_back({"pointer past the end", cat(hdr(), {0xc0, 0x3f}), 12, false, "", 0, 0});
    v.push_back({"pointer to the end ends the name", cat(hdr(), {1, 'x', 0xc0, 16}), 12, true, "x", 16, 0});
    v.push_back({"pointer cut in half", cat(hdr(), {1, 'x', 0xc0}), 12, false, "", 0, 0});
    v.push_back({"label past the end", cat(hdr(), {5, 'a', 'b'}), 12, false, "", 0, 0});
    v.push_back({"label type 0x40", cat(hdr(), {0x41, 'a', 0}), 12, false, "", 0, 0});
    v.push_back({"label type 0x80", cat(hdr(), {0x81, 'a', 0}), 12, false, "", 0, 0});
    v.push_back({"no root byte: the data end ends the name", cat(hdr(), {3, 'c', 'o', 'm'}), 12, true, "com", 16, 0});
    v.push_back({"case and bytes as sent", cat(hdr(), {3, 'W', '.', 0xff, 0}), 12, true, "W.\xff", 17, 0});
    {
        Bytes m = hdr();
        for (int i = 0; i < 300; ++i) m.insert(m.end(), {1, 'a'});
        m.push_back(0);
        v.push_back({"too many labels without compression", m, 12, false, "", 0, kNameLabelLimit});
    }
    {
        Bytes m = hdr();
        std::string full;
        for (int i = 0; i < 20; ++i) {
            m.push_back(63);
            m.insert(m.end(), 63, uint8_t('z'));
            full += (i ? "." : "") + std::string(63, 'z');
        }
        m.push_back(0);
        v.push_back({"long name cut to 1025, parsing goes on", m, 12, true, full.substr(0, kMaxNameLen), m.size(),
                     kNameTruncated});
    }
    return v;
}

TEST(DnsName, Table) {
    for (const auto& c : name_cases()) {
        SCOPED_TRACE(c.what);
        DnsName n;
        size_t next = 0;
        const bool ok = parse_name(c.msg.data(), c.msg.size(), c.pos, c.msg.size(), n, next);
        ASSERT_EQ(ok, c.ok);
        EXPECT_EQ(n.flags, c.flags);
        if (!ok) continue;
        EXPECT_EQ(n.value, c.value);
        EXPECT_EQ(next, c.next);
    }
}

TEST(DnsName, LimitBoundsBytesBeforeFirstPointer) {
    // An RDATA name may not run past its RDATA, but may point anywhere before.
    Bytes m = cat(cat(hdr(), test::name_bytes("example.com")), {3, 'w', 'w', 'w', 0xc0, 12});
    DnsName n;
    size_t next;
    EXPECT_FALSE(parse_name(m.data(), m.size(), 25, 27, n, next));  // label crosses the limit
    ASSERT_TRUE(parse_name(m.data(), m.size(), 25, 31, n, next));
    EXPECT_EQ(n.value, "www.example.com");
}

// ---------------------------------------------------------------- records

// A response to "q.example" (question at 12, 11 bytes) with one answer.
Msg answer_with(uint16_t type, const Bytes& rdata, uint16_t ar = 0) {
    return Msg::header(7, 0x8180, 1, 1, 0, ar).question("q.example", type).rr_ptr(kQname, type, 300, rdata);
}

TEST(DnsRecord, EveryDecodedType) {
    struct Case {
        const char* what;
        uint16_t type;
        Bytes rdata;
        void (*check)(const Rdata&);
    };
    const Bytes host = test::name_bytes("host.example");
    const std::vector<Case> cases = {
        {"A", 1, {192, 0, 2, 1}, [](const Rdata& d) { EXPECT_EQ(std::get<RdataAddress>(d).bytes, std::string("\xc0\x00\x02\x01", 4)); }},
        {"AAAA", 28, Bytes(16, 0x20), [](const Rdata& d) { EXPECT_EQ(std::get<RdataAddress>(d).bytes.size(), 16u); }},
        {"A of 3 bytes kept", 1, {1, 2, 3}, [](const Rdata& d) { EXPECT_EQ(std::get<RdataAddress>(d).bytes.size(), 3u); }},
        {"CNAME", 5, host, [](const Rdata& d) { EXPECT_EQ(std::get<RdataName>(d).name.value, "host.example"); }},
        {"CNAME compressed", 5, {0xc0, kQname}, [](const Rdata& d) { EXPECT_EQ(std::get<RdataName>(d).name.value, "q.example"); }},
        {"NS", 2, host, [](const Rdata& d) { EXPECT_EQ(std::get<RdataName>(d).name.value, "host.example"); }},
        {"PTR", 12, host, [](const Rdata& d) { EXPECT_EQ(std::get<RdataName>(d).name.value, "host.example"); }},
        {"MX", 15, cat({0, 10}, host),
         [](const Rdata& d) {
             EXPECT_EQ(std::get<RdataName>(d).preference, 10);
             EXPECT_EQ(std::get<RdataName>(d).name.value, "host.example");
         }},
        {"TXT two strings", 16, {3, 'a', 'b', 'c', 2, 'd', 'e'},
         [](const Rdata& d) { EXPECT_EQ(std::get<RdataTxt>(d).strings, (std::vector<std::string>{"abc", "de"})); }},
        {"TXT empty", 16, {}, [](const Rdata& d) { EXPECT_TRUE(std::get<RdataTxt>(d).strings.empty()); }},
        {"SOA", 6, Msg{}.name("ns.example").name("admin.example").u32(1).u32(2).u32(3).u32(4).u32(5).b,
         [](const Rdata& d) {
             const auto& s = std::get<RdataSoa>(d);
             EXPECT_EQ(s.mname.value, "ns.example");
             EXPECT_EQ(s.rname.value, "admin.example");
             EXPECT_EQ(s.serial, 1u);
             EXPECT_EQ(s.refresh, 2u);
             EXPECT_EQ(s.retry, 3u);
             EXPECT_EQ(s.expire, 4u);
             EXPECT_EQ(s.minimum, 5u);
         }},
        {"SRV", 33, cat({0, 20, 0, 1, 0x13, 0xc4}, host),
         [](const Rdata& d) {
             const auto& s = std::get<RdataSrv>(d);
             EXPECT_EQ(s.priority, 20);
             EXPECT_EQ(s.weight, 1);
             EXPECT_EQ(s.port, 5060);
             EXPECT_EQ(s.target.value, "host.example");
         }},
        {"SSHFP", 44, {1, 2, 0xab, 0xcd},
         [](const Rdata& d) {
             const auto& s = std::get<RdataSshfp>(d);
             EXPECT_EQ(s.algo, 1);
             EXPECT_EQ(s.fp_type, 2);
             EXPECT_EQ(s.fingerprint, "\xab\xcd");
         }},
        {"NULL", 10, {'V', 0, 0xc5}, [](const Rdata& d) { EXPECT_EQ(std::get<RdataBytes>(d).bytes, std::string("V\0\xc5", 3)); }},
        {"HTTPS (65) kept raw", 65, {0, 1, 0}, [](const Rdata& d) { EXPECT_EQ(std::get<RdataBytes>(d).bytes.size(), 3u); }},
        {"OPT with a cookie", 41, {0, 10, 0, 2, 0xaa, 0xbb},
         [](const Rdata& d) {
             const auto& o = std::get<RdataOpt>(d).options;
             ASSERT_EQ(o.size(), 1u);
             EXPECT_EQ(o[0].code, 10);
             EXPECT_EQ(o[0].data, "\xaa\xbb");
         }},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        const Msg m = answer_with(c.type, c.rdata);
        DnsMessage out;
        ASSERT_EQ(parse_message(m.b.data(), m.size(), out), ParseStatus::Ok);
        ASSERT_EQ(out.answers.size(), 1u);
        EXPECT_EQ(out.answers[0].name.value, "q.example");
        EXPECT_EQ(out.answers[0].rrtype, c.type);
        EXPECT_EQ(out.answers[0].ttl, 300u);
        c.check(out.answers[0].data);
    }
}

TEST(DnsRecord, BadRdataInAnswersIsMalformed) {
    const std::vector<std::pair<const char*, Msg>> cases = {
        {"TXT length past rdata", answer_with(16, {5, 'a'})},
        {"SOA without its numbers", answer_with(6, Msg{}.name("a").name("b").u32(1).b)},
        {"MX without a name", answer_with(15, {0})},
        {"SRV too short", answer_with(33, {0, 1, 0, 1})},
        {"SSHFP too short", answer_with(44, {1})},
        {"CNAME runs past its rdata", answer_with(5, {3, 'a', 'b'})},
        {"rdlength past the message",
         Msg::header(7, 0x8180, 1, 1).question("q", 1).u16(0xc000 | kQname).rr_fixed(1, 0, 0xff).raw({1, 2})},
    };
    for (const auto& [what, m] : cases) {
        SCOPED_TRACE(what);
        DnsMessage out;
        EXPECT_EQ(parse_message(m.b.data(), m.size(), out), ParseStatus::Malformed);
    }
}

TEST(DnsRecord, BrokenAuthoritiesAndAdditionalsAreDroppedNotFatal) {
    // 1 answer A, then an authority whose rdata runs past the end.
    Msg bad_ns = Msg::header(7, 0x8180, 1, 1, 1).question("q.example", 1).rr_ptr(kQname, 1, 60, {1, 2, 3, 4});
    bad_ns.u16(0xc000 | kQname).rr_fixed(6, 60, 40).raw({0, 0});
    DnsMessage out;
    ASSERT_EQ(parse_message(bad_ns.b.data(), bad_ns.size(), out), ParseStatus::Ok);
    EXPECT_EQ(out.answers.size(), 1u);
    EXPECT_TRUE(out.authorities.empty());
    EXPECT_TRUE(out.invalid_authorities);
    EXPECT_FALSE(out.invalid_additionals);  // not even tried

    Msg bad_ar = answer_with(1, {1, 2, 3, 4}, 2);
    bad_ar.name("").rr_fixed(41, 0, 0);          // OPT, fine
    bad_ar.name("").rr_fixed(41, 0, 3).raw({0, 10, 0});  // OPT option cut
    ASSERT_EQ(parse_message(bad_ar.b.data(), bad_ar.size(), out), ParseStatus::Ok);
    EXPECT_TRUE(out.additionals.empty());
    EXPECT_TRUE(out.invalid_additionals);
}

// ---------------------------------------------------------------- messages

TEST(DnsMessage, HeaderPlausibility) {
    struct Case {
        const char* what;
        Bytes msg;
        ParseStatus want;
    };
    const std::vector<Case> cases = {
        {"11 bytes", Bytes(11, 0), ParseStatus::BadHeader},
        {"request without question", Msg::header(1, 0x0100, 0).b, ParseStatus::BadHeader},
        {"response without anything (FORMERR)", Msg::header(1, 0x8181, 0).b, ParseStatus::Ok},
        {"no records but trailing bytes", Msg::header(1, 0x8181, 0).raw({0, 0}).b, ParseStatus::BadHeader},
        {"counts too big for the size", Msg::header(1, 0x0100, 1, 100).question("a", 1).b, ParseStatus::BadHeader},
        {"question cut", Msg::header(1, 0x0100, 1).raw({3, 'w', 'w', 'w', 0, 0, 1}).b, ParseStatus::Malformed},
        {"plain query", Msg::header(1, 0x0100, 1).question("a.b", 1).b, ParseStatus::Ok},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        DnsMessage out;
        EXPECT_EQ(parse_message(c.msg.data(), c.msg.size(), out), c.want);
    }
}

TEST(DnsMessage, HeaderFields) {
    // id 0xbeef; QR, opcode 2, AA, TC, RD, RA, Z, rcode 3
    const Msg m = Msg::header(0xbeef, 0x8000 | (2 << 11) | 0x0400 | 0x0200 | 0x0100 | 0x0080 | 0x0040 | 3, 1)
                      .question("x", 1);
    DnsMessage out;
    ASSERT_EQ(parse_message(m.b.data(), m.size(), out), ParseStatus::Ok);
    const DnsHeader& h = out.header;
    EXPECT_EQ(h.id, 0xbeef);
    EXPECT_TRUE(h.qr() && h.aa() && h.tc() && h.rd() && h.ra() && h.z());
    EXPECT_EQ(h.opcode(), 2);
    EXPECT_EQ(h.rcode(), 3);
}

TEST(DnsMessage, MultipleQuestionsAndSections) {
    const Msg m = Msg::header(9, 0x8180, 2, 1, 1, 1)
                      .question("one.example", 1)         // 12..
                      .question("two.example", 28)
                      .rr_ptr(kQname, 1, 10, {10, 0, 0, 1})
                      .rr("example", 2, 20, test::name_bytes("ns.example"))
                      .rr("ns.example", 1, 30, {10, 0, 0, 2});
    DnsMessage out;
    ASSERT_EQ(parse_message(m.b.data(), m.size(), out), ParseStatus::Ok);
    ASSERT_EQ(out.queries.size(), 2u);
    EXPECT_EQ(out.queries[1].name.value, "two.example");
    EXPECT_EQ(out.queries[1].rrtype, 28);
    EXPECT_EQ(out.answers.size(), 1u);
    EXPECT_EQ(out.authorities.size(), 1u);
    EXPECT_EQ(out.additionals.size(), 1u);
    EXPECT_EQ(out.additionals[0].name.value, "ns.example");
}

TEST(DnsMessage, EveryTruncationIsRejectedOrFlagged) {
    const Msg full = Msg::header(9, 0x8180, 1, 2, 1, 0)
                         .question("www.example.com", 1)
                         .rr_ptr(kQname, 5, 10, Msg{}.name_ptr("web", kQname + 4).b)
                         .rr_ptr(kQname, 1, 10, {1, 2, 3, 4})
                         .rr("example.com", 6, 10, Msg{}.name("ns").name("h").u32(1).u32(2).u32(3).u32(4).u32(5).b);
    const size_t authority_start = full.size() - (13 + 10 + 4 + 3 + 20);
    for (size_t n = 0; n < full.size(); ++n) {
        SCOPED_TRACE(n);
        DnsMessage out;
        const ParseStatus st = parse_message(full.b.data(), n, out);
        if (n < authority_start) {
            EXPECT_NE(st, ParseStatus::Ok);
        } else {
            ASSERT_EQ(st, ParseStatus::Ok);
            EXPECT_TRUE(out.invalid_authorities);
        }
    }
    DnsMessage out;
    ASSERT_EQ(parse_message(full.b.data(), full.size(), out), ParseStatus::Ok);
    EXPECT_FALSE(out.invalid_authorities);
    EXPECT_EQ(out.answers[0].rrtype, 5);
    EXPECT_EQ(std::get<RdataName>(out.answers[0].data).name.value, "web.example.com");
}

TEST(DnsMessage, NameFlagsReachTheMessage) {
    // The answer's CNAME target jumps to "x" whose next pointer points at itself:
    // flag the loop, keep the name so far and the message.
    Msg m = Msg::header(3, 0x8180, 1, 1).question("a.example", 1);
    const uint8_t rd = uint8_t(m.size() + 12);  // rdata offset
    m.rr_ptr(kQname, 5, 1, {0xc0, uint8_t(rd + 2), 1, 'x', 0xc0, uint8_t(rd + 4)});
    DnsMessage out;
    ASSERT_EQ(parse_message(m.b.data(), m.size(), out), ParseStatus::Ok);
    EXPECT_EQ(out.name_flags, kNameInfiniteLoop);
    EXPECT_EQ(std::get<RdataName>(out.answers[0].data).name.value, "x");
}

TEST(DnsMessage, DecodedNameBytesAreBounded) {
    // 4000 answers (64 KB) whose owner is one ~1 KB name reached by pointers:
    // the expansion would be ~4 MB, so the message is refused instead.
    Msg r = Msg::header(3, 0x8180, 1, 4000).question("q", 1);
    const uint16_t owner_at = uint16_t(r.size());
    for (int i = 0; i < 16; ++i) r.u8(63).raw(std::string(63, 'l'));
    r.u8(0).rr_fixed(1, 1, 4).raw({1, 2, 3, 4});
    for (int i = 1; i < 4000; ++i) r.rr_ptr(owner_at, 1, 1, {1, 2, 3, 4});
    ASSERT_LT(r.size(), 65536u);
    DnsMessage out;
    EXPECT_EQ(parse_message(r.b.data(), r.size(), out), ParseStatus::Malformed);
}

}  // namespace
}  // namespace vigie::app::dns
