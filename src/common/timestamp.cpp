#include "common/timestamp.h"

#include <ctime>
#include <cstdio>

namespace vigie {

std::string Timestamp::to_eve() const {
    time_t t = static_cast<time_t>(sec);
    struct tm tm {};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06u+0000", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, nsec / 1000);
    return buf;
}

}  // namespace vigie
