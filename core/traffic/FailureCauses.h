#pragma once
// What librdkafka saw go wrong below the delivery reports: the failed Produce requests it retried on the
// user's behalf (from its REQERR log lines, with debug=broker: a few lines per failure, none on the happy path)
// and client-level errors (transport, all brokers down). When messages finally time out, this names the cause.
// Fed from librdkafka's threads; thread-safe.
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace acklab {

class FailureCauses {
public:
    using Clock = std::chrono::steady_clock;

    // A librdkafka log line (log_cb). Only REQERR "ProduceRequest failed: ..." lines and errors (level <= 3) count.
    void noteLogLine(int level, std::string_view facility, std::string_view line);
    void noteClientError(rd_kafka_resp_err_t code);

    // Why requests failed before messages timed out, from what was seen within `window` before now.
    struct Cause {
        std::string answered;    // the broker's answer retried most often ("NOT_ENOUGH_REPLICAS"), or ""
        std::string local;       // the local request failure retried most often ("_TIMED_OUT": no answer), or ""
        bool localLeads = false;  // both seen and the local failure was retried more often
        std::string other;       // neither seen: the last client-level error in the window, or a caller's finding
        bool empty() const { return answered.empty() && local.empty() && other.empty(); }
    };
    Cause timeoutCause(std::chrono::milliseconds window) const;
    // Failed Produce requests librdkafka retried, by error name, over the whole run.
    std::map<std::string, uint64_t> retriedRequests() const;

    // The sentence a timeout event gets for a cause: broker answers, local failures and missing topics differ.
    // When brokers answered with an error and other requests got no answer, both are named, the more frequent
    // first: a broker that stalls for a while under NOT_ENOUGH_REPLICAS shows both.
    static std::string describe(const Cause& cause);

private:
    mutable std::mutex mutex_;
    std::map<std::string, uint64_t> retried_;
    std::map<std::string, std::pair<uint64_t, Clock::time_point>> recent_;  // count, last seen
    std::string lastClientError_;
    Clock::time_point lastClientErrorAt_{};
};

}  // namespace acklab
