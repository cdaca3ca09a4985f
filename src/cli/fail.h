// How a command reports a failure: one line "vigie: error: ..." on stderr, and the
// exit code it returns (1: bad input or I/O, 2: bad usage).
#pragma once
#include <cstdio>
#include <string>

namespace vigie::cli {

inline constexpr int kExitError = 1, kExitUsage = 2;

inline int fail(const std::string& msg, int code = kExitError) {
    std::fprintf(stderr, "vigie: error: %s\n", msg.c_str());
    return code;
}

}  // namespace vigie::cli
