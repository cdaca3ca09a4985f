// Live capture through libpcap: the kernel ring and BPF are libpcap's job; we
// only adapt pcap_next_ex() to the CaptureSource contract.
#include <pcap/pcap.h>

#include <atomic>

#include "capture/capture_source.h"

namespace vigie {

namespace {

class LiveCapture final : public CaptureSource {
public:
    explicit LiveCapture(pcap_t* h, std::string iface) : h_(h), iface_(std::move(iface)) {}
    ~LiveCapture() override { pcap_close(h_); }

    Result<bool> next(RawFrame& f) override {
        for (;;) {
            if (stop_.load(std::memory_order_relaxed)) return false;
            struct pcap_pkthdr* hdr = nullptr;
            const u_char* data = nullptr;
            int rc = pcap_next_ex(h_, &hdr, &data);
            if (rc == 1) {
                f.data = data;
                f.caplen = hdr->caplen;
                f.wirelen = hdr->len;
                f.ts.sec = hdr->ts.tv_sec;
                f.ts.nsec = uint32_t(hdr->ts.tv_usec) * 1000u;
                f.linktype = uint16_t(pcap_datalink(h_));
                f.interface_id = 0;
                count(f);
                return true;
            }
            if (rc == 0) continue;  // read timeout: look at stop_ again
            if (rc == PCAP_ERROR_BREAK) return false;
            return make_error(iface_ + ": " + pcap_geterr(h_));
        }
    }

    const char* kind() const override { return "live"; }

    void stop() override {
        stop_.store(true, std::memory_order_relaxed);
        pcap_breakloop(h_);
    }

    void refresh_counters() override {
        struct pcap_stat st {};
        if (pcap_stats(h_, &st) == 0) counters_.kernel_drops = st.ps_drop;
    }

private:
    pcap_t* h_;
    std::string iface_;
    std::atomic<bool> stop_{false};
};

}  // namespace

Result<std::unique_ptr<CaptureSource>> open_live(const std::string& iface, const LiveOptions& o) {
    char err[PCAP_ERRBUF_SIZE] = {0};
    pcap_t* h = pcap_create(iface.c_str(), err);
    if (!h) return make_error("cannot capture on " + iface + ": " + err);
    auto fail = [&](const std::string& what) -> Result<std::unique_ptr<CaptureSource>> {
        std::string msg = "cannot capture on " + iface + ": " + what;
        pcap_close(h);
        return make_error(msg);
    };
    pcap_set_snaplen(h, o.snaplen);
    pcap_set_promisc(h, o.promiscuous ? 1 : 0);
    pcap_set_timeout(h, o.timeout_ms);
    pcap_set_immediate_mode(h, 1);
    if (o.buffer_bytes > 0) pcap_set_buffer_size(h, o.buffer_bytes);
    int rc = pcap_activate(h);
    if (rc < 0) return fail(rc == PCAP_ERROR ? pcap_geterr(h) : pcap_statustostr(rc));
    if (!o.bpf_filter.empty()) {
        struct bpf_program prog {};
        if (pcap_compile(h, &prog, o.bpf_filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0)
            return fail(std::string("bad filter: ") + pcap_geterr(h));
        int set = pcap_setfilter(h, &prog);
        pcap_freecode(&prog);
        if (set != 0) return fail(pcap_geterr(h));
    }
    return std::unique_ptr<CaptureSource>(new LiveCapture(h, iface));
}

}  // namespace vigie
