// Capture readers (pcap and pcapng, both byte orders) on arbitrary bytes:
// open, then read every frame; each frame must lie inside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "capture/capture_source.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto src = vigie::open_capture_memory(data, size, "fuzz");
    if (!src) return 0;
    vigie::RawFrame f;
    for (;;) {
        auto r = (*src)->next(f);
        if (!r.ok() || !*r) break;
        if (f.caplen && (f.data < data || f.data + f.caplen > data + size)) std::abort();
    }
    return 0;
}
