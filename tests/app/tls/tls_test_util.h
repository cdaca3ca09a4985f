// Builders for TLS bytes (records, handshake messages, hellos, extensions) and a
// harness that feeds a parser split at chosen points, for the TLS tests.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "app/parsers.h"
#include "app/tls/tls_transaction.h"

namespace vigie::app::testing {

using Bytes = std::vector<uint8_t>;

inline void put16(Bytes& b, uint32_t v) {
    b.push_back(uint8_t(v >> 8));
    b.push_back(uint8_t(v));
}
inline void put24(Bytes& b, uint32_t v) {
    b.push_back(uint8_t(v >> 16));
    put16(b, v);
}
inline void append(Bytes& b, const Bytes& more) { b.insert(b.end(), more.begin(), more.end()); }
inline Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) append(out, p);
    return out;
}

// TLSPlaintext: type, version, u16 length, fragment.
inline Bytes record(uint8_t type, const Bytes& fragment, uint16_t version = 0x0303) {
    Bytes b{type};
    put16(b, version);
    put16(b, uint32_t(fragment.size()));
    append(b, fragment);
    return b;
}
// Handshake: msg_type, u24 length, body.
inline Bytes handshake(uint8_t type, const Bytes& body) {
    Bytes b{type};
    put24(b, uint32_t(body.size()));
    append(b, body);
    return b;
}

struct Ext {
    uint16_t type;
    Bytes data;
};
inline Ext ext_sni(const std::string& host) {
    Bytes name{0};  // host_name
    put16(name, uint32_t(host.size()));
    name.insert(name.end(), host.begin(), host.end());
    Bytes d;
    put16(d, uint32_t(name.size()));
    append(d, name);
    return {0x0000, d};
}
// A u16 list with a u16 length (supported_groups, signature_algorithms) or u8
// length (supported_versions in a ClientHello).
inline Ext ext_u16s(uint16_t type, std::initializer_list<uint16_t> v, bool u8_len = false) {
    Bytes d;
    if (u8_len) d.push_back(uint8_t(v.size() * 2));
    else put16(d, uint32_t(v.size() * 2));
    for (uint16_t x : v) put16(d, x);
    return {type, d};
}
inline Ext ext_point_formats(std::initializer_list<uint8_t> v) {
    Bytes d{uint8_t(v.size())};
    d.insert(d.end(), v.begin(), v.end());
    return {0x000b, d};
}
inline Ext ext_alpn(std::initializer_list<std::string> protos) {
    Bytes list;
    for (const auto& p : protos) {
        list.push_back(uint8_t(p.size()));
        list.insert(list.end(), p.begin(), p.end());
    }
    Bytes d;
    put16(d, uint32_t(list.size()));
    append(d, list);
    return {0x0010, d};
}

inline Bytes ext_block(const std::vector<Ext>& exts) {
    Bytes all;
    for (const auto& e : exts) {
        put16(all, e.type);
        put16(all, uint32_t(e.data.size()));
        append(all, e.data);
    }
    Bytes b;
    put16(b, uint32_t(all.size()));
    append(b, all);
    return b;
}

// ClientHello body: version, random (0x11 * 32), session id, ciphers, null compression, extensions.
inline Bytes client_hello_body(uint16_t version, std::initializer_list<uint16_t> ciphers,
                               const std::vector<Ext>& exts, const Bytes& session_id = {}) {
    Bytes b;
    put16(b, version);
    b.insert(b.end(), 32, 0x11);
    b.push_back(uint8_t(session_id.size()));
    append(b, session_id);
    put16(b, uint32_t(ciphers.size() * 2));
    for (uint16_t c : ciphers) put16(b, c);
    b.push_back(1);
    b.push_back(0);
    if (!exts.empty()) append(b, ext_block(exts));
    return b;
}
inline Bytes server_hello_body(uint16_t version, uint16_t cipher, const std::vector<Ext>& exts,
                               const Bytes& session_id = {}, uint8_t random_byte = 0x22) {
    Bytes b;
    put16(b, version);
    b.insert(b.end(), 32, random_byte);
    b.push_back(uint8_t(session_id.size()));
    append(b, session_id);
    put16(b, cipher);
    b.push_back(0);
    if (!exts.empty()) append(b, ext_block(exts));
    return b;
}

// A parser fed the way the pipeline does; `chunk` > 0 splits every feed into
// pieces of that size (1 = byte by byte).
struct TlsRun {
    std::unique_ptr<AppParser> parser = make_tls_parser(AppConfig{});
    std::vector<std::string> events;
    uint32_t chunk = 0;

    void feed(bool to_server, const Bytes& b) {
        const uint32_t step = chunk ? chunk : uint32_t(b.size());
        for (size_t off = 0; off < b.size(); off += step) {
            const uint32_t n = uint32_t(std::min<size_t>(step, b.size() - off));
            parser->feed(to_server, b.data() + off, n, Timestamp{1, 0});
        }
        for (auto& e : parser->events()) events.push_back(e.name);
        parser->events().clear();
    }
    const TlsTransaction* tx() {
        return parser->tx_count() ? static_cast<const TlsTransaction*>(parser->tx_at(0)) : nullptr;
    }
    std::string buf(BufferId id, bool to_server = true, uint32_t index = 0) {
        BufferView v;
        const auto* t = tx();
        if (!t || !t->buffer_dir(id, to_server, index, v)) return "<none>";
        return std::string(reinterpret_cast<const char*>(v.data), v.len);
    }
    bool has_event(const std::string& name) const {
        for (const auto& e : events)
            if (e == name) return true;
        return false;
    }
};

}  // namespace vigie::app::testing
