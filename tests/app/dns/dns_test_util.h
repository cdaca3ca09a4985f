// Builds DNS wire messages for tests, so each case reads as what it sends.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::app::dns::test {

using Bytes = std::vector<uint8_t>;

struct Msg {
    Bytes b;

    // 12-byte header.
    static Msg header(uint16_t id, uint16_t flags, uint16_t qd, uint16_t an = 0, uint16_t ns = 0, uint16_t ar = 0) {
        Msg m;
        for (uint16_t v : {id, flags, qd, an, ns, ar}) m.u16(v);
        return m;
    }
    Msg& u8(uint8_t v) {
        b.push_back(v);
        return *this;
    }
    Msg& u16(uint16_t v) {
        b.push_back(uint8_t(v >> 8));
        b.push_back(uint8_t(v));
        return *this;
    }
    Msg& u32(uint32_t v) { return u16(uint16_t(v >> 16)).u16(uint16_t(v)); }
    Msg& raw(std::string_view s) {
        b.insert(b.end(), s.begin(), s.end());
        return *this;
    }
    Msg& raw(std::initializer_list<uint8_t> v) {
        b.insert(b.end(), v.begin(), v.end());
        return *this;
    }
    // "www.example.com" as labels and the root byte; "" is the root alone.
    Msg& name(std::string_view dotted) {
        size_t i = 0;
        while (i < dotted.size()) {
            size_t dot = dotted.find('.', i);
            if (dot == std::string_view::npos) dot = dotted.size();
            u8(uint8_t(dot - i));
            raw(dotted.substr(i, dot - i));
            i = dot + 1;
        }
        return u8(0);
    }
    // Labels then a compression pointer to `offset`.
    Msg& name_ptr(std::string_view prefix, uint16_t offset) {
        size_t i = 0;
        while (i < prefix.size()) {
            size_t dot = prefix.find('.', i);
            if (dot == std::string_view::npos) dot = prefix.size();
            u8(uint8_t(dot - i));
            raw(prefix.substr(i, dot - i));
            i = dot + 1;
        }
        return u16(uint16_t(0xc000 | offset));
    }
    Msg& question(std::string_view qname, uint16_t type, uint16_t cls = 1) { return name(qname).u16(type).u16(cls); }
    // Record header after its owner name; rdata follows.
    Msg& rr_fixed(uint16_t type, uint32_t ttl, uint16_t rdlen, uint16_t cls = 1) {
        return u16(type).u16(cls).u32(ttl).u16(rdlen);
    }
    Msg& rr(std::string_view owner, uint16_t type, uint32_t ttl, const Bytes& rdata) {
        name(owner).rr_fixed(type, ttl, uint16_t(rdata.size()));
        b.insert(b.end(), rdata.begin(), rdata.end());
        return *this;
    }
    // With the owner compressed to `offset`.
    Msg& rr_ptr(uint16_t offset, uint16_t type, uint32_t ttl, const Bytes& rdata) {
        u16(uint16_t(0xc000 | offset)).rr_fixed(type, ttl, uint16_t(rdata.size()));
        b.insert(b.end(), rdata.begin(), rdata.end());
        return *this;
    }
    size_t size() const { return b.size(); }
    // TCP framing: 2-byte length then the message.
    Bytes tcp() const {
        Bytes out{uint8_t(b.size() >> 8), uint8_t(b.size())};
        out.insert(out.end(), b.begin(), b.end());
        return out;
    }
};

inline Bytes name_bytes(std::string_view dotted) { return Msg{}.name(dotted).b; }

// Question name of the first question always sits at offset 12.
constexpr uint16_t kQname = 12;

}  // namespace vigie::app::dns::test
