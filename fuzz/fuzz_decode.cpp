// Decoder + defragmenter on arbitrary bytes. The first input byte picks the
// link type, so one corpus covers every link-layer entry point; fragments from
// successive inputs meet in one long-lived defragmenter.
#include <cstddef>
#include <cstdint>

#include "decode/decode_stats.h"
#include "decode/decoder.h"
#include "decode/defrag.h"

namespace {
constexpr uint16_t kLinktypes[] = {
    vigie::kLinkEthernet, vigie::kLinkRaw, vigie::kLinkIpv4, vigie::kLinkIpv6, vigie::kLinkSll,
    vigie::kLinkSll2,     vigie::kLinkNull, vigie::kLinkLoop, vigie::kLinkPpp,  vigie::kLinkRawAlt12,
};
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static vigie::Decoder decoder;
    static vigie::Defragmenter defrag(vigie::DefragConfig{.memcap = 1u << 20, .timeout_sec = 5});
    static vigie::DecodeStats stats;
    static int64_t clock = 0;
    if (size < 1) return 0;
    vigie::Packet p;
    p.linktype = kLinktypes[data[0] % (sizeof kLinktypes / sizeof kLinktypes[0])];
    p.data = data + 1;
    p.caplen = p.wirelen = uint32_t(size - 1);
    p.ts.sec = clock++ / 16;
    decoder.decode_packet(p);
    if (p.is_fragment) {
        vigie::Packet whole;
        if (defrag.add(p, whole)) {
            decoder.decode_reassembled(whole);
            stats.add(whole);
        }
    }
    stats.add(p);
    return 0;
}
