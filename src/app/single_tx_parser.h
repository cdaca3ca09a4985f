// SingleTxParser: the transaction bookkeeping of protocols that have one
// transaction per flow (a TLS handshake, a pair of SSH banners). The transaction
// is handed over once both sides are done, or at flow end; after that the parser
// ignores the flow's bytes (`taken_`).
#pragma once
#include <memory>
#include <vector>

#include "app/app_parser.h"

namespace vigie::app {

template <typename Tx>
class SingleTxParser : public AppParser {
public:
    size_t tx_count() const override { return tx_ ? 1 : 0; }
    Transaction* tx_at(size_t i) override { return i == 0 ? tx_.get() : nullptr; }
    void take_finished(std::vector<std::unique_ptr<Transaction>>& out, bool flow_end) override {
        if (tx_ && (flow_end || (tx_->request_done && tx_->response_done))) {
            tx_->request_done = tx_->response_done = true;
            out.push_back(std::move(tx_));
            taken_ = true;
        }
    }

protected:
    std::unique_ptr<Tx> tx_;
    bool taken_ = false;
};

}  // namespace vigie::app
