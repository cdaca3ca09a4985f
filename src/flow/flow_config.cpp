#include "flow/flow_config.h"

#include <string>

namespace vigie {

Result<void> validate_flow_config(const FlowConfig& cfg) {
    const StreamConfig& s = cfg.stream;
    if (cfg.max_flows == 0 || cfg.max_flows > (1u << 26))
        return make_error("flow.memcap: max_flows must be between 1 and 67108864, got " +
                          std::to_string(cfg.max_flows));
    if (cfg.emergency_recovery_pct > 100)
        return make_error("flow.emergency-recovery: must be a percentage (0..100)");
    if (s.lookback > (1u << 20))
        return make_error("stream.lookback: must be at most 1048576 bytes, got " + std::to_string(s.lookback));
    // A whole maximum-size segment must fit the out-of-order window.
    if (s.max_ooo_bytes < 65536 || s.max_ooo_bytes > (1u << 30))
        return make_error("stream.max-ooo-bytes: must be between 65536 and 1073741824, got " +
                          std::to_string(s.max_ooo_bytes));
    if (s.max_ooo_ranges == 0 || s.max_ooo_ranges > 64)
        return make_error("stream.max-ooo-ranges: must be between 1 and 64, got " +
                          std::to_string(s.max_ooo_ranges));
    if (s.max_seq_jump == 0 || s.max_seq_jump > (1u << 30))
        return make_error("stream.max-seq-jump: must be between 1 and 1073741824");
    return {};
}

}  // namespace vigie
