// Table row for decoder tests: a frame and what the decoder must find in it.
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "frame_builder.h"

namespace vigie::test {

struct Expect {
    uint8_t ip_version = 0;
    uint8_t ip_proto = 0;
    uint16_t sp = 0, dp = 0;
    int payload_len = -1;  // -1: not checked
    bool decoded_l4 = false;
    std::vector<DecodeEvent> events = {};
    uint8_t vlan_count = 0;
    uint16_t vlan0 = 0, vlan1 = 0;
};

struct DecodeCase {
    const char* name;
    uint16_t linktype;
    Bytes frame;
    Expect e;
};

inline std::string event_names(const Packet& p) {
    std::string s;
    for (unsigned i = 0; i < p.events.count; ++i) s += std::string(decode_event_name(p.events.list[i])) + " ";
    return s;
}

inline void check_case(const DecodeCase& c) {
    SCOPED_TRACE(c.name);
    Packet p = decode(c.frame, c.linktype);
    EXPECT_EQ(p.ip_version, c.e.ip_version);
    EXPECT_EQ(p.ip_proto, c.e.ip_proto);
    EXPECT_EQ(p.sp, c.e.sp);
    EXPECT_EQ(p.dp, c.e.dp);
    if (c.e.payload_len >= 0) {
        EXPECT_EQ(int(p.payload_len), c.e.payload_len);
    }
    EXPECT_EQ(p.decoded_l4, c.e.decoded_l4);
    EXPECT_EQ(p.vlan_count, c.e.vlan_count);
    EXPECT_EQ(p.vlan_id[0], c.e.vlan0);
    EXPECT_EQ(p.vlan_id[1], c.e.vlan1);
    ASSERT_EQ(p.events.count, c.e.events.size()) << "events: " << event_names(p);
    for (size_t i = 0; i < c.e.events.size(); ++i)
        EXPECT_TRUE(p.events.has(c.e.events[i])) << decode_event_name(c.e.events[i]) << " missing; got " << event_names(p);
    if (p.payload_len) {
        // payload lies inside the frame
        EXPECT_GE(p.payload, c.frame.data());
        EXPECT_LE(p.payload + p.payload_len, c.frame.data() + c.frame.size());
    }
}

// Every prefix of a frame must decode without reading past it: each prefix is
// a separate heap copy of exactly that size, so ASan builds catch overreads.
inline void check_all_prefixes(const Bytes& frame, uint16_t linktype) {
    for (size_t n = 0; n <= frame.size(); ++n) {
        std::vector<uint8_t> cut(frame.begin(), frame.begin() + long(n));
        Packet p = decode(cut, linktype);
        if (p.payload_len) {
            ASSERT_GE(p.payload, cut.data());
            ASSERT_LE(p.payload + p.payload_len, cut.data() + cut.size());
        }
    }
}

}  // namespace vigie::test
