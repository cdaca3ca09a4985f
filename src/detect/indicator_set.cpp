#include "detect/indicator_set.h"

#include <charconv>
#include <map>

namespace vigie::detect {

namespace {

constexpr const char* kKindNames[] = {"ip", "domain", "url", "md5", "sha1", "sha256", "ja3", "x509-sha1"};

struct PointRule {
    const char* msg;
};
constexpr PointRule kPointRules[] = {
    {"VIGIE INTEL address listed by a shared indicator"},
    {"VIGIE INTEL DNS query for a domain listed by a shared indicator"},
    {"VIGIE INTEL TLS SNI of a domain listed by a shared indicator"},
    {"VIGIE INTEL HTTP host of a domain listed by a shared indicator"},
    {"VIGIE INTEL URL listed by a shared indicator"},
    {"VIGIE INTEL file hash listed by a shared indicator"},
    {"VIGIE INTEL JA3 fingerprint listed by a shared indicator"},
    {"VIGIE INTEL certificate fingerprint listed by a shared indicator"},
};
static_assert(std::size(kPointRules) == static_cast<size_t>(IndicatorPoint::Count));

rules::Rule point_rule(size_t i) {
    rules::Rule r;
    r.gid = 1;
    r.sid = kIndicatorSidBase + 1 + static_cast<uint32_t>(i);
    r.rev = 1;
    r.msg = kPointRules[i].msg;
    r.category = "Potentially Bad Traffic";
    r.classtype = "bad-unknown";
    r.priority = 2;
    r.file = "(shared indicators)";
    // Not a rule a replay can run: the evidence record carries this comment line,
    // and the indicator itself is in the alert (vigie.indicator).
    r.text = "# vigie indicator alert sid " + std::to_string(r.sid) + ": " + r.msg;
    return r;
}

unsigned __int128 v6_key(const IpAddr& a) {
    unsigned __int128 k = 0;
    for (uint8_t b : a.bytes) k = (k << 8) | b;
    return k;
}

// A lower-cased copy without a trailing dot, in `buf` (names are at most 255 bytes).
std::string_view fold_name(std::string_view name, char (&buf)[256]) {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (name.size() > sizeof buf) return {};
    for (size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    return {buf, name.size()};
}

}  // namespace

const char* indicator_kind_name(IndicatorKind k) { return kKindNames[static_cast<size_t>(k)]; }

std::unique_ptr<IndicatorSet> IndicatorSet::build(std::vector<IndicatorInput> inputs, std::vector<std::string>* rejected) {
    auto set = std::make_unique<IndicatorSet>();
    for (size_t i = 0; i < set->rules_.size(); ++i) set->rules_[i] = point_rule(i);
    std::map<std::string, uint32_t, std::less<>> feed_index;
    set->info_.reserve(inputs.size());
    size_t bytes = 0;
    for (const auto& in : inputs) bytes += in.id.size() + in.value.size();
    set->arena_.reserve(bytes);  // never reallocates below: views into it stay valid
    for (auto& in : inputs) {
        auto reject = [&](const std::string& why) {
            if (rejected) rejected->push_back(in.id + ": " + why);
        };
        const uint32_t entry = static_cast<uint32_t>(set->info_.size());
        if (in.kind == IndicatorKind::Ip) {
            const size_t slash = in.value.find('/');
            auto ip = IpAddr::parse(std::string_view(in.value).substr(0, slash));
            if (!ip) {
                reject("'" + in.value + "' is not an address");
                continue;
            }
            unsigned len = ip->is_v4() ? 32 : 128;
            if (slash != std::string::npos) {
                const char* b = in.value.data() + slash + 1;
                auto [end, ec] = std::from_chars(b, in.value.data() + in.value.size(), len);
                if (ec != std::errc() || end != in.value.data() + in.value.size() || len > (ip->is_v4() ? 32u : 128u)) {
                    reject("'" + in.value + "': bad prefix length");
                    continue;
                }
            }
            if (ip->is_v4()) set->v4_.add(ip->v4_host_order(), len, entry);
            else set->v6_.add(v6_key(*ip), len, entry);
        } else if (in.kind >= IndicatorKind::Count || in.value.empty()) {
            reject("empty value");
            continue;
        }
        ++set->counts_[static_cast<size_t>(in.kind)];
        auto [it, fresh] = feed_index.try_emplace(in.feed, static_cast<uint32_t>(set->feeds_.size()));
        if (fresh) set->feeds_.push_back(in.feed);
        IndicatorInfo info;
        const size_t at = set->arena_.size();
        set->arena_.append(in.id).append(in.value);
        info.id = std::string_view(set->arena_).substr(at, in.id.size());
        info.value = std::string_view(set->arena_).substr(at + in.id.size(), in.value.size());
        if (in.kind != IndicatorKind::Ip) set->exact_[static_cast<size_t>(in.kind)].add(info.value, entry);
        info.feed = it->second;
        info.kind = in.kind;
        info.confidence = static_cast<int16_t>(in.confidence);
        info.src_port = in.src_port;
        info.dst_port = in.dst_port;
        info.valid_from = in.valid_from;
        info.valid_until = in.valid_until;
        set->info_.push_back(std::move(info));
    }
    for (auto& i : set->info_) i.feed_name = set->feeds_[i.feed];  // feeds_ no longer grows
    set->v4_.build();
    set->v6_.build();
    for (auto& e : set->exact_) e.build();
    return set;
}

const IndicatorInfo* IndicatorSet::first_active(std::span<const uint32_t> entries, int64_t ts_us) const {
    for (uint32_t e : entries)
        if (info_[e].active_at(ts_us)) return &info_[e];
    return nullptr;
}

const IndicatorInfo* IndicatorSet::match_ip(const IpAddr& a, int64_t ts_us, uint16_t client_port,
                                            uint16_t server_port) const {
    const auto entries = a.is_v4() ? v4_.find(a.v4_host_order()) : v6_.find(v6_key(a));
    for (uint32_t e : entries) {
        const IndicatorInfo& i = info_[e];
        if (!i.active_at(ts_us)) continue;
        if (i.src_port >= 0 && i.src_port != client_port) continue;
        if (i.dst_port >= 0 && i.dst_port != server_port) continue;
        return &i;
    }
    return nullptr;
}

const IndicatorInfo* IndicatorSet::match_domain(std::string_view name, int64_t ts_us) const {
    const StringIndex& idx = exact_[static_cast<size_t>(IndicatorKind::Domain)];
    if (idx.empty()) return nullptr;
    char buf[256];
    std::string_view n = fold_name(name, buf);
    // The name itself, then each parent: "a.b.example", "b.example", "example".
    while (!n.empty()) {
        if (const IndicatorInfo* hit = first_active(idx.find(n), ts_us)) return hit;
        const size_t dot = n.find('.');
        if (dot == std::string_view::npos) break;
        n.remove_prefix(dot + 1);
    }
    return nullptr;
}

const IndicatorInfo* IndicatorSet::match_exact(IndicatorKind k, std::string_view value, int64_t ts_us) const {
    const StringIndex& idx = exact_[static_cast<size_t>(k)];
    if (idx.empty()) return nullptr;
    return first_active(idx.find(value), ts_us);
}

}  // namespace vigie::detect
