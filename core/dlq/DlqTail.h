#pragma once
// Live view of a DLQ: a thread that reads a DLQ topic (or a JSON-lines file) from the beginning and keeps
// reading, handing records over in batches (one call per batch, never per record). The handlers run on the
// tail's thread: a GUI forwards them with a queued signal. stop() (and the destructor) ends it promptly.
#include "dlq/DlqReader.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace acklab {

struct DlqTailOptions {
    DlqReaderOptions topic;   // used when file is empty
    std::string file;         // tail a JSON-lines file instead of a topic
    size_t maxBatch = 500;
    int pollMs = 200;         // longest wait for new records before checking for stop
    int refreshMs = 2000;     // topic: look for new partitions / retry a missing topic
};

class DlqTail {
public:
    using BatchHandler = std::function<void(std::vector<DlqRecord>)>;
    using StatusHandler = std::function<void(const std::string& status, bool error)>;

    DlqTail(DlqTailOptions options, BatchHandler onBatch, StatusHandler onStatus = {});
    ~DlqTail();
    DlqTail(const DlqTail&) = delete;
    DlqTail& operator=(const DlqTail&) = delete;

    void start();
    void stop();
    bool running() const { return thread_.joinable() && !done_.load(); }
    uint64_t delivered() const { return delivered_.load(); }

private:
    void runTopic();
    void runFile();
    bool waitStop(int ms);  // true when stop was requested
    void deliver(std::vector<DlqRecord>& batch);
    void status(const std::string& s, bool error);

    DlqTailOptions options_;
    BatchHandler onBatch_;
    StatusHandler onStatus_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> done_{false};
    std::atomic<uint64_t> delivered_{0};
    std::mutex mutex_;
    std::condition_variable cv_;
};

}  // namespace acklab
