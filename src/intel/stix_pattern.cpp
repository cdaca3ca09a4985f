#include "intel/stix_pattern.h"

#include <cctype>
#include <stdexcept>

namespace vigie::intel {

namespace {

// ---------- syntax tree ----------

struct Literal {
    enum class Type { Str, Int, Float, Bool, Time, Hex, Bin, Set } type = Type::Str;
    std::string text;            // unescaped string, or the number as written
    std::vector<Literal> set;    // Type::Set
};

struct Comparison {
    std::string object_type;     // "ipv4-addr"
    std::string path;            // "value", "hashes.SHA-256" (quotes removed)
    std::string op;              // "=", "!=", "<", "IN", "LIKE", "MATCHES", "ISSUBSET", "EXISTS", ...
    bool negated = false;
    Literal lit;
    std::string text;            // the source text of the comparison
};

struct CompNode {
    enum class Kind { Leaf, And, Or } kind = Kind::Leaf;
    Comparison leaf;
    std::vector<CompNode> kids;
};

struct ObsNode {
    enum class Kind { Observation, And, Or, FollowedBy } kind = Kind::Observation;
    CompNode comp;
    std::vector<ObsNode> kids;
    std::vector<std::string> qualifiers;  // "WITHIN 300 SECONDS", ...
    std::string text;
};

struct SyntaxError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// ---------- parser (recursive descent over the STIX 2.1 patterning grammar) ----------

class Parser {
public:
    explicit Parser(std::string_view s) : s_(s) {}

    ObsNode parse() {
        ObsNode n = observation_expressions();
        skip_ws();
        if (pos_ != s_.size()) fail("unexpected '" + std::string(s_.substr(pos_, 12)) + "'");
        return n;
    }

private:
    [[noreturn]] void fail(const std::string& why) const {
        throw SyntaxError("at offset " + std::to_string(pos_) + ": " + why);
    }
    void skip_ws() {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    bool peek_char(char c) {
        skip_ws();
        return pos_ < s_.size() && s_[pos_] == c;
    }
    void expect_char(char c) {
        if (!peek_char(c)) fail(std::string("expected '") + c + "'");
        ++pos_;
    }
    // A keyword (upper-case word) at the cursor, not followed by an identifier character.
    bool peek_word(std::string_view w) {
        skip_ws();
        if (s_.substr(pos_, w.size()) != w) return false;
        const size_t end = pos_ + w.size();
        return end == s_.size() || !(std::isalnum(static_cast<unsigned char>(s_[end])) || s_[end] == '_');
    }
    bool take_word(std::string_view w) {
        if (!peek_word(w)) return false;
        pos_ += w.size();
        return true;
    }

    ObsNode observation_expressions() {
        ObsNode first = observation_or();
        if (!peek_word("FOLLOWEDBY")) return first;
        ObsNode n;
        n.kind = ObsNode::Kind::FollowedBy;
        n.kids.push_back(std::move(first));
        while (take_word("FOLLOWEDBY")) n.kids.push_back(observation_or());
        return n;
    }
    ObsNode observation_or() {
        ObsNode first = observation_and();
        if (!peek_word("OR")) return first;
        ObsNode n;
        n.kind = ObsNode::Kind::Or;
        n.kids.push_back(std::move(first));
        while (take_word("OR")) n.kids.push_back(observation_and());
        return n;
    }
    ObsNode observation_and() {
        ObsNode first = observation();
        if (!peek_word("AND")) return first;
        ObsNode n;
        n.kind = ObsNode::Kind::And;
        n.kids.push_back(std::move(first));
        while (take_word("AND")) n.kids.push_back(observation());
        return n;
    }
    ObsNode observation() {
        skip_ws();
        const size_t start = pos_;
        ObsNode n;
        if (peek_char('[')) {
            ++pos_;
            n.comp = comparison_or();
            expect_char(']');
        } else if (peek_char('(')) {
            ++pos_;
            n = observation_expressions();
            expect_char(')');
        } else {
            fail("expected '[' or '('");
        }
        qualifiers(n);
        n.text = std::string(s_.substr(start, pos_ - start));
        return n;
    }
    void qualifiers(ObsNode& n) {
        for (;;) {
            skip_ws();
            const size_t start = pos_;
            if (take_word("START")) {
                literal_of(Literal::Type::Time, "START");
                if (!take_word("STOP")) fail("START without STOP");
                literal_of(Literal::Type::Time, "STOP");
            } else if (take_word("WITHIN")) {
                number("WITHIN");
                if (!take_word("SECONDS")) fail("WITHIN without SECONDS");
            } else if (take_word("REPEATS")) {
                number("REPEATS");
                if (!take_word("TIMES")) fail("REPEATS without TIMES");
            } else {
                return;
            }
            n.qualifiers.emplace_back(s_.substr(start, pos_ - start));
        }
    }
    void literal_of(Literal::Type t, const char* after) {
        Literal l = literal();
        if (l.type != t) fail(std::string("bad literal after ") + after);
    }
    void number(const char* after) {
        Literal l = literal();
        if (l.type != Literal::Type::Int && l.type != Literal::Type::Float) fail(std::string("number expected after ") + after);
    }

    CompNode comparison_or() {
        CompNode first = comparison_and();
        if (!peek_word("OR")) return first;
        CompNode n;
        n.kind = CompNode::Kind::Or;
        n.kids.push_back(std::move(first));
        while (take_word("OR")) n.kids.push_back(comparison_and());
        return n;
    }
    CompNode comparison_and() {
        CompNode first = property_test();
        if (!peek_word("AND")) return first;
        CompNode n;
        n.kind = CompNode::Kind::And;
        n.kids.push_back(std::move(first));
        while (take_word("AND")) n.kids.push_back(property_test());
        return n;
    }
    CompNode property_test() {
        skip_ws();
        if (peek_char('(')) {
            ++pos_;
            CompNode n = comparison_or();
            expect_char(')');
            return n;
        }
        const size_t start = pos_;
        CompNode n;
        Comparison& c = n.leaf;
        if (take_word("EXISTS")) {
            c.op = "EXISTS";
            object_path(c);
        } else if (take_word("NOT") && take_word("EXISTS")) {
            c.op = "EXISTS";
            c.negated = true;
            object_path(c);
        } else {
            pos_ = start;
            object_path(c);
            if (take_word("NOT")) c.negated = true;
            skip_ws();
            static constexpr std::string_view kOps[] = {"!=", "<=", ">=", "=", "<", ">"};
            static constexpr std::string_view kWords[] = {"IN", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET"};
            for (auto op : kOps)
                if (c.op.empty() && s_.substr(pos_, op.size()) == op) {
                    c.op = op;
                    pos_ += op.size();
                }
            for (auto w : kWords)
                if (c.op.empty() && take_word(w)) c.op = w;
            if (c.op.empty()) fail("comparison operator expected");
            c.lit = c.op == "IN" ? set_literal() : literal();
        }
        c.text = std::string(s_.substr(start, pos_ - start));
        return n;
    }
    void object_path(Comparison& c) {
        skip_ws();
        const size_t start = pos_;
        while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-' || s_[pos_] == '_'))
            ++pos_;
        if (pos_ == start || pos_ >= s_.size() || s_[pos_] != ':') fail("object path (type:property) expected");
        c.object_type = std::string(s_.substr(start, pos_ - start));
        ++pos_;
        bool first = true;
        for (;;) {
            if (!first) {
                if (pos_ < s_.size() && s_[pos_] == '.') {
                    ++pos_;
                    c.path.push_back('.');
                } else if (pos_ < s_.size() && s_[pos_] == '[') {
                    const size_t close = s_.find(']', pos_);
                    if (close == std::string_view::npos) fail("unclosed '['");
                    c.path.append(s_.substr(pos_, close + 1 - pos_));
                    pos_ = close + 1;
                    continue;
                } else {
                    break;
                }
            }
            first = false;
            if (pos_ < s_.size() && s_[pos_] == '\'') {
                c.path += quoted();
            } else {
                const size_t b = pos_;
                while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_' || s_[pos_] == '-'))
                    ++pos_;
                if (pos_ == b) fail("property name expected");
                c.path.append(s_.substr(b, pos_ - b));
            }
        }
    }
    // A single-quoted string at the cursor; \' and \\ are the only escapes.
    std::string quoted() {
        if (pos_ >= s_.size() || s_[pos_] != '\'') fail("quote expected");
        ++pos_;
        std::string out;
        while (pos_ < s_.size() && s_[pos_] != '\'') {
            if (s_[pos_] == '\\') {
                if (pos_ + 1 >= s_.size() || (s_[pos_ + 1] != '\'' && s_[pos_ + 1] != '\\')) fail("bad escape in string");
                ++pos_;
            }
            out.push_back(s_[pos_++]);
        }
        if (pos_ >= s_.size()) fail("unterminated string");
        ++pos_;
        return out;
    }
    Literal set_literal() {
        expect_char('(');
        Literal l;
        l.type = Literal::Type::Set;
        l.set.push_back(literal());
        while (peek_char(',')) {
            ++pos_;
            l.set.push_back(literal());
        }
        expect_char(')');
        return l;
    }
    Literal literal() {
        skip_ws();
        Literal l;
        if (pos_ >= s_.size()) fail("literal expected");
        const char c = s_[pos_];
        if (c == '\'') {
            l.text = quoted();
            return l;
        }
        if ((c == 't' || c == 'h' || c == 'b') && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\'') {
            ++pos_;
            l.type = c == 't' ? Literal::Type::Time : c == 'h' ? Literal::Type::Hex : Literal::Type::Bin;
            l.text = quoted();
            return l;
        }
        if (take_word("true") || take_word("false")) {
            l.type = Literal::Type::Bool;
            return l;
        }
        const size_t b = pos_;
        if (s_[pos_] == '-' || s_[pos_] == '+') ++pos_;
        while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        l.type = Literal::Type::Int;
        if (pos_ < s_.size() && s_[pos_] == '.') {
            l.type = Literal::Type::Float;
            ++pos_;
            while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        }
        l.text = std::string(s_.substr(b, pos_ - b));
        if (l.text.empty() || l.text == "-" || l.text == "+") fail("literal expected");
        return l;
    }

    std::string_view s_;
    size_t pos_ = 0;
};

// ---------- reduction to observables ----------

// One conjunction of the pattern's disjunctive normal form.
struct Term {
    enum class Role { Value, SrcPort, DstPort } role = Role::Value;
    ObservableKind kind = ObservableKind::Ip;
    std::string value;
    int32_t port = -1;
};
struct Conj {
    std::vector<Term> terms;
    std::vector<std::string> texts;
    std::string unsupported;  // non-empty: the reason this branch cannot be detected
};

constexpr size_t kMaxBranches = 4096;

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// The observable kind a (type, path) denotes, or nothing when Vigie does not detect it.
std::optional<ObservableKind> value_kind(const Comparison& c) {
    if ((c.object_type == "ipv4-addr" || c.object_type == "ipv6-addr") && c.path == "value") return ObservableKind::Ip;
    if (c.object_type == "domain-name" && c.path == "value") return ObservableKind::Domain;
    if (c.object_type == "url" && c.path == "value") return ObservableKind::Url;
    if (c.path.starts_with("hashes.")) {
        const std::string algo = upper(c.path.substr(7));
        if (c.object_type == "file") {
            if (algo == "MD5") return ObservableKind::Md5;
            if (algo == "SHA-1" || algo == "SHA1") return ObservableKind::Sha1;
            if (algo == "SHA-256" || algo == "SHA256") return ObservableKind::Sha256;
        }
        if (c.object_type == "x509-certificate" && (algo == "SHA-1" || algo == "SHA1")) return ObservableKind::X509Sha1;
    }
    return std::nullopt;
}

Conj unsupported_conj(const Comparison& c, std::string why) {
    Conj k;
    k.texts.push_back(c.text);
    k.unsupported = "'" + c.text + "': " + why;
    return k;
}

// A value term after checking the literal against the kind (an ipv4-addr value must
// be IPv4, ...).
Conj value_conj(const Comparison& c, ObservableKind kind, const Literal& lit) {
    if (lit.type != Literal::Type::Str) return unsupported_conj(c, "a string is expected");
    NormalisedValue nv = normalise_value(kind, lit.text);
    if (!nv.error.empty()) return unsupported_conj(c, nv.error);
    if (kind == ObservableKind::Ip) {
        const bool v4 = nv.value.find(':') == std::string::npos;
        if (v4 != (c.object_type == "ipv4-addr")) return unsupported_conj(c, "address family does not match " + c.object_type);
    }
    Conj k;
    k.terms.push_back(Term{Term::Role::Value, kind, nv.value, -1});
    k.texts.push_back(c.text);
    return k;
}

std::vector<Conj> leaf_dnf(const Comparison& c) {
    if (c.negated) return {unsupported_conj(c, "negated comparisons are not detected")};
    if (c.object_type == "network-traffic" && (c.path == "dst_port" || c.path == "src_port")) {
        if (c.op != "=" || c.lit.type != Literal::Type::Int) return {unsupported_conj(c, "ports are detected with '=' and an integer only")};
        const long port = std::strtol(c.lit.text.c_str(), nullptr, 10);
        if (port < 0 || port > 65535) return {unsupported_conj(c, "port out of range")};
        Conj k;
        k.terms.push_back(Term{c.path == "dst_port" ? Term::Role::DstPort : Term::Role::SrcPort, ObservableKind::Ip, {},
                               static_cast<int32_t>(port)});
        k.texts.push_back(c.text);
        return {k};
    }
    const auto kind = value_kind(c);
    if (!kind) return {unsupported_conj(c, c.object_type + ":" + c.path + " is not detected by Vigie")};
    if (c.op == "=") return {value_conj(c, *kind, c.lit)};
    if (c.op == "ISSUBSET" && *kind == ObservableKind::Ip) return {value_conj(c, *kind, c.lit)};
    if (c.op == "IN") {
        std::vector<Conj> out;
        for (const auto& l : c.lit.set) out.push_back(value_conj(c, *kind, l));
        return out;
    }
    return {unsupported_conj(c, "operator " + c.op + " is not detected (only =, IN, and ISSUBSET on addresses)")};
}

std::vector<Conj> comp_dnf(const CompNode& n) {
    if (n.kind == CompNode::Kind::Leaf) return leaf_dnf(n.leaf);
    if (n.kind == CompNode::Kind::Or) {
        std::vector<Conj> out;
        for (const auto& k : n.kids) {
            auto sub = comp_dnf(k);
            out.insert(out.end(), sub.begin(), sub.end());
            if (out.size() > kMaxBranches) throw SyntaxError("pattern expands to more than 4096 alternatives");
        }
        return out;
    }
    std::vector<Conj> acc{Conj{}};
    for (const auto& k : n.kids) {
        const auto sub = comp_dnf(k);
        std::vector<Conj> next;
        for (const auto& a : acc)
            for (const auto& b : sub) {
                Conj c = a;
                c.terms.insert(c.terms.end(), b.terms.begin(), b.terms.end());
                c.texts.insert(c.texts.end(), b.texts.begin(), b.texts.end());
                if (c.unsupported.empty()) c.unsupported = b.unsupported;
                next.push_back(std::move(c));
            }
        if (next.size() > kMaxBranches) throw SyntaxError("pattern expands to more than 4096 alternatives");
        acc = std::move(next);
    }
    return acc;
}

std::string joined(const std::vector<std::string>& texts) {
    std::string out;
    for (const auto& t : texts) out += (out.empty() ? "" : " AND ") + t;
    return out;
}

// A conjunction is detectable when it has exactly one value test and consistent ports.
void conj_to_observable(const Conj& c, PatternReduction& out) {
    if (!c.unsupported.empty()) {
        out.unsupported.push_back(c.terms.empty() && c.texts.size() == 1 ? c.unsupported
                                                                          : "'" + joined(c.texts) + "': " + c.unsupported);
        return;
    }
    Observable o;
    int values = 0;
    for (const auto& t : c.terms) {
        if (t.role == Term::Role::Value) {
            if (values++ && (t.kind != o.kind || t.value != o.value)) {
                out.unsupported.push_back("'" + joined(c.texts) + "': two different values in one observation are not detected");
                return;
            }
            o.kind = t.kind;
            o.value = t.value;
            continue;
        }
        int32_t& slot = t.role == Term::Role::DstPort ? o.dst_port : o.src_port;
        if (slot >= 0 && slot != t.port) {
            out.unsupported.push_back("'" + joined(c.texts) + "': contradictory ports");
            return;
        }
        slot = t.port;
    }
    if (values == 0) {
        out.unsupported.push_back("'" + joined(c.texts) + "': a port alone is not an indicator");
        return;
    }
    for (const auto& seen : out.observables)
        if (seen == o) return;
    out.observables.push_back(std::move(o));
}

void reduce_obs(const ObsNode& n, PatternReduction& out) {
    if (n.kind == ObsNode::Kind::Or && n.qualifiers.empty()) {
        for (const auto& k : n.kids) reduce_obs(k, out);
        return;
    }
    if (!n.qualifiers.empty()) {
        out.unsupported.push_back("'" + n.text + "': qualifiers (" + n.qualifiers.front() +
                                  ") need correlation over time, not detected");
        return;
    }
    if (n.kind != ObsNode::Kind::Observation) {
        out.unsupported.push_back("'" + n.text + "': " +
                                  (n.kind == ObsNode::Kind::And ? "AND" : "FOLLOWEDBY") +
                                  " of separate observations needs correlation, not detected");
        return;
    }
    for (const auto& c : comp_dnf(n.comp)) conj_to_observable(c, out);
}

}  // namespace

PatternReduction reduce_stix_pattern(std::string_view pattern) {
    PatternReduction out;
    try {
        Parser p(pattern);
        const ObsNode root = p.parse();
        reduce_obs(root, out);
    } catch (const SyntaxError& e) {
        out = PatternReduction{};
        out.syntax_error = e.what();
    }
    return out;
}

}  // namespace vigie::intel
