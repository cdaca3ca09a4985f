// Names Suricata prints for DNS record types and response codes (EVE `rrtype`,
// `rcode`, the dns `types:` filter). Header-only so the EVE writer (output stage)
// can use them without linking the app stage.
#pragma once
#include <cstdint>
#include <string_view>

namespace vigie::app::dns {

// Record types Suricata knows by name (its DNSRecordType list). Others are
// printed as their decimal number, as Suricata does.
constexpr std::string_view rrtype_name(uint16_t t) {
    switch (t) {
        case 1: return "A";
        case 2: return "NS";
        case 3: return "MD";
        case 4: return "MF";
        case 5: return "CNAME";
        case 6: return "SOA";
        case 7: return "MB";
        case 8: return "MG";
        case 9: return "MR";
        case 10: return "NULL";
        case 11: return "WKS";
        case 12: return "PTR";
        case 13: return "HINFO";
        case 14: return "MINFO";
        case 15: return "MX";
        case 16: return "TXT";
        case 17: return "RP";
        case 18: return "AFSDB";
        case 19: return "X25";
        case 20: return "ISDN";
        case 21: return "RT";
        case 22: return "NSAP";
        case 23: return "NSAPPTR";
        case 24: return "SIG";
        case 25: return "KEY";
        case 26: return "PX";
        case 27: return "GPOS";
        case 28: return "AAAA";
        case 29: return "LOC";
        case 30: return "NXT";
        case 33: return "SRV";
        case 34: return "ATMA";
        case 35: return "NAPTR";
        case 36: return "KX";
        case 37: return "CERT";
        case 38: return "A6";
        case 39: return "DNAME";
        case 41: return "OPT";
        case 42: return "APL";
        case 43: return "DS";
        case 44: return "SSHFP";
        case 45: return "IPSECKEY";
        case 46: return "RRSIG";
        case 47: return "NSEC";
        case 48: return "DNSKEY";
        case 49: return "DHCID";
        case 50: return "NSEC3";
        case 51: return "NSEC3PARAM";
        case 52: return "TLSA";
        case 55: return "HIP";
        case 59: return "CDS";
        case 60: return "CDNSKEY";
        case 65: return "HTTPS";
        case 99: return "SPF";
        case 249: return "TKEY";
        case 250: return "TSIG";
        case 254: return "MAILA";
        case 255: return "ANY";
        case 256: return "URI";
        default: return {};
    }
}

// The 4-bit header RCODE. 11..15 have no name and print as numbers.
constexpr std::string_view rcode_name(uint8_t rcode) {
    switch (rcode) {
        case 0: return "NOERROR";
        case 1: return "FORMERR";
        case 2: return "SERVFAIL";
        case 3: return "NXDOMAIN";
        case 4: return "NOTIMP";
        case 5: return "REFUSED";
        case 6: return "YXDOMAIN";
        case 7: return "YXRRSET";
        case 8: return "NXRRSET";
        case 9: return "NOTAUTH";
        case 10: return "NOTZONE";
        default: return {};
    }
}

// Well-known record type numbers the parser decodes specially.
enum RrType : uint16_t {
    kA = 1, kNs = 2, kCname = 5, kSoa = 6, kNull = 10, kPtr = 12, kMx = 15, kTxt = 16,
    kAaaa = 28, kSrv = 33, kOpt = 41, kSshfp = 44,
};

}  // namespace vigie::app::dns
