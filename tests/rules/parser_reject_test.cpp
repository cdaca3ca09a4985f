// Rejected rules: each with the (short, specific) reason it must give.
#include <gtest/gtest.h>

#include "rule_test_util.h"

namespace vigie::rules {
namespace {
using testing::parse;
using testing::tcp_rule;

struct RejectCase {
    std::string text;
    const char* reason;  // substring of the error
};

const RejectCase kCases[] = {
    // structure and header
    {"alert tcp any any -> any any", "missing '('"},
    {"alert tcp any any -> any any (sid:1;", "must end with ')'"},
    {"alert tcp any any -> any (sid:1;)", "header needs 7 fields"},
    {"config tcp any any -> any any (sid:1;)", "unknown action 'config'"},
    {"alert foo any any -> any any (sid:1;)", "unknown protocol 'foo'"},
    {"alert tcp any any <- any any (sid:1;)", "invalid direction"},
    {"alert tcp $NOPE any -> any any (sid:1;)", "undefined variable $NOPE"},
    {"alert tcp any $NOPE_PORTS -> any any (sid:1;)", "undefined variable $NOPE_PORTS"},
    {"alert tcp any any -> any 70000 (sid:1;)", "invalid port"},
    {"alert tcp any any -> any any (msg:\"x\";)", "missing sid"},
    {"alert tcp any any -> any any (sid:1; sid:2;)", "sid: given twice"},
    {"alert tcp any any -> any any (sid:0;)", "sid: invalid number"},
    {"alert tcp any any -> any any (sid:1;; msg:\"x\";)", "empty option"},
    // keywords
    {tcp_rule("foo:bar;"), "unknown keyword 'foo'"},
    {tcp_rule("xbits:set,a,track ip_src;"), "unsupported keyword 'xbits'"},
    {tcp_rule("nocase;"), "nocase: needs a preceding content"},
    {tcp_rule("depth:5;"), "depth: needs a preceding content"},
    {tcp_rule("content:\"a\"; nocase:1;"), "nocase: takes no argument"},
    {tcp_rule("content;"), "content: needs an argument"},
    {tcp_rule("content:\"\";"), "content: empty pattern"},
    {tcp_rule("content:\"|4|\";"), "odd number of hex digits"},
    {tcp_rule("content:\"|zz|\";"), "invalid hex character"},
    {tcp_rule("content:\"|41\";"), "unterminated hex block"},
    {tcp_rule("content:\"a\\x\";"), "invalid escape"},
    {tcp_rule("content:\"a\"; nocase; nocase;"), "nocase: given twice"},
    {tcp_rule("content:\"abc\"; depth:2;"), "depth 2 is less than the content length 3"},
    {tcp_rule("content:\"a\"; content:\"abc\"; within:2;"), "within 2 is less than the content length 3"},
    {tcp_rule("content:\"a\"; content:\"b\"; depth:4; distance:1;"), "cannot be mixed with distance/within"},
    {tcp_rule("content:\"a\"; startswith; offset:1;"), "startswith cannot be combined"},
    {tcp_rule("content:\"a\"; depth:x;"), "unknown variable 'x'"},
    {tcp_rule("content:\"a\"; offset:-1;"), "out of range"},
    {tcp_rule("content:\"a\"; fast_pattern; content:\"b\"; fast_pattern;"), "more than one content"},
    {tcp_rule("content:!\"a\"; fast_pattern:only;"), "fast_pattern:only cannot be used"},
    {tcp_rule("content:\"abc\"; fast_pattern:2,5;"), "exceeds the content length"},
    {tcp_rule("content:\"a\"; rawbytes; smb.share;"), "needs app-layer buffer smb.share"},
    {tcp_rule("pcre:\"/(/\";"), "regex does not compile"},
    {tcp_rule("pcre:\"/a/J\";"), "unknown flag 'J'"},
    {tcp_rule("pcre:\"abc\";"), "regex must be written"},
    {tcp_rule("pcre:\"/a/UH\";"), "two different buffers"},
    {tcp_rule("flow:to_server,to_client;"), "to_server and to_client are exclusive"},
    {tcp_rule("flow:established,stateless;"), "are exclusive"},
    {tcp_rule("flow:sideways;"), "unknown option 'sideways'"},
    {tcp_rule("flow:established; flow:to_server;"), "flow: given twice"},
    {tcp_rule("flowbits:set;"), "set needs a name"},
    {tcp_rule("flowbits:set,a|b;"), "'|' only works with isset"},
    {tcp_rule("flowbits:frob,a;"), "unknown command"},
    {tcp_rule("flowint:a,isset,3;"), "take no value"},
    {tcp_rule("byte_test:9,=,1,0;"), "nbytes must be 1..8"},
    {tcp_rule("byte_test:24,=,1,0,string,dec;"), "nbytes must be 1..23 with string"},
    {tcp_rule("byte_test:2,~,1,0;"), "unknown operator"},
    {tcp_rule("byte_test:2,=,1;"), "expected <nbytes>"},
    {tcp_rule("byte_test:2,=,1,0,hex;"), "need 'string'"},
    {tcp_rule("byte_test:2,=,1,0,string,dec,little;"), "cannot be combined with big/little/dce"},
    {tcp_rule("byte_jump:2,0,from_beginning,from_end;"), "exclusive"},
    {tcp_rule("byte_jump:2,0,bogus;"), "unknown option 'bogus'"},
    {tcp_rule("byte_extract:2,0,1abc;"), "invalid variable name"},
    {tcp_rule("byte_extract:2,0,v; byte_extract:2,0,v;"), "defined twice"},
    {tcp_rule("byte_extract:2,0,v,align 3;"), "align must be 2 or 4"},
    {tcp_rule("byte_extract:15,0,v,string,hex;"), "nbytes must be 1..14"},
    {tcp_rule("byte_math:bytes 2, offset 0, oper %, rvalue 1, result r;"), "oper must be"},
    {tcp_rule("byte_math:bytes 2, offset 0, oper +, rvalue 1;"), "needs bytes, offset, oper, rvalue and result"},
    {tcp_rule("byte_math:bytes 2, offset 0, oper /, rvalue 0, result r;"), "division by zero"},
    {tcp_rule("isdataat:x;"), "unknown variable 'x'"},
    {tcp_rule("dsize:5<>2;"), "is empty"},
    {tcp_rule("ttl:300;"), "exceeds 255"},
    {tcp_rule("itype:abc;"), "invalid number comparison"},
    {tcp_rule("flags:SX;"), "unknown flag 'X'"},
    {tcp_rule("flags:0S;"), "'0' cannot be combined"},
    {tcp_rule("fragbits:Q;"), "unknown bit"},
    {tcp_rule("ipopts:foo;"), "unknown option 'foo'"},
    {tcp_rule("ip_proto:bogus;"), "unknown protocol 'bogus'"},
    {tcp_rule("threshold:type limit, track by_src, count 1;"), "needs seconds"},
    {tcp_rule("threshold:type limit, track by_foo, count 1, seconds 1;"), "unknown track"},
    {tcp_rule("threshold:type limit, count 1, seconds 1;"), "needs type, track and count"},
    {tcp_rule("detection_filter:track by_src, count 1;"), "needs track, count and seconds"},
    {tcp_rule("tag:session,5;"), "expected <scope>"},
    {tcp_rule("tag:host,5,packets;"), "host scope needs"},
    {tcp_rule("classtype:no-such-class;"), "unknown classtype 'no-such-class'"},
    {tcp_rule("priority:0;"), "expected 1..255"},
    {tcp_rule("target:me;"), "expected src_ip or dest_ip"},
    {tcp_rule("reference:nocomma;"), "expected <type>,<value>"},
    {tcp_rule("msg:noquotes;"), "expected a quoted string"},
    {tcp_rule("stream_size:middle,<,5;"), "side must be"},
    {tcp_rule("http_uri;"), "http_uri: needs a preceding content"},
    {tcp_rule("http.uri; content:\"a\"; http_header;"), "cannot be used after sticky buffer http.uri"},
    {tcp_rule("xor:\"0g\"; content:\"a\";"), "needs a sticky buffer"},
};

TEST(ParserRejects, Table) {
    for (const auto& c : kCases) {
        auto r = parse(c.text);
        ASSERT_FALSE(r.ok()) << "accepted: " << c.text;
        EXPECT_NE(r.error().find(c.reason), std::string::npos)
            << c.text << "\n  expected: " << c.reason << "\n  got:      " << r.error();
        EXPECT_EQ(r.error().find('\n'), std::string::npos) << "reason must be one line";
    }
}

}  // namespace
}  // namespace vigie::rules
