// Test helper: the application bytes of the first TCP connection with data in a small
// classic pcap (Ethernet, BSD null or raw IP; IPv4/IPv6), in capture order, each
// direction in sequence order. Just enough to replay suricata-verify captures into
// a parser without the capture/flow stages (which app tests do not link).
#pragma once
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace vigie::app::testing {

struct StreamChunk2 {
    bool to_server;
    std::vector<uint8_t> data;
};

inline std::vector<StreamChunk2> pcap_tcp_stream(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> f((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<StreamChunk2> out;
    if (f.size() < 24) return out;
    const bool swapped = f[0] == 0xa1;  // big-endian file
    auto rd32 = [&](size_t o) {
        return swapped ? (uint32_t(f[o]) << 24 | uint32_t(f[o + 1]) << 16 | uint32_t(f[o + 2]) << 8 | f[o + 3])
                       : (uint32_t(f[o + 3]) << 24 | uint32_t(f[o + 2]) << 16 | uint32_t(f[o + 1]) << 8 | f[o]);
    };
    auto be16 = [](const uint8_t* p) { return uint32_t(p[0]) << 8 | p[1]; };
    auto be32 = [](const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; };
    const uint32_t linktype = rd32(20);

    bool have_conn = false;
    std::string client_key;  // src addr+port of the SYN sender
    uint32_t next[2] = {0, 0};
    bool synced[2] = {false, false};
    std::map<uint32_t, std::vector<uint8_t>> pending[2];

    for (size_t off = 24; off + 16 <= f.size();) {
        const uint32_t caplen = rd32(off + 8);
        const uint8_t* p = f.data() + off + 16;
        off += 16 + caplen;
        if (off > f.size()) break;
        uint32_t n = caplen;
        // Link layer -> IP.
        if (linktype == 1) {
            if (n < 14) continue;
            uint32_t et = be16(p + 12), l2 = 14;
            while (et == 0x8100 && n >= l2 + 4) {
                et = be16(p + l2 + 2);
                l2 += 4;
            }
            p += l2;
            n -= l2;
        } else if (linktype == 0) {
            if (n < 4) continue;
            p += 4;
            n -= 4;
        } else if (linktype != 101 && linktype != 12 && linktype != 228 && linktype != 229) {
            continue;
        }
        if (n < 20) continue;
        const uint8_t* tcp;
        uint32_t tcp_len;
        std::string src, dst;
        if ((p[0] >> 4) == 4) {
            const uint32_t ihl = (p[0] & 15) * 4, total = be16(p + 2);
            if (p[9] != 6 || total > n || total < ihl + 20) continue;
            src.assign(reinterpret_cast<const char*>(p + 12), 4);
            dst.assign(reinterpret_cast<const char*>(p + 16), 4);
            tcp = p + ihl;
            tcp_len = total - ihl;
        } else if ((p[0] >> 4) == 6) {
            if (n < 60 || p[6] != 6) continue;
            const uint32_t plen = be16(p + 4);
            if (40 + plen > n) continue;
            src.assign(reinterpret_cast<const char*>(p + 8), 16);
            dst.assign(reinterpret_cast<const char*>(p + 24), 16);
            tcp = p + 40;
            tcp_len = plen;
        } else {
            continue;
        }
        const uint32_t doff = (tcp[12] >> 4) * 4;
        if (doff < 20 || doff > tcp_len) continue;
        src.append(reinterpret_cast<const char*>(tcp), 2);
        dst.append(reinterpret_cast<const char*>(tcp + 2), 2);
        const uint8_t flags = tcp[13];
        const uint32_t seq = be32(tcp + 4);
        // The connection is the first SYN's, or a later SYN's while none carried data
        // (a refused attempt before the real one).
        if ((flags & 0x12) == 0x02 && (!have_conn || out.empty()) && src + dst != client_key) {
            have_conn = true;
            client_key = src + dst;
            synced[0] = synced[1] = false;
            pending[0].clear();
            pending[1].clear();
        }
        if (!have_conn) continue;
        int d;
        if (src + dst == client_key) d = 0;
        else if (dst + src == client_key) d = 1;
        else continue;
        if (flags & 0x02) {
            next[d] = seq + 1;
            synced[d] = true;
            continue;
        }
        if (!synced[d]) continue;
        const uint8_t* data = tcp + doff;
        uint32_t len = tcp_len - doff;
        if (len == 0) continue;
        pending[d][seq].assign(data, data + len);
        // Deliver what is now contiguous.
        for (auto it = pending[d].begin(); it != pending[d].end();) {
            const uint32_t s = it->first;
            const auto& b = it->second;
            if (int32_t(s - next[d]) > 0) break;
            const uint32_t skip = next[d] - s;
            if (skip < b.size()) {
                out.push_back({d == 0, std::vector<uint8_t>(b.begin() + skip, b.end())});
                next[d] += uint32_t(b.size()) - skip;
            }
            it = pending[d].erase(it);
        }
    }
    return out;
}

}  // namespace vigie::app::testing
