#include "app/tls/tls_transaction.h"

namespace vigie::app {

namespace {

bool view_of(const std::string& s, BufferView& out) {
    if (s.empty()) return false;
    out.data = reinterpret_cast<const uint8_t*>(s.data());
    out.len = uint32_t(s.size());
    return true;
}

}  // namespace

bool TlsTransaction::buffer(BufferId id, uint32_t index, BufferView& out) const {
    // Without a direction, tls.random is the client's (the to_server view).
    return buffer_dir(id, true, index, out);
}

bool TlsTransaction::buffer_dir(BufferId id, bool to_server, uint32_t index, BufferView& out) const {
    if (id == BufferId::TlsCerts) {
        // The server's chain, leaf first, as Suricata's tls.certs.
        if (index >= server_certs.size() || server_certs[index].der.empty()) return false;
        out.data = server_certs[index].der.data();
        out.len = uint32_t(server_certs[index].der.size());
        return true;
    }
    if (index != 0) return false;
    const TlsCert* c = leaf();
    switch (id) {
        case BufferId::TlsSni: return view_of(sni, out);
        case BufferId::TlsCertSubject: return c && view_of(c->subject, out);
        case BufferId::TlsCertIssuer: return c && view_of(c->issuer, out);
        case BufferId::TlsCertSerial: return c && view_of(c->serial, out);
        case BufferId::TlsCertFingerprint: return c && view_of(c->fingerprint, out);
        case BufferId::TlsRandom:
            if (to_server ? !client_hello_seen : !server_hello_seen) return false;
            out.data = to_server ? client_random.data() : server_random.data();
            out.len = 32;
            return true;
        case BufferId::Ja3Hash: return view_of(ja3_hash, out);
        case BufferId::Ja3String: return view_of(ja3_string, out);
        case BufferId::Ja3sHash: return view_of(ja3s_hash, out);
        case BufferId::Ja3sString: return view_of(ja3s_string, out);
        case BufferId::Ja4Hash: return view_of(ja4, out);
        default: return false;
    }
}

bool TlsTransaction::number(NumberId id, uint64_t& out) const {
    if (id != NumberId::TlsVersion || version() == 0) return false;
    out = version();
    return true;
}

std::string tls_version_name(uint16_t v) {
    switch (v) {
        case 0: return "UNDETERMINED";
        case 0x0002: return "SSLv2";
        case 0x0300: return "SSLv3";
        case 0x0301: return "TLSv1";
        case 0x0302: return "TLS 1.1";
        case 0x0303: return "TLS 1.2";
        case 0x0304: return "TLS 1.3";
        case 0x7f01: return "TLS 1.3 draft-<16";
        case 0xfb14: return "TLS 1.3 draft-20-fb";
        case 0xfb15: return "TLS 1.3 draft-21-fb";
        case 0xfb16: return "TLS 1.3 draft-22-fb";
        case 0xfb17: return "TLS 1.3 draft-23-fb";
        case 0xfb1a: return "TLS 1.3 draft-26-fb";
        default: break;
    }
    if (v >= 0x7f10 && v <= 0x7f1c) return "TLS 1.3 draft-" + std::to_string(v - 0x7f00);
    return std::to_string(v);  // Suricata prints unknown versions in decimal
}

}  // namespace vigie::app
