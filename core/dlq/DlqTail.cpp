#include "dlq/DlqTail.h"

#include "dlq/DlqConsumer.h"
#include "dlq/DlqRecordParser.h"

#include <chrono>
#include <filesystem>
#include <fstream>

namespace acklab {

DlqTail::DlqTail(DlqTailOptions options, BatchHandler onBatch, StatusHandler onStatus)
    : options_(std::move(options)), onBatch_(std::move(onBatch)), onStatus_(std::move(onStatus)) {
    if (options_.maxBatch == 0) options_.maxBatch = 1;
}

DlqTail::~DlqTail() { stop(); }

void DlqTail::start() {
    if (thread_.joinable()) return;
    stop_ = false;
    done_ = false;
    thread_ = std::thread([this] {
        try {
            if (options_.file.empty()) runTopic();
            else runFile();
        } catch (const std::exception& e) {
            status(std::string("DLQ tail stopped: ") + e.what(), true);
        }
        done_ = true;
    });
}

void DlqTail::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

bool DlqTail::waitStop(int ms) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stop_.load(); });
}

void DlqTail::deliver(std::vector<DlqRecord>& batch) {
    if (batch.empty()) return;
    delivered_ += batch.size();
    try {
        if (onBatch_) onBatch_(std::move(batch));
    } catch (...) {
        // A handler's exception must not end the thread silently: say so and go on.
        status("DLQ tail: a batch handler failed", true);
    }
    batch.clear();
}

void DlqTail::status(const std::string& s, bool error) {
    try {
        if (onStatus_) onStatus_(s, error);
    } catch (...) {
    }
}

void DlqTail::runTopic() {
    DlqConsumer consumer(options_.topic);
    if (!consumer.error().empty()) {  // not created (a property librdkafka refused): nothing to retry
        status(consumer.error(), true);
        return;
    }
    using Clock = std::chrono::steady_clock;
    auto lastRefresh = Clock::now() - std::chrono::hours(1);
    bool assigned = false;
    bool reportedLive = false;
    while (!stop_) {
        if (Clock::now() - lastRefresh >= std::chrono::milliseconds(options_.refreshMs)) {
            lastRefresh = Clock::now();
            const bool ok = consumer.refresh(std::max(options_.refreshMs, 1000));
            if (!ok && !assigned) {
                status(consumer.error() + (consumer.missing() ? " (waiting for it)" : " (retrying)"), !consumer.missing());
                if (waitStop(options_.pollMs)) break;
                continue;
            }
            if (ok && !assigned) status("reading " + options_.topic.topic, false);
            assigned = assigned || ok;
        }
        auto batch = consumer.poll(options_.pollMs, options_.maxBatch);
        const bool gotSome = !batch.empty();
        deliver(batch);
        // Once caught up, the count is said again whenever new records arrive, so it never goes stale.
        if (consumer.caughtUp() && (!reportedLive || gotSome)) {
            reportedLive = true;
            status("live: " + std::to_string(delivered_.load()) + " record(s) read, waiting for new ones", false);
        }
    }
}

void DlqTail::runFile() {
    std::streamoff pos = 0;
    int64_t lineNumber = 0;
    std::string partial;
    bool announced = false;
    std::vector<DlqRecord> batch;
    while (!stop_) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(options_.file, ec);
        if (ec) {
            if (!announced) status("waiting for " + options_.file + " (does not exist yet)", false);
            announced = true;
            if (waitStop(options_.refreshMs)) break;
            continue;
        }
        if (static_cast<std::streamoff>(size) < pos) {  // truncated or replaced: read it again
            pos = 0;
            lineNumber = 0;
            partial.clear();
            status(options_.file + " was truncated; reading it again", false);
        }
        if (static_cast<std::streamoff>(size) > pos) {
            std::ifstream in(options_.file, std::ios::binary);
            in.seekg(pos);
            constexpr size_t kChunk = 1 << 20;
            std::string chunk(kChunk, '\0');
            while (!stop_ && in.read(chunk.data(), static_cast<std::streamsize>(kChunk)), in.gcount() > 0) {
                const auto n = static_cast<size_t>(in.gcount());
                pos += static_cast<std::streamoff>(n);
                partial.append(chunk.data(), n);
                size_t start = 0;
                for (size_t nl; (nl = partial.find('\n', start)) != std::string::npos; start = nl + 1) {
                    ++lineNumber;
                    std::string_view line(partial.data() + start, nl - start);
                    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
                    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
                    batch.push_back(DlqRecordParser::fromJsonLine(line, options_.file, lineNumber));
                    if (batch.size() >= options_.maxBatch) deliver(batch);
                }
                partial.erase(0, start);  // an unfinished last line waits for its newline
                if (in.eof()) break;
            }
            deliver(batch);
        }
        if (!announced) {
            status("live: reading " + options_.file, false);
            announced = true;
        }
        if (waitStop(options_.pollMs)) break;
    }
}

}  // namespace acklab
