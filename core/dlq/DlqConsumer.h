#pragma once
// The consumer under DlqReader and DlqTail: one librdkafka consumer with manual assign() (no group rebalance
// wait), every partition of the DLQ topic from the beginning; knows when it has caught up with the high
// watermarks seen at the last refresh(). Single-threaded.
#include "common/RdKafka.h"
#include "dlq/DlqReader.h"

#include <map>

namespace acklab {

class DlqConsumer {
public:
    explicit DlqConsumer(const DlqReaderOptions& options);
    ~DlqConsumer();
    DlqConsumer(const DlqConsumer&) = delete;
    DlqConsumer& operator=(const DlqConsumer&) = delete;

    // Looks the topic up, takes the high watermarks and assigns partitions not yet assigned (from the
    // beginning). False with error()/unreachable()/missing() when it could not.
    bool refresh(int timeoutMs);
    // Up to `max` records; waits at most timeoutMs for the first one.
    std::vector<DlqRecord> poll(int timeoutMs, size_t max);
    bool caughtUp() const;           // every partition read up to its high watermark at the last refresh()
    size_t partitions() const { return next_.size(); }
    size_t unreadPartitions() const;

    const std::string& error() const { return error_; }
    bool unreachable() const { return unreachable_; }
    bool missing() const { return missing_; }

private:
    DlqReaderOptions options_;
    KafkaHandle rk_;
    std::map<int32_t, int64_t> next_;  // next offset to read per assigned partition
    std::map<int32_t, int64_t> high_;  // high watermark at the last refresh
    std::string error_;
    bool unreachable_ = false;
    bool missing_ = false;
};

}  // namespace acklab
