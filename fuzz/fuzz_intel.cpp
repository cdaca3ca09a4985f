// Shared-indicator readers on arbitrary input: the STIX patterning parser, STIX
// bundles, MISP events and plain lists. Partners' files are untrusted: any input
// must give indicators or per-object errors, never a crash, a hang or UB.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "intel/indicator_formats.h"
#include "intel/stix_pattern.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    switch (data[0] % 4) {
        case 0:
            (void)vigie::intel::reduce_stix_pattern(text);
            break;
        case 1:
        case 2: {
            const auto doc = nlohmann::json::parse(text, nullptr, false);
            if (doc.is_discarded()) break;
            if (data[0] % 4 == 1) (void)vigie::intel::parse_stix_bundle(doc);
            else (void)vigie::intel::parse_misp(doc);
            break;
        }
        default:
            (void)vigie::intel::parse_plain_list(text, std::nullopt, "fuzz");
            break;
    }
    return 0;
}
