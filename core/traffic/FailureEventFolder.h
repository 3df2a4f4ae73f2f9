#pragma once
// Turns per-interval failure counts into event-log entries, folding bursts: a burst's first interval is
// reported at once, then at most once per fold period, and what is left when the burst ends.
#include "traffic/RunTypes.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace acklab {

class FailureEventFolder {
public:
    // `timeoutCause` is asked only when _MSG_TIMED_OUT events are written; it returns FailureCauses::describe text.
    explicit FailureEventFolder(std::function<std::string()> timeoutCause, int64_t foldMs = 1000);

    // The interval [tMs, tMs + intervalMs) and its failures by code; `final` reports every open burst.
    std::vector<RunEvent> fold(int64_t tMs, int64_t intervalMs,
                               const std::vector<std::pair<int32_t, uint32_t>>& failedByCode, bool final);

private:
    struct Burst {
        int64_t startMs = 0;
        int64_t publishedAtMs = 0;
        uint64_t count = 0;
        bool seen = false;
    };
    RunEvent event(int32_t code, const Burst& b, bool continuation) const;

    std::function<std::string()> timeoutCause_;
    int64_t foldMs_;
    std::map<int32_t, Burst> bursts_;
};

}  // namespace acklab
