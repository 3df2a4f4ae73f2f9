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

    // The request error retried most often within `window` before now ("NOT_ENOUGH_REPLICAS"); failing that, the
    // last client-level error in the window; "" when nothing was seen.
    std::string timeoutCause(std::chrono::milliseconds window) const;
    // Failed Produce requests librdkafka retried, by error name, over the whole run.
    std::map<std::string, uint64_t> retriedRequests() const;

    // The sentence a timeout event gets for a cause: broker answers, local failures and missing topics differ.
    static std::string describe(const std::string& cause);

private:
    mutable std::mutex mutex_;
    std::map<std::string, uint64_t> retried_;
    std::map<std::string, std::pair<uint64_t, Clock::time_point>> recent_;  // count, last seen
    std::string lastClientError_;
    Clock::time_point lastClientErrorAt_{};
};

}  // namespace acklab
