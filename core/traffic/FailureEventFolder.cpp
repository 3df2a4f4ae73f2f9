#include "traffic/FailureEventFolder.h"

#include "common/Format.h"
#include "metrics/ErrorClassifier.h"

namespace acklab {

FailureEventFolder::FailureEventFolder(std::function<std::string()> timeoutCause, int64_t foldMs)
    : timeoutCause_(std::move(timeoutCause)), foldMs_(foldMs) {}

RunEvent FailureEventFolder::event(int32_t code, const Burst& b, bool continuation) const {
    const ErrorInfo info = ErrorClassifier::classify(static_cast<rd_kafka_resp_err_t>(code));
    RunEvent e;
    e.tMs = b.startMs;
    e.severity = info.errorClass == ErrorClass::Transient ? "warning" : "error";
    e.code = code;
    e.name = info.name;
    e.errorClass = std::string(toString(info.errorClass));
    e.count = b.count;
    e.remedy = info.remedy;
    if (continuation) {
        e.message = thousands(b.count) + " more × " + info.name;
        return e;
    }
    e.message = thousands(b.count) + " × " + info.name + " (" + e.errorClass + "): " + info.explanation;
    if (code == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT && timeoutCause_) e.message += timeoutCause_();
    if (info.errorClass == ErrorClass::Permanent) e.message += " Sent to the DLQ.";
    return e;
}

std::vector<RunEvent> FailureEventFolder::fold(int64_t tMs, int64_t intervalMs,
                                               const std::vector<std::pair<int32_t, uint32_t>>& failedByCode,
                                               bool final) {
    std::vector<RunEvent> out;
    const int64_t endMs = tMs + intervalMs;
    for (auto& [code, burst] : bursts_) burst.seen = false;
    for (const auto& [code, n] : failedByCode) {
        Burst& b = bursts_[code];
        b.seen = true;
        const bool starting = b.count == 0 && b.publishedAtMs == 0;
        b.count += n;
        if (starting) b.startMs = tMs;
        if (starting || endMs - b.publishedAtMs >= foldMs_) {
            out.push_back(event(code, b, false));
            b.publishedAtMs = endMs;
            b.count = 0;
            b.startMs = endMs;
        }
    }
    for (auto it = bursts_.begin(); it != bursts_.end();) {
        if (!it->second.seen && it->second.count == 0) it = bursts_.erase(it);
        else ++it;
    }
    // Bursts that ended (or the run did) with counts not yet reported.
    for (auto& [code, b] : bursts_) {
        if ((!b.seen || final) && b.count > 0) {
            out.push_back(event(code, b, true));
            b.count = 0;
        }
    }
    return out;
}

}  // namespace acklab
