#include "output/eve_tx.h"

#include "app/dns/dns_transaction.h"
#include "app/http/http_transaction.h"
#include "app/ssh/ssh_transaction.h"
#include "app/tls/tls_transaction.h"
#include "output/eve_dns.h"
#include "output/eve_flow.h"
#include "output/eve_http.h"
#include "output/eve_ssh.h"
#include "output/eve_tls.h"

namespace vigie::output {

namespace {

// Header of a transaction record: the flow's client -> server, except DNS
// responses, which Suricata writes from the responder's side.
void begin_tx_record(JsonLine& j, const Flow& f, const app::Transaction& tx, const Timestamp& ts, uint64_t pcap_cnt,
                     const char* event_type, bool reversed = false) {
    j.begin();
    if (!reversed) {
        write_flow_header(j, f, ts, event_type, pcap_cnt);
    } else {
        Flow swapped_view;  // only the address fields are read by write_flow_header
        swapped_view.flow_id = f.flow_id;
        swapped_view.ip_proto = f.ip_proto;
        swapped_view.client = f.server;
        swapped_view.server = f.client;
        swapped_view.client_port = f.server_port;
        swapped_view.server_port = f.client_port;
        write_flow_header(j, swapped_view, ts, event_type, pcap_cnt);
    }
    if (f.macs_seen) {
        const uint8_t* client = f.client_mac.data();
        const uint8_t* server = f.server_mac.data();
        write_ether(j, reversed ? server : client, reversed ? client : server);
    }
    j.unum("tx_id", tx.tx_id);
    j.str("app_proto", app::app_proto_name(tx.proto()));
}

// A file carried in an HTTP response body (fileinfo record), with the http object
// of its transaction as Suricata writes it.
void append_http_file(std::string& out, JsonLine& j, const Flow& f, const app::HttpTransaction& tx,
                      const Timestamp& ts, uint64_t pcap_cnt, const TxFormat& fmt) {
    const auto* file = tx.response_file.get();
    if (!file || file->size() == 0) return;
    begin_tx_record(j, f, tx, ts, pcap_cnt, "fileinfo");
    write_http_object(j, tx, fmt.http_extended, false);
    j.open_object("fileinfo");
    j.str("filename", tx.file_name());
    if (fmt.file_magic) {
        const std::string_view magic = tx.file_magic(false);
        if (!magic.empty()) j.str("magic", magic);
    }
    j.boolean("gaps", file->gaps());
    j.str("state", file->complete() ? "CLOSED" : "TRUNCATED");
    if (file->complete()) {
        j.str("md5", file->md5());
        j.str("sha1", file->sha1());
        j.str("sha256", file->sha256());
    }
    j.boolean("stored", file->stored());
    j.unum("size", file->size());
    j.unum("tx_id", tx.tx_id);
    j.close_object();
    out += j.end();
}

}  // namespace

void write_app_object(JsonLine& j, const app::Transaction& tx, const TxFormat& fmt) {
    switch (tx.proto()) {
        case app::AppProto::Http:
            write_http_object(j, static_cast<const app::HttpTransaction&>(tx), fmt.http_extended,
                              fmt.http_dump_all_headers);
            break;
        case app::AppProto::Dns:
            write_dns_alert_object(j, static_cast<const app::DnsTransaction&>(tx));
            break;
        case app::AppProto::Tls:
            write_tls_object(j, static_cast<const app::TlsTransaction&>(tx), fmt.tls_extended);
            break;
        case app::AppProto::Ssh:
            write_ssh_object(j, static_cast<const app::SshTransaction&>(tx));
            break;
        default: break;
    }
}

void append_tx_records(std::string& out, JsonLine& j, const Flow& f, const app::Transaction& tx,
                       const Timestamp& ts, uint64_t pcap_cnt, const TxFormat& fmt) {
    switch (tx.proto()) {
        case app::AppProto::Http: {
            const auto& h = static_cast<const app::HttpTransaction&>(tx);
            if (fmt.http) {
                begin_tx_record(j, f, tx, ts, pcap_cnt, "http");
                write_http_object(j, h, fmt.http_extended, fmt.http_dump_all_headers);
                out += j.end();
            }
            if (fmt.files) append_http_file(out, j, f, h, ts, pcap_cnt, fmt);
            break;
        }
        case app::AppProto::Dns: {
            if (!fmt.dns) break;
            const auto& d = static_cast<const app::DnsTransaction&>(tx);
            const DnsLogConfig& cfg = fmt.dns_log;
            const uint32_t n = dns_record_count(d, cfg);
            for (uint32_t i = 0; i < n; ++i) {
                begin_tx_record(j, f, tx, ts, pcap_cnt, "dns", !d.is_request() && cfg.version == 3);
                write_dns_object(j, d, d.is_request(), cfg, i);
                out += j.end();
            }
            break;
        }
        case app::AppProto::Tls:
            if (!fmt.tls) break;
            begin_tx_record(j, f, tx, ts, pcap_cnt, "tls");
            if (fmt.tls_custom)
                write_tls_object(j, static_cast<const app::TlsTransaction&>(tx), *fmt.tls_custom);
            else
                write_tls_object(j, static_cast<const app::TlsTransaction&>(tx), fmt.tls_extended);
            out += j.end();
            break;
        case app::AppProto::Ssh:
            if (!fmt.ssh) break;
            begin_tx_record(j, f, tx, ts, pcap_cnt, "ssh");
            write_ssh_object(j, static_cast<const app::SshTransaction&>(tx));
            out += j.end();
            break;
        default: break;
    }
}

}  // namespace vigie::output
