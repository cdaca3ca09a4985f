#include "evidence/alert_line.h"

namespace vigie::evidence {

namespace {

// Offset just after the '{' opening the value of the top-level key "vigie", or npos.
// Walks the JSON text tracking depth and strings, so a "vigie" inside a string value
// or a nested object is never taken for ours.
size_t find_top_level_vigie(std::string_view s) {
    int depth = 0;
    bool in_str = false, esc = false;
    size_t str_start = 0;
    std::string_view last_key;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (in_str) {
            if (esc) esc = false;
            else if (c == '\\') esc = true;
            else if (c == '"') {
                in_str = false;
                last_key = s.substr(str_start, i - str_start);
            }
            continue;
        }
        switch (c) {
            case '"':
                in_str = true;
                str_start = i + 1;
                break;
            case ':':
                break;
            case '{':
                if (depth == 1 && last_key == "vigie" && i > 0) {
                    // the previous non-space character must be the ':' after the key
                    size_t j = i;
                    while (j > 0 && (s[j - 1] == ' ')) --j;
                    if (j > 0 && s[j - 1] == ':') return i + 1;
                }
                ++depth;
                break;
            case '[':
                ++depth;
                break;
            case '}':
            case ']':
                --depth;
                break;
            case ',':
                last_key = {};
                break;
            default:
                break;
        }
    }
    return std::string_view::npos;
}

}  // namespace

std::string alert_evidence_id(const Digest& record_sha256, size_t position) {
    return to_hex(record_sha256.data(), 8) + "." + std::to_string(position);
}

std::string add_evidence_member(std::string_view line, std::string_view id, const Digest& record_sha256,
                                uint64_t log_index) {
    // id is hex and digits only: no escaping needed.
    const std::string ev = "\"evidence\":{\"id\":\"" + std::string(id) + "\",\"record_sha256\":\"" +
                           to_hex(record_sha256) + "\",\"log_index\":" + std::to_string(log_index) + "}";
    std::string_view body = line;
    std::string_view tail;
    if (!body.empty() && body.back() == '\n') {
        body.remove_suffix(1);
        tail = "\n";
    }
    std::string out;
    out.reserve(line.size() + ev.size() + 16);
    const size_t at = find_top_level_vigie(body);
    if (at != std::string_view::npos) {
        out.append(body.substr(0, at));
        out.append(ev);
        if (at < body.size() && body[at] != '}') out.push_back(',');
        out.append(body.substr(at));
    } else {
        const size_t close = body.rfind('}');
        if (close == std::string_view::npos) return std::string(line);  // not an object: leave it
        out.append(body.substr(0, close));
        if (body.find_first_not_of(" {", 0) < close) out.push_back(',');
        out.append("\"vigie\":{").append(ev).append("}");
        out.append(body.substr(close));
    }
    out.append(tail);
    return out;
}

}  // namespace vigie::evidence
