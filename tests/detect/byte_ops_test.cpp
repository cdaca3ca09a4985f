// byte_test / byte_jump / byte_extract / byte_math, table-driven through full rules.
#include "detect_test_util.h"
#include "detect/byte_ops.h"

namespace vigie::detect::testing {
namespace {

struct Row {
    const char* opts;
    std::string payload;
    bool fires;
};

void PrintTo(const Row& r, std::ostream* os) { *os << r.opts; }

class ByteTable : public ::testing::TestWithParam<Row> {};

TEST_P(ByteTable, Fires) {
    const Row& row = GetParam();
    Harness h({std::string("alert udp any any -> any any (msg:\"t\"; ") + row.opts + " sid:1;)"});
    ASSERT_TRUE(h.det);
    ASSERT_TRUE(h.rejected.empty()) << h.rejected.front().reason;
    auto pkt = TestPacket::udp(row.payload);
    EXPECT_EQ(h.fires(pkt.p), row.fires);
}

const std::string kBin("\x01\x02\x00\x10\xff\x00\x00\x04", 8);

INSTANTIATE_TEST_SUITE_P(ByteTest, ByteTable, ::testing::Values(
    Row{"content:\"|01 02|\"; byte_test:2,=,16,2;", kBin, true},                // 0x0010 big endian
    Row{"content:\"|01 02|\"; byte_test:2,=,4096,2,little;", kBin, true},      // 0x1000 little endian
    Row{"content:\"|01 02|\"; byte_test:2,>,15,2;", kBin, true},
    Row{"content:\"|01 02|\"; byte_test:2,<,16,2;", kBin, false},
    Row{"content:\"|01 02|\"; byte_test:2,!=,16,2;", kBin, false},
    Row{"content:\"|01 02|\"; byte_test:2,<=,16,2;", kBin, true},
    Row{"content:\"|01 02|\"; byte_test:1,&,0x10,3;", kBin, true},
    Row{"content:\"|01 02|\"; byte_test:1,&,0x01,3;", kBin, false},
    Row{"content:\"|01 02|\"; byte_test:1,=,0x10,1,relative;", kBin, true},    // cursor after |01 02|
    Row{"content:\"|01 02|\"; byte_test:2,=,1,7;", kBin, false},               // out of bounds
    // bitmask: AND, then shift right by the mask's trailing zeros (0xf0 -> >>4)
    Row{"content:\"|01 02|\"; byte_test:1,=,0x0f,4,bitmask 0xf0;", kBin, true},
    Row{"content:\"|01 02|\"; byte_test:1,=,0xf0,4,bitmask 0xf0;", kBin, false},
    // string bases
    Row{"content:\"len=\"; byte_test:3,=,123,0,relative,string,dec;", "len=123;", true},
    Row{"content:\"len=\"; byte_test:2,=,0x1f,0,relative,string,hex;", "len=1f;", true},
    Row{"content:\"len=\"; byte_test:2,=,8,0,relative,string,oct;", "len=10;", true},
    Row{"content:\"len=\"; byte_test:3,>,100,0,relative,string,dec;", "len=abc;", false}
));

INSTANTIATE_TEST_SUITE_P(ByteJump, ByteTable, ::testing::Values(
    // length byte 3, skip it: the cursor lands on "XYZ"'s successor
    Row{"content:\"|ff|\"; byte_jump:1,0,relative; content:\"END\"; within:3;", std::string("\xff\x03" "abcEND", 8), true},
    Row{"content:\"|ff|\"; byte_jump:1,0,relative; content:\"END\"; within:3;", std::string("\xff\x02" "abcEND", 8), false},
    Row{"content:\"|ff|\"; byte_jump:1,0,relative,multiplier 2; content:\"E\"; within:1;", std::string("\xff\x02" "abcdE", 7), true},
    Row{"content:\"|ff|\"; byte_jump:1,0,relative,align; content:\"E\"; within:1;", std::string("\xff\x03" "abcdE", 7), true},
    Row{"content:\"|ff|\"; byte_jump:1,0,relative,post_offset 1; content:\"E\"; within:1;", std::string("\xff\x02" "abcE", 6), true},
    Row{"content:\"|ff|\"; byte_jump:1,1,from_beginning; content:\"b\"; within:1;", std::string("\xff\x03" "abcE", 6), true},
    Row{"content:\"|ff|\"; byte_jump:1,1,from_end,post_offset -2; content:\"cE\"; within:2;", std::string("\xff\x00" "abcE", 6), true},
    Row{"content:\"|ff|\"; byte_jump:1,0,relative; content:\"E\";", std::string("\xff\x09" "abc", 5), false},  // past the end
    Row{"content:\"n=\"; byte_jump:2,0,relative,string,dec; content:\"X\"; within:1;", "n=03abcX", true}
));

INSTANTIATE_TEST_SUITE_P(ByteExtractMath, ByteTable, ::testing::Values(
    Row{"content:\"|ff|\"; byte_extract:1,0,len,relative; content:\"abc\"; distance:len; within:3;", std::string("\xff\x02" "xxabc", 7), true},
    Row{"content:\"|ff|\"; byte_extract:1,0,len,relative; content:\"abc\"; distance:len; within:3;", std::string("\xff\x01" "xxabc", 7), false},
    Row{"content:\"|ff|\"; byte_extract:1,0,v,relative; byte_test:1,=,v,0,relative;", std::string("\xff\x07\x07", 3), true},
    Row{"content:\"|ff|\"; byte_extract:1,0,v,relative; byte_test:1,=,v,0,relative;", std::string("\xff\x07\x08", 3), false},
    Row{"content:\"|ff|\"; byte_extract:1,0,v,relative,multiplier 3; byte_test:1,=,v,0,relative;", std::string("\xff\x02\x06", 3), true},
    Row{"content:\"|ff|\"; byte_math:bytes 1,offset 0,oper +,rvalue 5,result r,relative; byte_test:1,=,r,0,relative;", std::string("\xff\x02\x07", 3), true},
    Row{"content:\"|ff|\"; byte_math:bytes 1,offset 0,oper *,rvalue 2,result r,relative; byte_test:1,=,r,0,relative;", std::string("\xff\x03\x06", 3), true},
    Row{"content:\"|ff|\"; byte_math:bytes 1,offset 0,oper >>,rvalue 1,result r,relative; byte_test:1,=,r,0,relative;", std::string("\xff\x08\x04", 3), true},
    // division by a variable that is 0 fails the rule
    Row{"content:\"|ff|\"; byte_extract:1,0,z,relative; byte_math:bytes 1,offset 0,oper /,rvalue z,result r,relative; isdataat:0,relative;", std::string("\xff\x00\x04", 3), false},
    Row{"content:\"|ff|\"; byte_extract:1,0,z,relative; byte_math:bytes 1,offset 0,oper /,rvalue z,result r,relative; byte_test:1,=,r,0,relative;", std::string("\xff\x02\x08\x04", 4), true}
));

TEST(ByteOps, ReadNumber) {
    const uint8_t b[] = {0x12, 0x34, 0x56, '4', '2', 'z'};
    uint64_t v = 0;
    ASSERT_TRUE(read_number(b, 6, 0, 2, rules::Endian::Big, rules::NumBase::Binary, &v));
    EXPECT_EQ(v, 0x1234u);
    ASSERT_TRUE(read_number(b, 6, 0, 3, rules::Endian::Little, rules::NumBase::Binary, &v));
    EXPECT_EQ(v, 0x563412u);
    ASSERT_TRUE(read_number(b, 6, 0, 2, rules::Endian::Dce, rules::NumBase::Binary, &v));
    EXPECT_EQ(v, 0x3412u);
    ASSERT_TRUE(read_number(b, 6, 3, 3, rules::Endian::Big, rules::NumBase::Dec, &v));
    EXPECT_EQ(v, 42u);  // stops at 'z', as Suricata's reader
    EXPECT_FALSE(read_number(b, 6, 5, 1, rules::Endian::Big, rules::NumBase::Dec, &v));
    EXPECT_FALSE(read_number(b, 6, 5, 2, rules::Endian::Big, rules::NumBase::Binary, &v));
    EXPECT_EQ(apply_bitmask(0xab, 0xf0), 0xau);
    EXPECT_EQ(apply_bitmask(0xab, 0x0f), 0xbu);
}

}  // namespace
}  // namespace vigie::detect::testing
