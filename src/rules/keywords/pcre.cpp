// pcre:[!]"/<regex>/<flags>"[, flow:<var>|pkt:<var>]. The regex is compiled here with
// PCRE2 to reject bad patterns at load time; detect/ JIT-compiles the shared code later.
#include <memory>
#include <string>

#include "rules/compiled_pcre.h"
#include "rules/keywords/keywords.h"
#include "rules/text_util.h"

namespace vigie::rules::kwfn {
namespace {

// Suricata's buffer-selecting pcre flags (legacy HTTP modifiers). K is Snort's raw cookie;
// Suricata has no raw cookie buffer, so it selects http.cookie.
std::string_view flag_buffer(char f) {
    switch (f) {
        case 'U': return "http.uri";
        case 'I': return "http.uri.raw";
        case 'P': return "http.request_body";
        case 'Q': return "file.data";  // Suricata 6+ serves the response body as file.data
        case 'H': return "http.header";
        case 'D': return "http.header.raw";
        case 'M': return "http.method";
        case 'C': return "http.cookie";
        case 'K': return "http.cookie";
        case 'S': return "http.stat_code";
        case 'Y': return "http.stat_msg";
        case 'V': return "http.user_agent";
        case 'W': return "http.host";
        case 'Z': return "http.host.raw";
        default: return {};
    }
}

}  // namespace

Result<void> pcre(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    Pcre p;
    arg = trim(arg);
    if (!arg.empty() && arg[0] == '!') {
        p.negated = true;
        arg = trim(arg.substr(1));
    }
    // closing quote of the regex string: the last '"' (captures follow it after a comma)
    if (arg.empty() || arg[0] != '"') return make_error("expected a quoted \"/regex/flags\"");
    size_t close = arg.rfind('"');
    if (close == 0) return make_error("unterminated quoted string");
    std::string_view quoted = arg.substr(1, close - 1);
    std::string_view rest = trim(arg.substr(close + 1));
    if (!rest.empty()) {
        if (rest[0] != ',') return make_error("unexpected text after the regex");
        for (auto cap : split_args(rest.substr(1))) {
            if (!starts_with_ci(cap, "flow:") && !starts_with_ci(cap, "pkt:") && !starts_with_ci(cap, "tx:"))
                return make_error("capture must be flow:<name>, pkt:<name> or tx:<name>");
            p.capture_vars.emplace_back(cap);
        }
    }
    if (quoted.size() < 2 || quoted[0] != '/') return make_error("regex must be written /.../flags");
    size_t last_slash = quoted.rfind('/');
    if (last_slash == 0) return make_error("regex must be written /.../flags");
    // Inside the rule string, \; \" and \\ were escaped for the rule syntax; PCRE sees the
    // rest untouched (\d, \x20, ... are the regex's own escapes).
    std::string body;
    std::string_view raw = quoted.substr(1, last_slash - 1);
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size() && (raw[i + 1] == ';' || raw[i + 1] == '"')) {
            body.push_back(raw[++i]);
        } else {
            body.push_back(raw[i]);
        }
    }
    p.pattern = body;
    p.flags = std::string(quoted.substr(last_slash + 1));

    std::string_view buffer;
    for (char f : p.flags) {
        switch (f) {
            case 'i': p.compile_options |= PCRE2_CASELESS; break;
            case 'm': p.compile_options |= PCRE2_MULTILINE; break;
            case 's': p.compile_options |= PCRE2_DOTALL; break;
            case 'x': p.compile_options |= PCRE2_EXTENDED; break;
            case 'A': p.compile_options |= PCRE2_ANCHORED; p.anchored_to_buffer_start = true; break;
            case 'E': p.compile_options |= PCRE2_DOLLAR_ENDONLY; break;
            case 'G': p.compile_options |= PCRE2_UNGREEDY; break;
            case 'R': p.relative = true; break;
            case 'O': p.match_once_per_buffer = true; break;
            case 'B': break;  // Snort's rawbytes: meaningless in Suricata, accepted
            default: {
                auto fb = flag_buffer(f);
                if (fb.empty()) return make_error(std::string("unknown flag '") + f + "'");
                if (!buffer.empty() && buffer != fb) return make_error("flags select two different buffers");
                buffer = fb;
            }
        }
    }

    int err = 0;
    PCRE2_SIZE err_off = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(p.pattern.data()), p.pattern.size(),
                                     p.compile_options, &err, &err_off, nullptr);
    if (code == nullptr) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(err, msg, sizeof msg);
        return make_error("regex does not compile at offset " + std::to_string(err_off) + ": " +
                          reinterpret_cast<char*>(msg));
    }
    p.compiled = std::make_shared<CompiledPcre>(code);

    if (!buffer.empty()) {
        // Like a legacy content modifier: the pcre inspects that buffer; the sticky buffer
        // in force (if any) is not changed for later keywords.
        if (b.current_buffer != "payload" && b.current_buffer != buffer)
            return make_error("buffer flag conflicts with sticky buffer " + b.current_buffer);
        b.need(buffer, FeatureKind::Buffer);
        std::string saved = b.current_buffer;
        auto saved_tf = b.current_transforms;
        b.current_buffer = std::string(buffer);
        b.current_transforms.clear();
        b.add_match(std::move(p));
        b.current_buffer = saved;
        b.current_transforms = saved_tf;
        return {};
    }
    b.add_match(std::move(p));
    return {};
}

}  // namespace vigie::rules::kwfn
