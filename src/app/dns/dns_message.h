// DnsMessage: one DNS message (RFC 1035 section 4) decoded from its wire bytes,
// with the leniency and the limits of Suricata's parser so that what detection
// and EVE see matches it: names are kept as sent (case, raw label bytes), a
// broken authority/additional section is dropped and flagged rather than
// failing the message, and name decoding is bounded (see parse_name).
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace vigie::app::dns {

// Anomalies met while decoding names (Suricata's DNSNameFlags).
enum NameFlag : uint8_t {
    kNameTruncated = 1,     // longer than kMaxNameLen: cut (event dns.name_too_long)
    kNameInfiniteLoop = 2,  // a compression pointer to itself (dns.infinite_loop)
    kNameLabelLimit = 4,    // more than kMaxNameSteps labels + pointers (dns.too_many_labels)
};
constexpr size_t kMaxNameLen = 1025;
constexpr unsigned kMaxNameSteps = 255;
// Decoded name bytes one message may produce. Compression lets ~6000 records of
// a 64 KiB message each expand to a 1 KiB name; legitimate messages stay far
// below this, so past it the message is treated as malformed (bounded memory).
constexpr size_t kMaxDecodedNameBytes = 1u << 20;

struct DnsName {
    std::string value;  // labels joined with '.', no trailing dot; "" for the root
    uint8_t flags = 0;  // NameFlag bits
};

struct DnsHeader {
    uint16_t id = 0;
    uint16_t flags = 0;
    uint16_t qdcount = 0, ancount = 0, nscount = 0, arcount = 0;

    bool qr() const { return flags & 0x8000; }
    uint8_t opcode() const { return (flags >> 11) & 0xf; }
    bool aa() const { return flags & 0x0400; }
    bool tc() const { return flags & 0x0200; }
    bool rd() const { return flags & 0x0100; }
    bool ra() const { return flags & 0x0080; }
    bool z() const { return flags & 0x0040; }
    uint8_t rcode() const { return flags & 0xf; }
};

struct DnsQuestion {
    DnsName name;
    uint16_t rrtype = 0;
    uint16_t rrclass = 0;
};

// RDATA by kind. A/AAAA keep their bytes (any length, as received); names carry
// CNAME, NS, PTR and MX (with its preference); NULL and types decoded no further
// keep the raw bytes.
struct RdataAddress { std::string bytes; };
struct RdataName { DnsName name; uint16_t preference = 0; };
struct RdataTxt { std::vector<std::string> strings; };
struct RdataBytes { std::string bytes; };
struct RdataSoa {
    DnsName mname, rname;
    uint32_t serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0;
};
struct RdataSrv {
    uint16_t priority = 0, weight = 0, port = 0;
    DnsName target;
};
struct RdataSshfp {
    uint8_t algo = 0, fp_type = 0;
    std::string fingerprint;
};
struct OptOption {
    uint16_t code = 0;
    std::string data;
};
struct RdataOpt { std::vector<OptOption> options; };

using Rdata = std::variant<RdataBytes, RdataAddress, RdataName, RdataTxt, RdataSoa, RdataSrv, RdataSshfp, RdataOpt>;

struct DnsRecord {
    DnsName name;
    uint16_t rrtype = 0;
    uint16_t rrclass = 0;
    uint32_t ttl = 0;
    Rdata data;
};

struct DnsMessage {
    DnsHeader header;
    std::vector<DnsQuestion> queries;
    std::vector<DnsRecord> answers, authorities, additionals;
    bool invalid_authorities = false;  // section undecodable: dropped (dns.invalid_authorities)
    bool invalid_additionals = false;  // section undecodable: dropped (dns.invalid_additionals)
    uint8_t name_flags = 0;            // NameFlag bits met in any name
};

enum class ParseStatus : uint8_t {
    Ok,
    BadHeader,  // shorter than a header, or counts impossible for the size: not DNS
    Malformed,  // header plausible but questions/answers cannot be decoded
};

// Suricata's header plausibility test: every record needs at least 2 bytes, a
// message without records is just a header, and a request asks something.
bool header_plausible(const DnsHeader& h, size_t message_len);
bool read_header(const uint8_t* data, size_t len, DnsHeader& out);

// Decodes a whole message (UDP payload, or one TCP message without its length).
ParseStatus parse_message(const uint8_t* data, size_t len, DnsMessage& out);

// Decodes the name at `pos`. `limit` bounds the bytes before the first
// compression pointer (an RDATA's end); pointers may then reach the whole
// message. The end of the bytes also ends the name, as in Suricata. On success
// `next` is the position after the name as written (after the first pointer).
bool parse_name(const uint8_t* msg, size_t msg_len, size_t pos, size_t limit, DnsName& out, size_t& next);

}  // namespace vigie::app::dns
