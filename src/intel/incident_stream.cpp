#include "intel/incident_stream.h"

#include "intel/signature_family.h"

namespace vigie::intel {

const std::string& IncidentCursor::family_of(const AlertFacts& a) {
    sig_key_.assign(a.signature).append(1, '\x1f').append(a.category);
    auto it = families_.find(sig_key_);
    if (it == families_.end()) it = families_.emplace(sig_key_, signature_family(a.signature, a.category, a.sid)).first;
    return it->second;
}

IncidentCursor::Step IncidentCursor::add(const AlertFacts& a) {
    Step s{0, false, false, kNone, nullptr};
    const std::string target = target_asset_key(a.target_org, a.target_ip);
    if (next_ == 0 || a.attacker_ip != attacker_ || target != target_) {
        s.group_done = next_ != 0;
        attacker_.assign(a.attacker_ip);
        target_ = target;
        open_.clear();
    }
    s.family = &family_of(a);
    auto [it, fresh] = open_.try_emplace(*s.family, Open{next_, a.ts});
    if (!fresh && a.ts - it->second.last_seen > window_us_) {
        s.closed = it->second.index;
        it->second.index = next_;
        fresh = true;
    }
    if (fresh) ++next_;
    it->second.last_seen = a.ts;
    s.index = it->second.index;
    s.fresh = fresh;
    return s;
}

void IncidentStream::close_group() {
    for (auto& [index, acc] : open_) evidence_[index] = acc.finish(incidents_[index].attacker_ip);
    open_.clear();
}

uint32_t IncidentStream::add(const AlertFacts& a) {
    const IncidentCursor::Step s = cursor_.add(a);
    if (s.group_done) close_group();
    if (s.closed != IncidentCursor::kNone) {
        for (auto it = open_.begin(); it != open_.end(); ++it)
            if (it->first == s.closed) {
                evidence_[s.closed] = it->second.finish(incidents_[s.closed].attacker_ip);
                open_.erase(it);
                break;
            }
    }
    if (s.fresh) {
        Incident& n = incidents_.emplace_back();
        n.attacker_ip = a.attacker_ip;
        n.target_org = a.target_org;
        n.target_sector = a.target_sector;
        n.target_ip = std::string(a.target_ip);
        n.family = *s.family;
        n.first_seen = a.ts;
        evidence_.emplace_back();
        open_.emplace_back(s.index, EvidenceAccumulator{});
    }
    Incident& n = incidents_[s.index];
    if (n.target_ip && *n.target_ip != a.target_ip) n.target_ip.reset();  // an organisation's several hosts
    n.last_seen = a.ts;
    ++n.count;
    // The group's open incidents are few (one per family): a linear search is cheaper than a map.
    for (auto it = open_.rbegin(); it != open_.rend(); ++it)
        if (it->first == s.index) {
            it->second.add(a);
            break;
        }
    return s.index;
}

IncidentStream::Output IncidentStream::finish() {
    close_group();
    Output out;
    std::vector<int64_t> id_of = number_incidents(incidents_);
    // number_incidents reordered the incidents; the evidence follows them.
    out.evidence.resize(evidence_.size());
    for (size_t i = 0; i < evidence_.size(); ++i) out.evidence[static_cast<size_t>(id_of[i] - 1)] = std::move(evidence_[i]);
    out.incidents = std::move(incidents_);
    out.id_of = std::move(id_of);
    return out;
}

}  // namespace vigie::intel
