// The packets of an evidence record as one pcapng section (Wireshark opens it):
// a Section Header Block, one Interface Description Block per link type (with
// if_tsresol = 9, nanoseconds) and one Enhanced Packet Block per frame. Each EPB
// carries an opt_comment "pcap_cnt=N" (and " alert" on alerting frames), so the
// frame keeps its position in the original capture, which the replay and the
// alerts' pcap_cnt refer to. Little-endian only; we write it and read our own.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/timestamp.h"

namespace vigie::evidence {

struct EvidenceFrame {
    uint64_t pcap_cnt = 0;
    Timestamp ts;
    uint32_t wirelen = 0;
    uint16_t linktype = 0;
    bool alert = false;       // an alert was raised on this frame
    std::string data;         // captured bytes
};

// Appends one complete section to `out`.
void write_pcapng(std::string& out, const std::vector<const EvidenceFrame*>& frames);

// Reads every section of `bytes` (several sections may be concatenated, as a bundle's
// packets.pcapng is). Fails with the offset of the first malformed block.
Result<std::vector<EvidenceFrame>> read_pcapng(std::string_view bytes);

}  // namespace vigie::evidence
