// An evidence record: what is hashed into the log for one flow with alerts.
//
//   "VGEVREC1"                                   8 bytes
//   4 sections, in this order, each:  tag (4 ASCII bytes) | u64 LE length | bytes
//     META  a JSON object: format, sensor, engine, ruleset SHA-256, flow, counts
//     ALRT  the flow's EVE alert lines, exactly as written (each ends in '\n'),
//           without vigie.evidence (which names this record and so cannot be in it)
//     RULE  the text of each rule that matched (and the rules setting the flowbits
//           it tests), one per line
//     PCAP  the packets as one pcapng section (pcapng.h)
//
// Fixed order and no trailing bytes: one content has exactly one encoding, so the
// record's hash identifies the content.
#pragma once
#include <string>
#include <string_view>

#include "common/result.h"

namespace vigie::evidence {

struct RecordContent {
    std::string meta;     // JSON object text
    std::string alerts;   // EVE lines
    std::string rules;    // rule lines
    std::string pcapng;
};

std::string encode_record(const RecordContent& r);
Result<RecordContent> decode_record(std::string_view bytes);

}  // namespace vigie::evidence
