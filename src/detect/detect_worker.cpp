#include "detect/detect_worker.h"

namespace vigie::detect {

DetectWorker::~DetectWorker() {
    if (hs_) hs_free_scratch(hs_);
}

}  // namespace vigie::detect
