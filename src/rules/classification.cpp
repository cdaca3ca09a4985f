// classification.config: "config classification: <name>,<description>,<priority>".
#include <fstream>
#include <sstream>

#include "rules/parser.h"
#include "rules/text_util.h"

namespace vigie::rules {

extern const std::string_view kBuiltinClassificationConfig;

namespace {

Result<Classifications> parse_classifications(std::string_view text, const std::string& name) {
    Classifications out;
    uint32_t line_no = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        std::string_view line = trim(text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos));
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        if (line.empty() || line[0] == '#') continue;
        constexpr std::string_view kPrefix = "config classification:";
        auto where = name + ":" + std::to_string(line_no) + ": ";
        if (!starts_with_ci(line, kPrefix)) return make_error(where + "expected 'config classification:'");
        auto parts = split_args(line.substr(kPrefix.size()));
        if (parts.size() != 3 || parts[0].empty()) return make_error(where + "expected name,description,priority");
        auto prio = parse_u64(parts[2]);
        if (!prio || *prio == 0 || *prio > 255) return make_error(where + "invalid priority");
        out.by_name[std::string(parts[0])] = Classification{std::string(parts[1]), int(*prio)};
    }
    return out;
}

}  // namespace

Classifications Classifications::builtin() {
    auto r = parse_classifications(kBuiltinClassificationConfig, "builtin classification.config");
    return r ? std::move(*r) : Classifications{};  // the builtin text is tested to parse
}

Result<Classifications> Classifications::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(path + ": cannot open");
    std::stringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return make_error(path + ": read error");
    return parse_classifications(ss.str(), path);
}

}  // namespace vigie::rules
