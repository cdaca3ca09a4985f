// IndicatorSet: shared threat indicators (addresses, domains, URLs, digests, JA3,
// certificate fingerprints) compiled for lookup at packet rate. Detection knows
// nothing of STIX or MISP: the CLI hands it plain IndicatorInputs (normalised
// values, as src/intel writes them). Lookups honour each indicator's validity
// window against the packet's time; revoked indicators are never given.
//
// Alerts raised by indicators carry one of the rules below (gid 1, sids
// 2,100,000,001..2,100,000,008: the reserved range, docs/intel.md), so they take
// the same output, evidence and store paths as rule alerts.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_addr.h"
#include "common/timestamp.h"
#include "detect/range_index.h"
#include "detect/string_index.h"
#include "rules/rule.h"

namespace vigie::detect {

enum class IndicatorKind : uint8_t { Ip, Domain, Url, Md5, Sha1, Sha256, Ja3, X509Sha1, Count };

struct IndicatorInput {
    IndicatorKind kind = IndicatorKind::Ip;
    std::string value;        // "192.0.2.0/24", "evil.example", "http://host/path", lower-case hex
    int32_t src_port = -1;    // -1: any
    int32_t dst_port = -1;
    int64_t valid_from = 0;   // UTC microseconds; 0: unbounded
    int64_t valid_until = 0;
    std::string id;           // the indicator's id in its source (STIX id, misp:<uuid>, ...)
    std::string feed;
    int confidence = -1;      // 0..100, -1 unknown
};

// What an alert says about the indicator behind it.
struct IndicatorInfo {
    std::string_view id, value;  // owned by the IndicatorSet (one arena for all)
    uint32_t feed = 0;        // index into IndicatorSet::feeds()
    std::string_view feed_name;  // the same, as text (owned by the IndicatorSet)
    IndicatorKind kind = IndicatorKind::Ip;
    int16_t confidence = -1;
    int32_t src_port = -1, dst_port = -1;
    int64_t valid_from = 0, valid_until = 0;
    bool active_at(int64_t ts_us) const {
        return (!valid_from || ts_us >= valid_from) && (!valid_until || ts_us < valid_until);
    }
};

// Where the indicator matched: one rule (sid) each.
enum class IndicatorPoint : uint8_t { Address, DnsQuery, TlsSni, HttpHost, Url, FileHash, Ja3, Certificate, Count };

inline constexpr uint32_t kIndicatorSidBase = 2100000000;  // sid = base + 1 + IndicatorPoint
inline bool is_indicator_sid(uint32_t sid) { return sid > kIndicatorSidBase && sid <= kIndicatorSidBase + 999; }

const char* indicator_kind_name(IndicatorKind k);

class IndicatorSet {
public:
    // Values that cannot be read (bad address, empty) are listed in `rejected`
    // ("id: reason") and left out.
    static std::unique_ptr<IndicatorSet> build(std::vector<IndicatorInput> inputs, std::vector<std::string>* rejected);

    size_t size() const { return info_.size(); }
    bool empty() const { return info_.empty(); }
    bool has(IndicatorKind k) const { return counts_[static_cast<size_t>(k)] != 0; }
    const std::vector<std::string>& feeds() const { return feeds_; }
    const rules::Rule& rule(IndicatorPoint p) const { return rules_[static_cast<size_t>(p)]; }
    const std::array<rules::Rule, static_cast<size_t>(IndicatorPoint::Count)>& rules() const { return rules_; }

    // The first indicator active at `ts` whose value covers the address and whose
    // ports (if any) are the flow's: `client_port`, `server_port`.
    const IndicatorInfo* match_ip(const IpAddr& a, int64_t ts_us, uint16_t client_port, uint16_t server_port) const;
    // A host name, or any parent of it ("a.b.evil.example" matches "evil.example").
    // Case and a trailing dot are ignored.
    const IndicatorInfo* match_domain(std::string_view name, int64_t ts_us) const;
    // URLs, digests, JA3, fingerprints: exact, normalised value.
    const IndicatorInfo* match_exact(IndicatorKind k, std::string_view value, int64_t ts_us) const;

private:
    const IndicatorInfo* first_active(std::span<const uint32_t> entries, int64_t ts_us) const;

    std::vector<IndicatorInfo> info_;
    std::string arena_;  // every indicator's id and value, back to back
    std::vector<std::string> feeds_;
    std::array<size_t, static_cast<size_t>(IndicatorKind::Count)> counts_{};
    RangeIndex<uint32_t> v4_;
    RangeIndex<unsigned __int128> v6_;
    std::array<StringIndex, static_cast<size_t>(IndicatorKind::Count)> exact_;  // Domain, Url, digests
    std::array<rules::Rule, static_cast<size_t>(IndicatorPoint::Count)> rules_;
};

}  // namespace vigie::detect
