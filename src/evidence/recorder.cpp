#include "evidence/recorder.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "evidence/alert_line.h"
#include "evidence/hash.h"
#include "evidence/pcapng.h"
#include "evidence/record.h"

namespace vigie::evidence {

namespace {
// Bytes charged per kept packet on top of its captured bytes (slot, string header,
// allocator), so the caps bound real memory, not just payload.
constexpr uint64_t kSlotOverhead = 96;
// Alerts held per record before it is sealed regardless (bounds held EVE lines).
constexpr size_t kMaxAlertsPerRecord = 1024;
}  // namespace

void RecorderCounters::add(const RecorderCounters& o) {
    records += o.records;
    record_bytes += o.record_bytes;
    alerts_with_evidence += o.alerts_with_evidence;
    alerts_without_evidence += o.alerts_without_evidence;
    packets_copied += o.packets_copied;
    packets_recorded += o.packets_recorded;
    packets_dropped_flow_budget += o.packets_dropped_flow_budget;
    packets_dropped_memcap += o.packets_dropped_memcap;
    store_errors += o.store_errors;
    alerts_suppressed += o.alerts_suppressed;
    records_discarded += o.records_discarded;
}

namespace {
struct HeldAlert {
    std::string line;
    const rules::Rule* rule = nullptr;
    uint64_t pcap_cnt = 0;
    uint64_t token = 0;      // non-zero: not decided yet
};
}  // namespace

struct EvidenceRecorder::Draft {
    std::vector<EvidenceFrame> frames;   // in capture order
    std::string flow_meta;               // META members of the flow ("" without a flow)
    const char* why = "";
    uint64_t dropped = 0;
    uint64_t charged = 0;                // bytes still charged to the memory budget
    std::vector<HeldAlert> alerts;
};

struct EvidenceRecorder::Ring : FlowExtension {
    struct Slot {
        EvidenceFrame frame;
        uint64_t cost = 0;
        uint64_t seq = 0;    // arrival order within the record
    };
    explicit Ring(MemoryBudget& b) : budget(b) {}
    ~Ring() override { budget.give(bytes); }

    MemoryBudget& budget;
    // Kept apart so that dropping the oldest packet is a pop_front, never a search:
    std::vector<Slot> kept;      // the flow's head and alerting packets: never dropped
    std::deque<Slot> fifo;       // every other packet, oldest first
    uint64_t next_seq = 0;
    uint64_t bytes = 0;          // charged to the budget
    uint64_t kept_bytes = 0;
    uint64_t dropped = 0;        // packets of this record not kept
    uint64_t seen = 0;           // packets of the flow so far
    std::vector<HeldAlert> alerts;
    uint32_t post_left = 0;
    bool alerted = false;

    Slot* newest() {
        Slot* k = kept.empty() ? nullptr : &kept.back();
        Slot* f = fifo.empty() ? nullptr : &fifo.back();
        if (!k || (f && f->seq > k->seq)) return f;
        return k;
    }
    // Moves the newest packet, if it sits in the fifo, to `kept`.
    void pin_newest() {
        Slot* n = newest();
        if (!n || fifo.empty() || n != &fifo.back()) return;
        kept_bytes += n->cost;
        kept.push_back(std::move(*n));
        fifo.pop_back();
    }
    bool drop_oldest(BufferPool& pool) {
        if (fifo.empty()) return false;
        Slot& s = fifo.front();
        bytes -= s.cost;
        budget.give(s.cost);
        pool.put(std::move(s.frame.data));
        fifo.pop_front();
        ++dropped;
        return true;
    }
    void reset(BufferPool& pool) {
        budget.give(bytes);
        for (auto& k : kept) pool.put(std::move(k.frame.data));
        for (auto& f : fifo) pool.put(std::move(f.frame.data));
        kept.clear();
        fifo.clear();
        bytes = kept_bytes = dropped = 0;
        alerts.clear();
        post_left = 0;
        alerted = false;
    }
};

EvidenceRecorder::EvidenceRecorder(const RecorderConfig& cfg, EvidenceStore& store, MemoryBudget& budget,
                                   const std::vector<rules::Rule>& all_rules, EmitFn emit)
    : cfg_(cfg), store_(store), budget_(budget), all_rules_(all_rules), emit_(std::move(emit)) {
    using FB = rules::Flowbits::Cmd;
    using FI = rules::Flowint::Op;
    for (const auto& r : all_rules_) {
        for (const auto& fb : r.flowbits)
            if (fb.cmd == FB::Set || fb.cmd == FB::Unset || fb.cmd == FB::Toggle)
                for (const auto& n : fb.names) writers_["b:" + n].push_back(&r);
        for (const auto& fi : r.flowints)
            if (fi.op == FI::Set || fi.op == FI::Add || fi.op == FI::Sub) writers_["i:" + fi.name].push_back(&r);
    }
}

void EvidenceRecorder::push(Ring& r, const Packet& p, bool force, bool keep) {
    const uint64_t cost = p.caplen + kSlotOverhead;
    while (r.bytes + cost > cfg_.flow_budget && r.drop_oldest(pool_)) ++counters_.packets_dropped_flow_budget;
    if (r.bytes + cost > cfg_.flow_budget && !force) {
        ++r.dropped;
        ++counters_.packets_dropped_flow_budget;
        return;
    }
    while (!budget_.take(cost)) {
        ++counters_.packets_dropped_memcap;
        if (r.drop_oldest(pool_)) continue;
        if (!force) {
            ++r.dropped;
            return;
        }
        budget_.force(cost);  // the alerting packet is always kept
        break;
    }
    Ring::Slot s;
    s.frame.pcap_cnt = p.pcap_cnt;
    s.frame.ts = p.ts;
    s.frame.wirelen = p.wirelen;
    s.frame.linktype = p.linktype;
    s.frame.data = pool_.take();  // reuses a dropped packet's buffer: no malloc per packet
    s.frame.data.assign(reinterpret_cast<const char*>(p.data), p.caplen);
    s.cost = cost;
    s.seq = r.next_seq++;
    r.bytes += cost;
    if (keep) {
        r.kept_bytes += cost;
        r.kept.push_back(std::move(s));
    } else {
        r.fifo.push_back(std::move(s));
    }
    ++counters_.packets_copied;
}

static EvidenceRecorder::Ring* ring_of(Flow& f, MemoryBudget& budget) {
    auto& slot = f.ext[Flow::kEvidence];
    if (!slot) slot = std::make_unique<EvidenceRecorder::Ring>(budget);
    return static_cast<EvidenceRecorder::Ring*>(slot.get());
}

void EvidenceRecorder::on_packet(Flow& f, const Packet& p) {
    if (!p.data || !p.caplen) return;
    Ring& r = *ring_of(f, budget_);
    const bool head = r.seen++ < cfg_.head_packets;
    push(r, p, head, head);
    // Sealed on the window's last packet, not the next one: a quiet flow must not
    // hold its alert lines until it times out.
    if (r.alerted && r.post_left > 0 && --r.post_left == 0) seal(r, &f, "post_alert");
}

EvidenceRecorder::~EvidenceRecorder() {
    for (auto& d : parked_) budget_.give(d->charged);
}

void EvidenceRecorder::on_alert(Flow* f, const Packet& p, const detect::Alert& a, std::string_view line,
                                uint64_t token) {
    std::optional<Ring> local;  // no flow: a record of this one packet
    if (!f) local.emplace(budget_);
    Ring& r = f ? *ring_of(*f, budget_) : *local;
    if (p.data && p.caplen) {
        Ring::Slot* n = r.newest();
        if (!n || n->frame.pcap_cnt != p.pcap_cnt) push(r, p, true, true);  // never offered, or dropped: forced in
        else r.pin_newest();
        // An undecided alert's frame is marked when the record is written, if allowed.
        if (!token) r.newest()->frame.alert = true;
    }
    r.alerts.push_back(HeldAlert{std::string(line), a.rule, p.pcap_cnt, token});
    r.alerted = true;
    uint32_t window = cfg_.post_alert_packets;
    if (a.rule->tag && a.rule->tag->metric == rules::Tag::Metric::Packets) window = a.rule->tag->count;
    r.post_left = std::max(r.post_left, window);
    if (!f) seal(r, nullptr, "no_flow");
    else if (r.post_left == 0) seal(r, f, "post_alert");  // tag count 0: nothing after the alert
    else if (r.kept_bytes >= cfg_.flow_budget || r.alerts.size() >= kMaxAlertsPerRecord) seal(r, f, "full");
}

void EvidenceRecorder::on_flow_end(Flow& f) {
    auto* r = static_cast<Ring*>(f.ext[Flow::kEvidence].get());
    if (!r) return;
    if (r->alerted) seal(*r, &f, "flow_end");
    else r->reset(pool_);  // most flows never alert: their buffers feed the next flows
}

std::string EvidenceRecorder::rules_text(const std::vector<const rules::Rule*>& matched) const {
    // The matched rules, then (transitively) the rules writing the flowbits and
    // flowints they test: without those a replay could not reach the same verdict.
    using FB = rules::Flowbits::Cmd;
    std::vector<const rules::Rule*> order(matched.begin(), matched.end());
    std::set<std::pair<uint32_t, uint32_t>> seen;
    std::string out;
    for (size_t i = 0; i < order.size(); ++i) {
        const rules::Rule* r = order[i];
        if (!seen.insert({r->gid, r->sid}).second) continue;
        std::string text = r->text;
        for (char& c : text)
            if (c == '\n' || c == '\r') c = ' ';
        out.append(text).push_back('\n');
        auto add = [&](const std::string& key) {
            auto it = writers_.find(key);
            if (it != writers_.end()) order.insert(order.end(), it->second.begin(), it->second.end());
        };
        for (const auto& fb : r->flowbits)
            if (fb.cmd == FB::IsSet || fb.cmd == FB::IsNotSet)
                for (const auto& n : fb.names) add("b:" + n);
        for (const auto& fi : r->flowints) add("i:" + fi.name);
    }
    return out;
}

void EvidenceRecorder::seal(Ring& r, const Flow* f, const char* why) {
    auto d = std::make_unique<Draft>();
    // Kept and fifo packets back into arrival order.
    std::vector<Ring::Slot*> slots;
    slots.reserve(r.kept.size() + r.fifo.size());
    for (auto& k : r.kept) slots.push_back(&k);
    for (auto& fs : r.fifo) slots.push_back(&fs);
    std::inplace_merge(slots.begin(), slots.begin() + long(r.kept.size()), slots.end(),
                       [](const Ring::Slot* a, const Ring::Slot* b) { return a->seq < b->seq; });
    d->frames.reserve(slots.size());
    for (auto* sl : slots) d->frames.push_back(std::move(sl->frame));
    if (f) {
        nlohmann::ordered_json m;
        m["flow_id"] = f->flow_id;
        auto& fl = m["flow"];
        fl["proto"] = f->ip_proto;
        fl["src_ip"] = f->client.to_string();
        fl["src_port"] = f->client_port;
        fl["dest_ip"] = f->server.to_string();
        fl["dest_port"] = f->server_port;
        fl["start"] = f->start.to_eve();
        d->flow_meta = m.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    d->why = why;
    d->dropped = r.dropped;
    d->alerts = std::move(r.alerts);
    // The frames' memory stays charged until the draft is written (it may be parked).
    d->charged = r.bytes;
    r.bytes = 0;
    r.reset(pool_);
    if (!write_draft(*d)) parked_.push_back(std::move(d));
}

void EvidenceRecorder::write_parked() {
    std::erase_if(parked_, [this](const std::unique_ptr<Draft>& d) { return write_draft(*d); });
}

bool EvidenceRecorder::write_draft(Draft& d) {
    for (const auto& a : d.alerts)
        if (a.token && !decisions_.count(a.token)) return false;
    // Undecided alerts are settled: suppressed ones leave the record, allowed ones
    // mark their frame as an alerting frame.
    std::erase_if(d.alerts, [&](const HeldAlert& a) {
        if (!a.token) return false;
        auto it = decisions_.find(a.token);
        const bool allowed = it->second;
        decisions_.erase(it);
        if (!allowed) {
            ++counters_.alerts_suppressed;
            return true;
        }
        for (auto& fr : d.frames)
            if (fr.pcap_cnt == a.pcap_cnt && a.pcap_cnt) fr.alert = true;
        return false;
    });
    auto release = [&] {
        budget_.give(d.charged);
        d.charged = 0;
        for (auto& fr : d.frames) pool_.put(std::move(fr.data));
    };
    if (d.alerts.empty()) {
        ++counters_.records_discarded;
        release();
        return true;
    }
    std::vector<const EvidenceFrame*> frames;
    frames.reserve(d.frames.size());
    for (const auto& fr : d.frames) frames.push_back(&fr);
    RecordContent rc;
    write_pcapng(rc.pcapng, frames);

    nlohmann::ordered_json m;
    m["format"] = "vigie-record/1";
    m["sensor_id"] = cfg_.sensor_id;
    m["engine_version"] = cfg_.engine_version;
    m["ruleset_sha256"] = cfg_.ruleset_sha256;
    rc.meta = m.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (!d.flow_meta.empty()) {  // splice the flow's members in, in their place
        rc.meta.back() = ',';
        rc.meta.append(d.flow_meta, 1, std::string::npos);
    }
    nlohmann::ordered_json tail;
    tail["sealed"] = d.why;
    tail["alerts"] = d.alerts.size();
    tail["packets"] = frames.size();
    tail["packets_dropped"] = d.dropped;
    if (!frames.empty()) {
        tail["first_ts"] = frames.front()->ts.to_eve();
        tail["last_ts"] = frames.back()->ts.to_eve();
    }
    rc.meta.back() = ',';
    rc.meta.append(tail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), 1, std::string::npos);
    rc.meta.pop_back();  // splice the pre-rendered replay settings in
    rc.meta.append(",\"replay\":").append(cfg_.replay_json).push_back('}');

    std::vector<const rules::Rule*> matched;
    for (const auto& a : d.alerts) {
        rc.alerts.append(a.line);
        if (a.line.empty() || a.line.back() != '\n') rc.alerts.push_back('\n');
        matched.push_back(a.rule);
    }
    rc.rules = rules_text(matched);
    const std::string record = encode_record(rc);

    auto res = store_.append(record);
    if (res) {
        ++counters_.records;
        counters_.record_bytes += record.size();
        counters_.packets_recorded += frames.size();
        for (size_t k = 0; k < d.alerts.size(); ++k)
            emit_(add_evidence_member(d.alerts[k].line, alert_evidence_id(res->record_sha256, k), res->record_sha256,
                                      res->log_index));
        counters_.alerts_with_evidence += d.alerts.size();
    } else {
        // The alert itself must not be lost because its proof could not be written.
        ++counters_.store_errors;
        counters_.alerts_without_evidence += d.alerts.size();
        for (const auto& a : d.alerts) emit_(a.line);
    }
    release();
    return true;
}

Result<std::string> ruleset_sha256(const std::vector<std::string>& rule_files) {
    Sha256 h;
    std::string buf(1 << 16, '\0');
    for (const auto& path : rule_files) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return make_error("cannot read " + path);
        while (in) {
            in.read(buf.data(), std::streamsize(buf.size()));
            h.update(buf.data(), size_t(in.gcount()));
        }
    }
    return to_hex(h.final());
}

}  // namespace vigie::evidence
