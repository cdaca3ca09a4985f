// DnsTransaction: one DNS message, request or response, as Suricata 8+ models
// DNS (each message is its own transaction, with its own tx_id; a response is
// not merged into its request). The parser still pairs a response with the
// pending request of the same id and question (`request_tx_id`) for analysts.
// Accessors are inline so the EVE writer (output stage) needs no app symbols.
#pragma once
#include <cstdint>
#include <optional>

#include "app/dns/dns_message.h"
#include "app/transaction.h"

namespace vigie::app {

class DnsTransaction final : public Transaction {
public:
    DnsTransaction(dns::DnsMessage msg, bool is_request) : msg_(std::move(msg)), is_request_(is_request) {
        // A DNS transaction is one message: complete as soon as it exists.
        request_done = true;
        response_done = true;
    }

    AppProto proto() const override { return AppProto::Dns; }
    // DnsQuery: the question names, index walks the questions (dns.query /
    // dns.queries.rrname: dotted, no trailing dot, bytes and case as sent).
    bool buffer(BufferId id, uint32_t index, BufferView& out) const override;
    // DnsOpcode: the header opcode.
    bool number(NumberId id, uint64_t& out) const override;

    // True when the message came from the client (to_server). The QR bit may
    // disagree on malformed traffic; the direction decides, as in Suricata.
    bool is_request() const { return is_request_; }
    const dns::DnsMessage& message() const { return msg_; }
    const dns::DnsMessage* request() const { return is_request_ ? &msg_ : nullptr; }
    const dns::DnsMessage* response() const { return is_request_ ? nullptr : &msg_; }
    uint16_t dns_id() const { return msg_.header.id; }

    // For a response: the tx_id of the request it answers, when it was seen.
    std::optional<uint64_t> request_tx_id;

private:
    dns::DnsMessage msg_;
    bool is_request_;
};

}  // namespace vigie::app
