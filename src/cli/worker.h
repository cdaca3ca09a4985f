// Worker: one thread's pipeline, decode -> defrag -> flow -> detect -> EVE.
// Everything here is per worker (decoder, defragmenter, flow table, detection
// scratch, output batch), so workers share nothing but the immutable Detector,
// the threshold table inside it, and the eve.json file.
#pragma once
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>

#include "app/app_layer.h"
#include "capture/capture_source.h"
#include "cli/alert_intel.h"
#include "cli/alert_sequencer.h"
#include "cli/config.h"
#include "decode/decode_stats.h"
#include "decode/decoder.h"
#include "decode/defrag.h"
#include "detect/detect_worker.h"
#include "detect/detector.h"
#include "detect/indicator_set.h"
#include "evidence/recorder.h"
#include "flow/flow_table.h"
#include "output/eve_alert.h"
#include "output/eve_file.h"
#include "output/eve_flow.h"
#include "output/eve_tx.h"
#include "output/file_store.h"

namespace vigie::cli {

struct WorkerTotals {
    DecodeStats decode;
    DefragStats defrag;
    FlowStats flow;
    detect::DetectCounters detect;
    uint64_t alerts = 0;
    uint64_t pseudo_packets = 0;             // flow-end inspections of stream data left behind a gap
    app::AppStats app;
    std::map<uint32_t, uint64_t> alerts_by_sid;
};

class Worker {
public:
    // `pending` is set when several workers run: alerts whose threshold is tracked
    // across flows go there, to be decided in capture order (alert_sequencer.h).
    // `files` (optional, shared by workers) keeps the files filestore asks for;
    // `indicators` (may be null): shared indicators matched besides the rules.
    Worker(const RunConfig& cfg, const detect::Detector& detector, output::EveFile* eve,
           PendingAlerts* pending = nullptr, output::FileStore* files = nullptr,
           const detect::IndicatorSet* indicators = nullptr);
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // One captured frame; `data` is valid only during the call.
    void process(uint64_t pcap_cnt, const Timestamp& ts, const uint8_t* data, uint32_t caplen, uint32_t wirelen,
                 uint16_t linktype);
    // End of input: end every flow, flush output.
    void finish();
    // Counters, meaningful after finish().
    WorkerTotals totals() const;
    // pcap_cnt of the last frame fully processed (read by the reader thread).
    uint64_t done_cnt() const { return done_cnt_.load(std::memory_order_acquire); }
    // Evidence on (vigie run --evidence): flows with alerts become signed records and
    // their alert lines are written once the record is sealed (evidence_run.cpp).
    void enable_evidence(evidence::EvidenceStore& store, evidence::MemoryBudget& budget,
                         const evidence::RecorderConfig& rc);
    evidence::RecorderCounters evidence_counters() const;
    // Intel options given: alerts carry vigie.source / vigie.target (alert_intel.h).
    void enable_intel(const intel::Enricher& e) { intel_ = std::make_unique<AlertIntel>(e); }
    // After the sequencer's last release (single thread): writes the records that
    // waited for threshold verdicts, and flushes their alert lines.
    void settle_evidence();

private:
    void process_decoded(Packet& p);
    // Hands the sequencer's verdicts to the recorder and writes the records they settle.
    void apply_verdicts();
    void on_flow_end(Flow& f, FlowEndReason reason);
    // A packet standing for the flow at its end (no bytes of its own, pcap_cnt 0).
    Packet& make_pseudo(const Flow& f, bool to_server);
    // Application layer, detection and logging for one packet of a flow (or a
    // flow-end pseudo packet).
    void inspect_and_log(const Packet& p, Flow* flow, bool to_server, const StreamChunk* stream,
                         bool new_flow = false);
    // Shared indicators on transactions that just completed (each is seen once).
    void match_finished(const Packet& p, Flow& flow, bool to_server, const app::AppUpdate& done);
    void emit_alerts(const Packet& p, Flow* flow, bool to_server, const StreamChunk* stream, app::AppProto proto);
    void log_app_events(const Packet& p, Flow& flow, bool to_server, const app::AppUpdate& up);
    void log_finished(const Flow& flow, const Timestamp& ts, uint64_t pcap_cnt, const app::AppUpdate& up);

    const RunConfig& cfg_;
    const detect::Detector& detector_;
    const detect::IndicatorSet* indicators_ = nullptr;
    std::unique_ptr<detect::DetectWorker> dw_;
    Decoder decoder_;
    Defragmenter defrag_;
    FlowTable flows_;
    app::AppLayer app_;
    output::EveBatch eve_;
    output::TxFormat tx_format_;
    std::string records_;
    output::JsonLine line_;
    output::AlertFormat alert_format_;

    Packet packet_;      // reused for every frame
    Packet whole_;       // reused for reassembled datagrams
    Packet pseudo_;      // flow-end inspection
    detect::AlertList alerts_;
    std::vector<app::Transaction*> closing_txs_;
    DecodeStats decode_stats_;
    uint64_t alerts_total_ = 0;
    uint64_t pseudo_packets_ = 0;
    std::map<uint32_t, uint64_t> alerts_by_sid_;
    PendingAlerts* pending_ = nullptr;
    std::unique_ptr<evidence::EvidenceRecorder> evidence_;
    uint64_t evidence_tokens_ = 0;
    std::vector<std::pair<uint64_t, bool>> verdicts_;
    output::FileStore* files_ = nullptr;
    std::unique_ptr<AlertIntel> intel_;
    uint64_t cur_cnt_ = 0;
    std::atomic<uint64_t> done_cnt_{0};
};

// Flow tracking settings from the run configuration.
FlowConfig flow_config_from(const RunConfig& cfg);
app::AppConfig app_config_from(const RunConfig& cfg, app::FileSpoolFactory* files = nullptr);

}  // namespace vigie::cli
