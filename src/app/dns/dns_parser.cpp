#include "app/dns/dns_parser.h"

#include <algorithm>

#include "app/parsers.h"

namespace vigie::app {

namespace {

uint16_t be16(const uint8_t* p) { return uint16_t((p[0] << 8) | p[1]); }

// One message, `avail` of its `dlen` bytes present. Like Suricata: a partial
// message is judged on its header, a complete one must decode.
Probe probe_message(const uint8_t* p, size_t avail, size_t dlen, bool over_tcp) {
    dns::DnsHeader h;
    if (!dns::read_header(p, avail, h)) return over_tcp && avail < dlen ? Probe::NeedMore : Probe::No;
    if (avail < dlen) return dns::header_plausible(h, dlen) ? Probe::Yes : Probe::No;
    dns::DnsMessage m;
    return dns::parse_message(p, dlen, m) == dns::ParseStatus::Ok ? Probe::Yes : Probe::No;
}

}  // namespace

Probe probe_dns(const uint8_t* data, uint32_t len, bool over_tcp) {
    if (!over_tcp) return probe_message(data, len, len, false);
    if (len < 2) return Probe::NeedMore;
    const size_t dlen = be16(data);
    if (dlen == 0) return Probe::No;
    return probe_message(data + 2, std::min<size_t>(len - 2, dlen), dlen, true);
}

bool probe_dns_is_response(const uint8_t* data, uint32_t len, bool over_tcp) {
    const size_t skip = over_tcp ? 2 : 0;
    dns::DnsHeader h;
    return len >= skip && dns::read_header(data + skip, len - skip, h) && h.qr();
}

std::unique_ptr<AppParser> make_dns_parser(const AppConfig& cfg, bool over_tcp) {
    return std::make_unique<DnsParser>(cfg, over_tcp);
}

void DnsParser::feed(bool to_server, const uint8_t* data, uint32_t len, const Timestamp& ts) {
    if (stopped_ || len == 0) return;
    if (tcp_) {
        feed_tcp(to_server, data, len, ts);
        return;
    }
    handle_message(to_server, data, len, ts);  // UDP: a bad datagram does not end the flow
}

void DnsParser::on_gap(bool to_server, uint64_t) {
    if (!tcp_) return;
    Direction& d = dir_[to_server ? 0 : 1];
    d.buf.clear();
    d.gap = true;
}

void DnsParser::feed_tcp(bool to_server, const uint8_t* p, size_t n, const Timestamp& ts) {
    Direction& d = dir_[to_server ? 0 : 1];
    if (d.gap) {
        // After lost bytes we cannot know where messages start: resume only on
        // data that looks like the start of one, drop the rest (as Suricata).
        if (probe_dns(p, uint32_t(std::min<size_t>(n, UINT32_MAX)), true) == Probe::No) return;
        d.gap = false;
    }
    std::vector<uint8_t>& buf = d.buf;
    for (;;) {
        if (!buf.empty()) {
            // Complete the buffered message with as few bytes as it needs, so the
            // buffer never holds more than one message.
            if (buf.size() < 2) {
                const size_t take = std::min<size_t>(2 - buf.size(), n);
                buf.insert(buf.end(), p, p + take);
                p += take;
                n -= take;
                if (buf.size() < 2) return;
            }
            const size_t need = 2 + size_t(be16(buf.data()));
            const size_t take = std::min(need - buf.size(), n);
            buf.insert(buf.end(), p, p + take);
            p += take;
            n -= take;
            if (buf.size() < need) return;
            const bool ok = need == 2 || handle_message(to_server, buf.data() + 2, need - 2, ts);
            buf.clear();
            if (!ok) {
                stopped_ = true;
                return;
            }
            continue;
        }
        if (n == 0) return;
        const size_t size = n >= 2 ? be16(p) : 0;
        if (n < 2 || n - 2 < size) {
            buf.assign(p, p + n);  // at most one partial message: < 65537 bytes
            return;
        }
        // Zero-length messages are skipped (Suricata does the same).
        if (size > 0 && !handle_message(to_server, p + 2, size, ts)) {
            stopped_ = true;
            return;
        }
        p += 2 + size;
        n -= 2 + size;
    }
}

bool DnsParser::handle_message(bool to_server, const uint8_t* msg, size_t len, const Timestamp& ts) {
    dns::DnsMessage m;
    switch (dns::parse_message(msg, len, m)) {
        case dns::ParseStatus::BadHeader:
            // Not DNS at all: UDP ignores the datagram silently, TCP gives up.
            return !tcp_;
        case dns::ParseStatus::Malformed:
            event_on_last("dns.malformed_data");
            return false;
        case dns::ParseStatus::Ok: break;
    }
    if (to_server && m.header.qr()) {
        event_on_last("dns.not_a_request");
        return false;
    }
    if (txs_.size() >= max_tx_) {
        ++dropped_;
        if (!flooded_) event("dns.flooded", next_tx_id_);
        flooded_ = true;
        return true;
    }
    const uint64_t id = next_tx_id_++;
    // The events a decodable message can carry, in Suricata's names.
    if (m.invalid_additionals) event("dns.invalid_additionals", id);
    if (m.invalid_authorities) event("dns.invalid_authorities", id);
    if (!to_server && !m.header.qr()) event("dns.not_a_response", id);
    if (m.header.z()) event("dns.z_flag_set", id);
    if (m.header.opcode() >= 7) event("dns.invalid_opcode", id);
    if (m.name_flags & dns::kNameTruncated) event("dns.name_too_long", id);
    if (m.name_flags & dns::kNameInfiniteLoop) event("dns.infinite_loop", id);
    if (m.name_flags & dns::kNameLabelLimit) event("dns.too_many_labels", id);

    auto tx = std::make_unique<DnsTransaction>(std::move(m), to_server);
    tx->tx_id = id;
    tx->ts = ts;
    pair(*tx);
    txs_.push_back(std::move(tx));
    return true;
}

void DnsParser::pair(DnsTransaction& tx) {
    const auto& qs = tx.message().queries;
    const std::string& qname = qs.empty() ? std::string() : qs[0].name.value;
    const uint16_t qtype = qs.empty() ? 0 : qs[0].rrtype;
    if (tx.is_request()) {
        if (pending_.size() >= kDnsPendingWindow) pending_.pop_front();  // unanswered: forget the oldest
        pending_.push_back(Pending{tx.dns_id(), qtype, tx.tx_id, qname});
        return;
    }
    // Same id and same first question: a resolver echoes the question it answers.
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
        if (it->id == tx.dns_id() && it->qtype == qtype && it->qname == qname) {
            tx.request_tx_id = it->tx_id;
            pending_.erase(it);
            return;
        }
    }
}

void DnsParser::event_on_last(const char* name) {
    event(name, next_tx_id_ ? next_tx_id_ - 1 : 0);
}

void DnsParser::take_finished(std::vector<std::unique_ptr<Transaction>>& out, bool flow_end) {
    // Every transaction is complete when made: detection has seen it by now.
    for (auto& tx : txs_) out.push_back(std::move(tx));
    txs_.clear();
    flooded_ = false;
}

}  // namespace vigie::app
