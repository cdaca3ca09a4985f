// DnsParser: DNS over UDP (one message per datagram) and TCP (RFC 1035 4.2.2:
// each message behind a 2-byte length; messages span segments or share one).
// Every message becomes a DnsTransaction, complete at once (Suricata 8+ model).
// The factory make_dns_parser and probe_dns are declared in app/parsers.h.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "app/app_config.h"
#include "app/app_parser.h"
#include "app/dns/dns_transaction.h"

namespace vigie::app {

// Pending requests remembered to pair responses (as Suricata's old window).
constexpr size_t kDnsPendingWindow = 32;

class DnsParser final : public AppParser {
public:
    DnsParser(const AppConfig& cfg, bool over_tcp) : max_tx_(cfg.max_tx_per_flow ? cfg.max_tx_per_flow : 1), tcp_(over_tcp) {}

    AppProto proto() const override { return AppProto::Dns; }
    void feed(bool to_server, const uint8_t* data, uint32_t len, const Timestamp& ts) override;
    void on_gap(bool to_server, uint64_t len) override;
    size_t tx_count() const override { return txs_.size(); }
    Transaction* tx_at(size_t i) override { return txs_[i].get(); }
    void take_finished(std::vector<std::unique_ptr<Transaction>>& out, bool flow_end) override;

    uint64_t dropped() const { return dropped_; }        // messages lost to max_tx_per_flow
    bool stopped() const { return stopped_; }            // TCP: gave up after an invalid message
    size_t buffered(bool to_server) const { return dir_[to_server ? 0 : 1].buf.size(); }

private:
    struct Direction {
        std::vector<uint8_t> buf;  // one incomplete TCP message with its length, at most 65537 bytes
        bool gap = false;          // bytes were lost: wait for data that starts a message
    };
    struct Pending {
        uint16_t id;
        uint16_t qtype;
        uint64_t tx_id;
        std::string qname;
    };

    void feed_tcp(bool to_server, const uint8_t* data, size_t len, const Timestamp& ts);
    // Returns false when the message was invalid (ends a TCP stream, as Suricata).
    bool handle_message(bool to_server, const uint8_t* msg, size_t len, const Timestamp& ts);
    void add_tx(std::unique_ptr<DnsTransaction> tx);
    void pair(DnsTransaction& tx);
    // Anomaly on the newest transaction: Suricata attaches message-level errors
    // to the latest transaction, as a broken message makes none.
    void event_on_last(const char* name);
    void event(const char* name, uint64_t tx_id) { events_.push_back(AppEvent{name, tx_id}); }

    uint32_t max_tx_;
    bool tcp_;
    bool stopped_ = false;
    bool flooded_ = false;
    uint64_t next_tx_id_ = 0;
    uint64_t dropped_ = 0;
    Direction dir_[2];  // [0] to_server, [1] to_client
    std::deque<std::unique_ptr<DnsTransaction>> txs_;
    std::deque<Pending> pending_;
};

// The direction the probed data speaks in: true when it is a response (QR set).
// Lets the caller turn a flow around when a response is seen first, as Suricata
// does. Only meaningful after probe_dns said Yes.
bool probe_dns_is_response(const uint8_t* data, uint32_t len, bool over_tcp);

}  // namespace vigie::app
