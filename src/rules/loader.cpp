// Rule files -> LoadResult. Line handling (comments, continuations), rejection records,
// duplicate sids, and sharing of identical compiled regexes across rules.
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "rules/compiled_pcre.h"
#include "rules/lexer.h"
#include "rules/parser.h"
#include "rules/text_util.h"

namespace vigie::rules {

std::string Rejection::to_string() const {
    return file + ":" + std::to_string(line) + ": sid " + std::to_string(sid) + ": " + reason;
}

namespace {

// Best effort sid of a rule that failed to parse, for the rejection record.
uint32_t sid_of(std::string_view text) {
    auto raw = split_rule(text);
    if (!raw) return 0;
    for (const auto& o : raw->options)
        if (o.name == "sid")
            if (auto v = parse_u64(o.value); v && *v <= UINT32_MAX) return uint32_t(*v);
    return 0;
}

class Loader {
public:
    Loader(const Vars& vars, const Classifications& classes) : vars_(vars), classes_(classes) {}

    void load_text(std::string_view text, const std::string& name) {
        std::string joined;
        uint32_t first_line = 0, line_no = 0;
        size_t pos = 0;
        while (pos < text.size()) {
            size_t nl = text.find('\n', pos);
            std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
            pos = nl == std::string_view::npos ? text.size() : nl + 1;
            ++line_no;
            std::string_view t = trim(line);
            if (joined.empty()) {
                if (t.empty() || t[0] == '#') continue;  // blank, comment or commented-out rule
                first_line = line_no;
            }
            if (!t.empty() && t.back() == '\\') {
                joined.append(t.substr(0, t.size() - 1));
                continue;
            }
            joined.append(t);
            add(joined, name, first_line);
            joined.clear();
        }
        if (!joined.empty()) add(joined, name, first_line);  // file ended inside a continuation
    }

    LoadResult finish() { return std::move(out_); }

private:
    void add(const std::string& text, const std::string& file, uint32_t line) {
        ParseContext ctx{&vars_, &classes_, file, line};
        auto r = parse_rule(text, ctx);
        if (!r) {
            out_.rejected.push_back({file, line, sid_of(text), r.error()});
            return;
        }
        Rule& rule = *r;
        share_regexes(rule);
        auto key = std::make_pair(rule.gid, rule.sid);
        auto [it, inserted] = by_sid_.emplace(key, out_.rules.size());
        if (inserted) {
            out_.rules.push_back(std::move(rule));
            return;
        }
        // Suricata keeps the higher revision of a duplicated gid:sid, else the first one.
        Rule& old = out_.rules[it->second];
        std::string ids = std::to_string(rule.gid) + ":" + std::to_string(rule.sid);
        if (rule.rev > old.rev) {
            out_.rejected.push_back({old.file, old.line, old.sid,
                                     "duplicate sid " + ids + " (superseded by rev " + std::to_string(rule.rev) +
                                         " at " + file + ":" + std::to_string(line) + ")"});
            old = std::move(rule);
        } else {
            out_.rejected.push_back({file, line, rule.sid,
                                     "duplicate sid " + ids + " (kept " + old.file + ":" + std::to_string(old.line) +
                                         ")"});
        }
    }

    // One compiled program per distinct (pattern, options) in a load.
    void share_regexes(Rule& rule) {
        for (auto& buf : rule.buffers)
            for (auto& m : buf.matches)
                if (auto* p = std::get_if<Pcre>(&m)) {
                    auto [it, inserted] = regexes_.emplace(std::make_pair(p->pattern, p->compile_options), p->compiled);
                    if (!inserted) p->compiled = it->second;
                }
    }

    const Vars& vars_;
    const Classifications& classes_;
    LoadResult out_;
    std::map<std::pair<uint32_t, uint32_t>, size_t> by_sid_;
    std::map<std::pair<std::string, uint32_t>, std::shared_ptr<CompiledPcre>> regexes_;
};

}  // namespace

Result<LoadResult> load_rule_files(const std::vector<std::string>& paths, const Vars& vars,
                                   const Classifications& classes) {
    Loader loader(vars, classes);
    for (const auto& path : paths) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return make_error(path + ": cannot open");
        std::stringstream ss;
        ss << in.rdbuf();
        if (in.bad()) return make_error(path + ": read error");
        loader.load_text(ss.str(), path);
    }
    return loader.finish();
}

LoadResult load_rules_text(std::string_view text, const std::string& name, const Vars& vars,
                           const Classifications& classes) {
    Loader loader(vars, classes);
    loader.load_text(text, name);
    return loader.finish();
}

}  // namespace vigie::rules
