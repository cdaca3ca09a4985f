// Alert rate keywords: threshold, detection_filter, tag.
#include <string>

#include "rules/keywords/keywords.h"
#include "rules/text_util.h"

namespace vigie::rules::kwfn {
namespace {

Result<Track> parse_track(std::string_view v) {
    if (v == "by_src") return Track::BySrc;
    if (v == "by_dst") return Track::ByDst;
    if (v == "by_rule") return Track::ByRule;
    if (v == "by_both") return Track::ByBoth;
    if (v == "by_flow") return Track::ByFlow;
    return make_error("unknown track '" + std::string(v) + "'");
}

Result<uint32_t> positive(std::string_view v, std::string_view what) {
    auto n = parse_u64(v);
    if (!n || *n == 0 || *n > UINT32_MAX) return make_error("invalid " + std::string(what) + " '" + std::string(v) + "'");
    return uint32_t(*n);
}

// Splits "key value" items; every key must be known to `apply`.
template <typename Apply>
Result<void> for_each_pair(std::string_view arg, Apply apply) {
    for (auto item : split_args(arg)) {
        size_t sp = item.find_first_of(" \t");
        if (sp == std::string_view::npos) return make_error("expected '<key> <value>', got '" + std::string(item) + "'");
        auto r = apply(item.substr(0, sp), trim(item.substr(sp)));
        if (!r) return r;
    }
    return {};
}

}  // namespace

Result<void> threshold(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    if (b.rule.threshold) return make_error("given twice");
    Threshold t;
    bool type = false, track = false, count = false, seconds = false, mult = false;
    auto r = for_each_pair(arg, [&](std::string_view k, std::string_view v) -> Result<void> {
        if (k == "type") {
            if (v == "limit") t.type = Threshold::Type::Limit;
            else if (v == "threshold") t.type = Threshold::Type::Threshold;
            else if (v == "both") t.type = Threshold::Type::Both;
            else if (v == "backoff") t.type = Threshold::Type::Backoff;
            else return make_error("unknown type '" + std::string(v) + "'");
            type = true;
        } else if (k == "track") {
            auto tr = parse_track(v);
            if (!tr) return make_error(tr.error());
            t.track = *tr;
            track = true;
        } else if (k == "count") {
            auto n = positive(v, "count");
            if (!n) return make_error(n.error());
            t.count = *n;
            count = true;
        } else if (k == "seconds") {
            auto n = positive(v, "seconds");
            if (!n) return make_error(n.error());
            t.seconds = *n;
            seconds = true;
        } else if (k == "multiplier") {
            auto n = positive(v, "multiplier");
            if (!n) return make_error(n.error());
            t.multiplier = *n;
            mult = true;
        } else {
            return make_error("unknown option '" + std::string(k) + "'");
        }
        return {};
    });
    if (!r) return r;
    if (!type || !track || !count) return make_error("needs type, track and count");
    if (t.type == Threshold::Type::Backoff) {
        if (!mult) return make_error("backoff needs multiplier");
        if (t.track != Track::ByFlow) return make_error("backoff needs track by_flow");
    } else if (!seconds) {
        return make_error("needs seconds");
    }
    b.rule.threshold = t;
    return {};
}

Result<void> detection_filter(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    if (b.rule.detection_filter) return make_error("given twice");
    DetectionFilter d;
    bool track = false, count = false, seconds = false;
    auto r = for_each_pair(arg, [&](std::string_view k, std::string_view v) -> Result<void> {
        if (k == "track") {
            auto tr = parse_track(v);
            if (!tr) return make_error(tr.error());
            d.track = *tr;
            track = true;
        } else if (k == "count") {
            auto n = positive(v, "count");
            if (!n) return make_error(n.error());
            d.count = *n;
            count = true;
        } else if (k == "seconds") {
            auto n = positive(v, "seconds");
            if (!n) return make_error(n.error());
            d.seconds = *n;
            seconds = true;
        } else if (k == "unique_on") {
            if (v == "src_port") d.unique_on_src_port = true;
            else if (v == "dst_port") d.unique_on_dst_port = true;
            else return make_error("unique_on must be src_port or dst_port");
        } else {
            return make_error("unknown option '" + std::string(k) + "'");
        }
        return {};
    });
    if (!r) return r;
    if (!track || !count || !seconds) return make_error("needs track, count and seconds");
    b.rule.detection_filter = d;
    return {};
}

// tag:session[,<count>,<metric>] | tag:host,<count>,<metric>,<src|dst>
Result<void> tag(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    if (b.rule.tag) return make_error("given twice");
    auto items = split_args(arg);
    Tag t;
    if (items[0] == "session") t.scope = Tag::Scope::Session;
    else if (items[0] == "host") t.scope = Tag::Scope::Host;
    else return make_error("scope must be session or host");
    if (items.size() >= 3) {
        auto n = positive(items[1], "count");
        if (!n) return make_error(n.error());
        t.count = *n;
        if (items[2] == "packets") t.metric = Tag::Metric::Packets;
        else if (items[2] == "seconds") t.metric = Tag::Metric::Seconds;
        else if (items[2] == "bytes") t.metric = Tag::Metric::Bytes;
        else return make_error("metric must be packets, seconds or bytes");
    } else if (items.size() == 2) {
        return make_error("expected <scope>,<count>,<metric>");
    }
    if (t.scope == Tag::Scope::Host) {
        if (items.size() != 4) return make_error("host scope needs <count>,<metric>,<src|dst>");
        if (items[3] == "src") t.host_src = true;
        else if (items[3] == "dst") t.host_src = false;
        else return make_error("direction must be src or dst");
    } else if (items.size() > 3) {
        return make_error("session scope takes <count>,<metric> only");
    }
    b.rule.tag = t;
    return {};
}

}  // namespace vigie::rules::kwfn
