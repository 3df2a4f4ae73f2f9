#include "dlq/DlqReader.h"

#include "dlq/DlqConsumer.h"
#include "dlq/DlqRecordParser.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <istream>

namespace acklab {

size_t DlqReadResult::malformed() const {
    return static_cast<size_t>(std::count_if(records.begin(), records.end(), [](const DlqRecord& r) { return !r.ok(); }));
}

DlqReadResult DlqReader::readTopic(const DlqReaderOptions& options) {
    DlqReadResult result;
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(std::max<int64_t>(options.timeoutMs, 1));
    auto left = [&] {
        return static_cast<int>(std::clamp<int64_t>(
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count(), 0, 60'000));
    };
    DlqConsumer consumer(options);
    if (!consumer.refresh(std::max(left(), 1))) {
        result.unreachable = consumer.unreachable();
        result.missing = consumer.missing();
        result.ok = consumer.missing();  // no topic: an empty DLQ
        result.error = consumer.error().empty() ? "cannot read topic '" + options.topic + "'" : consumer.error();
        return result;
    }
    while (!consumer.caughtUp()) {
        const int ms = left();
        if (ms <= 0) {
            result.error = "timed out reading '" + options.topic + "' (" + std::to_string(consumer.unreadPartitions()) +
                           " partition(s) not read to the end" +
                           (consumer.error().empty() ? "" : "; last error: " + consumer.error()) + ")";
            return result;
        }
        auto batch = consumer.poll(std::min(ms, 200), 10'000);
        for (auto& r : batch) result.records.push_back(std::move(r));
    }
    result.ok = true;
    return result;
}

DlqReadResult DlqReader::readFile(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        DlqReadResult r;
        r.ok = true;
        r.missing = true;
        r.error = "file '" + path + "' does not exist";
        return r;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        DlqReadResult r;
        r.error = "cannot open '" + path + "'";
        return r;
    }
    return readStream(in, path);
}

DlqReadResult DlqReader::readStream(std::istream& in, const std::string& name) {
    DlqReadResult result;
    std::string line;
    int64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank lines are not records
        result.records.push_back(DlqRecordParser::fromJsonLine(line, name, number));
    }
    if (in.bad()) {
        result.error = "read error in '" + name + "' after line " + std::to_string(number);
        return result;
    }
    result.ok = true;
    return result;
}

}  // namespace acklab
