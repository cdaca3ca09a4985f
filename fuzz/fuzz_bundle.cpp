// libFuzzer target: the evidence bundle reader and the formats inside a bundle
// (ustar container, records, pcapng sections, checkpoints, store segments). A
// verifier runs on files from strangers: it must reject, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "evidence/bundle.h"
#include "evidence/checkpoint.h"
#include "evidence/pcapng.h"
#include "evidence/record.h"
#include "evidence/segment.h"
#include "evidence/tar.h"

using namespace vigie::evidence;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    static const PublicKey key = [] {
        PublicKey k;
        for (size_t i = 0; i < k.bytes.size(); ++i) k.bytes[i] = uint8_t(i * 7 + 1);
        return k;
    }();
    (void)verify_bundle(in, key);
    (void)read_tar(in);
    (void)decode_record(in);
    (void)read_pcapng(in);
    (void)scan_segment(in);
    (void)parse_checkpoint_log_line(in);
    return 0;
}
