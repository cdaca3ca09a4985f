// Accepted rules and the typed values they produce.
#include <gtest/gtest.h>

#include <functional>

#include "rule_test_util.h"
#include "rules/compiled_pcre.h"

namespace vigie::rules {
namespace {
using testing::ip;
using testing::parse;
using testing::tcp_rule;

const BufferMatches* buffer(const Rule& r, const std::string& name) {
    for (auto& b : r.buffers)
        if (b.buffer == name) return &b;
    return nullptr;
}
template <typename T>
const T& match(const Rule& r, size_t i, const std::string& buf = "payload") {
    const BufferMatches* b = buffer(r, buf);
    EXPECT_NE(b, nullptr) << "no buffer " << buf;
    return std::get<T>(b->matches.at(i));
}

struct AcceptCase {
    const char* name;
    std::string text;
    std::function<void(const Rule&)> check;
};

const AcceptCase kCases[] = {
    {"header and meta",
     "drop udp $HOME_NET 1024: <> [8.8.8.8,1.1.1.1] 53 (msg:\"a \\\"q\\\" \\; b\"; sid:42; rev:3; gid:2; "
     "classtype:trojan-activity; reference:url,example.com/x; reference:cve,2020-1; "
     "metadata:created_at 2020_01_01, signature_severity Major; target:dest_ip;)",
     [](const Rule& r) {
         EXPECT_EQ(r.header.action, Action::Drop);
         EXPECT_EQ(r.header.ip_protos, std::vector<uint8_t>{17});
         EXPECT_TRUE(r.header.bidirectional);
         EXPECT_TRUE(r.header.src.contains(ip("10.1.1.1")));
         EXPECT_FALSE(r.header.src.contains(ip("8.8.8.8")));
         EXPECT_TRUE(r.header.dst.contains(ip("1.1.1.1")));
         EXPECT_FALSE(r.header.sp.contains(80));
         EXPECT_TRUE(r.header.dp.contains(53));
         EXPECT_EQ(r.msg, "a \"q\" ; b");
         EXPECT_EQ(r.sid, 42u);
         EXPECT_EQ(r.rev, 3u);
         EXPECT_EQ(r.gid, 2u);
         EXPECT_EQ(r.classtype, "trojan-activity");
         EXPECT_EQ(r.category, "A Network Trojan was detected");
         EXPECT_EQ(r.priority, 1);
         ASSERT_EQ(r.references.size(), 2u);
         EXPECT_EQ(r.references[0], std::make_pair(std::string("url"), std::string("example.com/x")));
         ASSERT_EQ(r.metadata.size(), 2u);
         EXPECT_EQ(r.metadata[1], std::make_pair(std::string("signature_severity"), std::string("Major")));
         EXPECT_EQ(r.target, Rule::Target::Dst);
     }},
    {"explicit priority beats classtype in any order",
     tcp_rule("priority:4; classtype:trojan-activity;"), [](const Rule& r) { EXPECT_EQ(r.priority, 4); }},
    {"icmp protocols", "alert icmp any any -> any any (itype:8; icode:0; sid:1;)",
     [](const Rule& r) {
         EXPECT_EQ(r.header.ip_protos, (std::vector<uint8_t>{1, 58}));
         ASSERT_EQ(r.header_matches.size(), 2u);
         auto& t = std::get<PacketCheck>(r.header_matches[0]);
         EXPECT_EQ(t.field, PacketCheck::Field::IType);
         EXPECT_EQ(t.cmp.a, 8u);
     }},
    {"ip header any protocol", "alert ip any any -> any any (ttl:<10; sid:1;)",
     [](const Rule& r) {
         EXPECT_TRUE(r.header.ip_protos.empty());
         auto& t = std::get<PacketCheck>(r.header_matches[0]);
         EXPECT_EQ(t.cmp.op, UintCmp::Op::Lt);
     }},
    {"content hex and escapes",
     tcp_rule("content:\"A|42 43|D\\;\\\"\\\\\\:|0d0A|\"; content:!\"x\";"),
     [](const Rule& r) {
         auto& c = match<Content>(r, 0);
         EXPECT_EQ(c.bytes, std::string("ABCD;\"\\:\r\n"));
         EXPECT_FALSE(c.negated);
         EXPECT_TRUE(match<Content>(r, 1).negated);
     }},
    {"content modifiers",
     tcp_rule("content:\"abc\"; nocase; depth:10; offset:2; fast_pattern; content:\"de\"; distance:0; within:5; "
              "content:\"xyz\"; startswith; content:\"end\"; endswith; rawbytes;"),
     [](const Rule& r) {
         auto& a = match<Content>(r, 0);
         EXPECT_TRUE(a.nocase);
         EXPECT_EQ(a.depth->value, 10);
         EXPECT_EQ(a.offset->value, 2);
         EXPECT_TRUE(a.fast_pattern);
         EXPECT_FALSE(a.relative());
         auto& b = match<Content>(r, 1);
         EXPECT_TRUE(b.relative());
         EXPECT_EQ(b.distance->value, 0);
         EXPECT_EQ(b.within->value, 5);
         EXPECT_TRUE(match<Content>(r, 2).startswith);
         EXPECT_TRUE(match<Content>(r, 3).endswith);
         EXPECT_TRUE(match<Content>(r, 3).rawbytes);
     }},
    {"fast_pattern only and chop",
     tcp_rule("content:\"abcdef\"; fast_pattern:1,3; content:\"x\";"),
     [](const Rule& r) {
         auto& a = match<Content>(r, 0);
         ASSERT_TRUE(a.fast_pattern_chop.has_value());
         EXPECT_EQ(a.fast_pattern_chop->first, 1);
         EXPECT_EQ(a.fast_pattern_chop->second, 3);
     }},
    {"fast_pattern only", tcp_rule("content:\"abcdef\"; fast_pattern:only;"),
     [](const Rule& r) { EXPECT_TRUE(match<Content>(r, 0).fast_pattern_only); }},
    {"negative distance", tcp_rule("content:\"ab\"; content:\"cd\"; distance:-2;"),
     [](const Rule& r) { EXPECT_EQ(match<Content>(r, 1).distance->value, -2); }},
    {"isdataat and dsize",
     tcp_rule("content:\"a\"; isdataat:!1,relative; isdataat:20; dsize:10<>20;"),
     [](const Rule& r) {
         auto& d = match<IsDataAt>(r, 1);
         EXPECT_TRUE(d.negated);
         EXPECT_TRUE(d.relative);
         EXPECT_EQ(d.offset.value, 1);
         EXPECT_FALSE(match<IsDataAt>(r, 2).relative);
         auto& ds = std::get<PacketCheck>(r.header_matches[0]);
         EXPECT_EQ(ds.field, PacketCheck::Field::Dsize);
         EXPECT_EQ(ds.cmp.op, UintCmp::Op::RangeExclusive);
     }},
    {"byte_test forms",
     tcp_rule("content:\"a\"; byte_test:1,!&,128,6,relative; byte_test:4,>=,0x100,-4,little,bitmask 0xff00; "
              "byte_test:3,<,123,0,string,dec; byte_test:2,!,5,0;"),
     [](const Rule& r) {
         auto& a = match<ByteTest>(r, 1);
         EXPECT_EQ(a.nbytes, 1);
         EXPECT_EQ(a.op, "&");
         EXPECT_TRUE(a.op_negated);
         EXPECT_EQ(a.value.value, 128);
         EXPECT_EQ(a.offset.value, 6);
         EXPECT_TRUE(a.relative);
         auto& b = match<ByteTest>(r, 2);
         EXPECT_EQ(b.value.value, 256);
         EXPECT_EQ(b.offset.value, -4);
         EXPECT_EQ(b.endian, Endian::Little);
         EXPECT_EQ(b.bitmask, 0xff00u);
         auto& c = match<ByteTest>(r, 3);
         EXPECT_EQ(c.base, NumBase::Dec);
         auto& d = match<ByteTest>(r, 4);
         EXPECT_EQ(d.op, "=");
         EXPECT_TRUE(d.op_negated);
     }},
    {"byte_jump forms",
     tcp_rule("content:\"a\"; byte_jump:2,-17,relative,from_beginning,little; "
              "byte_jump:4,4,relative,align,multiplier 2,post_offset -3; byte_jump:3,0,string,hex,from_end;"),
     [](const Rule& r) {
         auto& a = match<ByteJump>(r, 1);
         EXPECT_EQ(a.nbytes, 2);
         EXPECT_EQ(a.offset.value, -17);
         EXPECT_TRUE(a.from_beginning);
         EXPECT_EQ(a.endian, Endian::Little);
         auto& b = match<ByteJump>(r, 2);
         EXPECT_TRUE(b.align);
         EXPECT_EQ(b.multiplier, 2);
         EXPECT_EQ(b.post_offset, -3);
         auto& c = match<ByteJump>(r, 3);
         EXPECT_EQ(c.base, NumBase::Hex);
         EXPECT_TRUE(c.from_end);
     }},
    {"byte_extract variables feed later keywords",
     tcp_rule("content:\"a\"; byte_extract:2,1,len,relative,little,align 4; content:\"b\"; within:len; "
              "byte_test:1,=,len,0; byte_jump:1,len; isdataat:len,relative; "
              "byte_math:bytes 2, offset 0, oper *, rvalue len, result prod, relative, endian little; "
              "byte_test:2,>,prod,0,relative;"),
     [](const Rule& r) {
         ASSERT_EQ(r.variables, (std::vector<std::string>{"len", "prod"}));
         auto& e = match<ByteExtract>(r, 1);
         EXPECT_EQ(e.var, 0);
         EXPECT_EQ(e.nbytes, 2);
         EXPECT_EQ(e.offset, 1);
         EXPECT_EQ(e.align, 4);
         EXPECT_EQ(e.endian, Endian::Little);
         EXPECT_EQ(match<Content>(r, 2).within->var, 0);
         EXPECT_EQ(match<ByteTest>(r, 3).value.var, 0);
         EXPECT_EQ(match<ByteJump>(r, 4).offset.var, 0);
         EXPECT_EQ(match<IsDataAt>(r, 5).offset.var, 0);
         auto& m = match<ByteMath>(r, 6);
         EXPECT_EQ(m.oper, '*');
         EXPECT_EQ(m.rvalue.var, 0);
         EXPECT_EQ(m.result_var, 1);
         EXPECT_EQ(m.endian, Endian::Little);
         EXPECT_EQ(match<ByteTest>(r, 7).value.var, 1);
     }},
    {"pcre flags",
     tcp_rule("content:\"a\"; pcre:\"/a\\;b[\"']c/smiR\"; pcre:!\"/^x/AEGxO\";"),
     [](const Rule& r) {
         auto& p = match<Pcre>(r, 1);
         EXPECT_EQ(p.pattern, "a;b[\"']c");
         EXPECT_EQ(p.flags, "smiR");
         EXPECT_EQ(p.compile_options, uint32_t(PCRE2_DOTALL | PCRE2_MULTILINE | PCRE2_CASELESS));
         EXPECT_TRUE(p.relative);
         ASSERT_TRUE(p.compiled && p.compiled->code);
         auto& q = match<Pcre>(r, 2);
         EXPECT_TRUE(q.negated);
         EXPECT_TRUE(q.anchored_to_buffer_start);
         EXPECT_TRUE(q.match_once_per_buffer);
         EXPECT_EQ(q.compile_options,
                   uint32_t(PCRE2_ANCHORED | PCRE2_DOLLAR_ENDONLY | PCRE2_UNGREEDY | PCRE2_EXTENDED));
     }},
    {"flow and flowbits",
     tcp_rule("flow:established,from_client,no_stream; flowbits:isset,a|b; flowbits:set,c&d; flowbits:noalert; "
              "flowint:cnt,+,1; flowint:cnt,>,other; flowint:cnt,isset;"),
     [](const Rule& r) {
         EXPECT_TRUE(r.has_flow);
         EXPECT_TRUE(r.flow.established);
         EXPECT_TRUE(r.flow.to_server);
         EXPECT_TRUE(r.flow.no_stream);
         ASSERT_EQ(r.flowbits.size(), 3u);
         EXPECT_EQ(r.flowbits[0].cmd, Flowbits::Cmd::IsSet);
         EXPECT_TRUE(r.flowbits[0].any_of);
         EXPECT_EQ(r.flowbits[0].names, (std::vector<std::string>{"a", "b"}));
         EXPECT_FALSE(r.flowbits[1].any_of);
         EXPECT_EQ(r.flowbits[1].names.size(), 2u);
         EXPECT_TRUE(r.noalert);
         ASSERT_EQ(r.flowints.size(), 3u);
         EXPECT_EQ(r.flowints[0].op, Flowint::Op::Add);
         EXPECT_EQ(r.flowints[0].value.value, 1);
         EXPECT_EQ(r.flowints[1].value_var, "other");
         EXPECT_EQ(r.flowints[2].op, Flowint::Op::IsSet);
     }},
    {"tcp flags, fragbits, ipopts, window, seq, sameip",
     tcp_rule("flags:S,12; flags:+AP; flags:0; fragbits:!D; ipopts:lsrr; window:!1024; seq:0; ack:1; tos:!8; "
              "id:31337; fragoffset:>0; ip_proto:!udp; sameip; icmp_id:5; icmp_seq:6;"),
     [](const Rule& r) {
         auto& f = std::get<TcpFlagsCheck>(r.header_matches[0]);
         EXPECT_EQ(f.flags, 0x02);
         EXPECT_EQ(f.ignore_mask, 0xC0);
         EXPECT_EQ(f.modifier, 0);
         auto& g = std::get<TcpFlagsCheck>(r.header_matches[1]);
         EXPECT_EQ(g.flags, 0x18);
         EXPECT_EQ(g.modifier, '+');
         EXPECT_EQ(std::get<TcpFlagsCheck>(r.header_matches[2]).flags, 0);
         auto& fb = std::get<FragBitsCheck>(r.header_matches[3]);
         EXPECT_EQ(fb.bits, 2);
         EXPECT_EQ(fb.modifier, '!');
         EXPECT_EQ(std::get<IpOptsCheck>(r.header_matches[4]).bit, 1 << 6);
         auto& w = std::get<PacketCheck>(r.header_matches[5]);
         EXPECT_TRUE(w.negated);
         EXPECT_EQ(w.cmp.a, 1024u);
         auto& proto = std::get<PacketCheck>(r.header_matches[11]);
         EXPECT_EQ(proto.field, PacketCheck::Field::IpProto);
         EXPECT_TRUE(proto.negated);
         EXPECT_EQ(proto.cmp.a, 17u);
         EXPECT_TRUE(std::holds_alternative<SameIp>(r.header_matches[12]));
     }},
    {"threshold, detection_filter, tag",
     tcp_rule("threshold: type both, track by_dst, count 5, seconds 60; detection_filter:track by_src, count 15, "
              "seconds 2; tag:host,10,seconds,dst; noalert;"),
     [](const Rule& r) {
         ASSERT_TRUE(r.threshold);
         EXPECT_EQ(r.threshold->type, Threshold::Type::Both);
         EXPECT_EQ(r.threshold->track, Track::ByDst);
         EXPECT_EQ(r.threshold->count, 5u);
         ASSERT_TRUE(r.detection_filter);
         EXPECT_EQ(r.detection_filter->count, 15u);
         EXPECT_EQ(r.detection_filter->seconds, 2u);
         ASSERT_TRUE(r.tag);
         EXPECT_EQ(r.tag->scope, Tag::Scope::Host);
         EXPECT_EQ(r.tag->metric, Tag::Metric::Seconds);
         EXPECT_FALSE(r.tag->host_src);
         EXPECT_TRUE(r.noalert);
     }},
    {"stream_size", tcp_rule("stream_size:server,<,5;"),
     [](const Rule& r) {
         ASSERT_EQ(r.stream_sizes.size(), 1u);
         EXPECT_EQ(r.stream_sizes[0].side, StreamSize::Side::Server);
         EXPECT_TRUE(r.stream_sizes[0].cmp.matches(4));
         EXPECT_FALSE(r.stream_sizes[0].cmp.matches(5));
     }},
    {"pkt_data returns to payload, tcp-pkt header",
     "alert tcp-pkt any any -> any any (pkt_data; content:\"x\"; prefilter; sid:1;)",
     [](const Rule& r) {
         EXPECT_EQ(r.header.proto_text, "tcp-pkt");
         EXPECT_TRUE(r.is_payload_rule());
         EXPECT_TRUE(r.prefilter_keyword);
     }},
    {"continuation-free long rule keeps text", tcp_rule("msg:\"x\";"),
     [](const Rule& r) {
         EXPECT_EQ(r.file, "test.rules");
         EXPECT_EQ(r.text, "alert tcp any any -> any any (msg:\"x\"; sid:1;)");
     }},
};

TEST(ParserAccepts, Table) {
    for (const auto& c : kCases) {
        SCOPED_TRACE(c.name);
        auto r = parse(c.text);
        ASSERT_TRUE(r.ok()) << c.text << "\n  -> " << r.error();
        c.check(*r);
    }
}

// App-layer keywords Vigie cannot evaluate parse into their buffers, then the rule is
// rejected naming what it needs; those it evaluates (HTTP, DNS, TLS, SSH) are accepted.
TEST(ParserAppLayer, StickyAndLegacyBuffersAreNamedInRejection) {
    const std::pair<std::string, std::string> cases[] = {
        {"alert smb any any -> any any (smb.share; content:\"/a\"; sid:1;)", "needs app-layer buffer smb.share"},
        {"alert tcp any any -> any any (dce_stub_data; content:\"a\"; sid:1;)",
         "needs app-layer buffer dce_stub_data"},
        {"alert ssh any any -> any any (ssh.hassh; content:\"x\"; sid:1;)", "needs app-layer buffer ssh.hassh"},
        {"alert smtp any any -> any any (content:\"x\"; sid:1;)", "app-layer protocol smtp not available yet"},
        {"alert http2 any any -> any any (flow:established; sid:1;)", "app-layer protocol http2 not available yet"},
    };
    for (auto& [text, why] : cases) {
        auto r = parse(text);
        ASSERT_FALSE(r.ok()) << text;
        EXPECT_NE(r.error().find(why), std::string::npos) << text << "\n  -> " << r.error();
    }
    const char* accepted[] = {
        "alert http any any -> any any (http.uri; content:\"/a\"; sid:1;)",
        "alert http any any -> any any (content:\"GET\"; http_method; content:\"/a\"; http_uri; sid:1;)",
        "alert dns any any -> any any (dns_query; content:\"x\"; sid:1;)",
        "alert tls any any -> any any (tls.sni; to_lowercase; content:\"x\"; sid:1;)",
        "alert http any any -> any any (file.magic; content:\"PDF\"; sid:1;)",
        "alert http any any -> any any (filemagic:\"PDF\"; filestore; sid:1;)",
        "alert http any any -> any any (file_data; content:\"x\"; sid:1;)",
        "alert http any any -> any any (content:\"x\"; pcre:\"/x/U\"; sid:1;)",
        "alert http any any -> any any (urilen:>10; sid:1;)",
        "alert tls any any -> any any (tls.version:1.2; sid:1;)",
        "alert http any any -> any any (content:\"x\"; sid:1;)",
        "alert tcp any any -> any any (app-layer-protocol:http; sid:1;)",
        "alert ssh any any -> any any (ssh.software; content:\"OpenSSH\"; sid:1;)",
    };
    for (const char* text : accepted) EXPECT_TRUE(parse(text).ok()) << text;
}

}  // namespace
}  // namespace vigie::rules
