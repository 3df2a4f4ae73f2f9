// DlqWriter's fallback file under concurrent writers: the runs of a compare session each have a writer on a thread
// of their own, all appending to the same file (and other acklab processes may too). Every envelope must come back
// whole, one per line (found by the chaos test, seed 2028: 10 KB envelopes written in two pieces were split by
// another writer's line, and the reader lost both).
#include "dlq/DlqReader.h"
#include "dlq/DlqWriter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <thread>
#include <vector>

namespace acklab {
namespace {

TEST(DlqWriter, ConcurrentWritersAppendWholeLinesToOneFile) {
    const std::string path = ::testing::TempDir() + "acklab-dlq-writers-" + std::to_string(::getpid()) + ".jsonl";
    std::filesystem::remove(path);
    constexpr int kWriters = 4, kEach = 200;
    std::vector<std::thread> threads;
    std::vector<uint64_t> toFile(kWriters, 0);
    for (int w = 0; w < kWriters; ++w)
        threads.emplace_back([&, w] {
            DlqWriterOptions o;
            o.topic = "";  // the file only
            o.fallbackPath = path;
            DlqWriter writer(o);
            for (int i = 0; i < kEach; ++i) {
                DlqEnvelope e;
                e.originalTopic = "orders";
                e.originalValue = std::string(10'000 + i, static_cast<char>('a' + w));  // larger than a stream buffer
                e.error = "Broker: Topic authorization failed";
                e.errorCode = 29;
                e.errorName = "TOPIC_AUTHORIZATION_FAILED";
                e.errorClass = "permanent";
                e.runId = "run-writer" + std::to_string(w);
                writer.write(e);
            }
            writer.close(0);
            toFile[static_cast<size_t>(w)] = writer.toFile();
        });
    for (auto& t : threads) t.join();

    const DlqReadResult read = DlqReader::readFile(path);
    ASSERT_TRUE(read.ok) << read.error;
    EXPECT_EQ(read.malformed(), 0u) << "no line mixes two envelopes";
    std::map<std::string, int> perRun;
    for (const auto& r : read.records) {
        ++perRun[r.runId];
        ASSERT_TRUE(r.value.has_value() && !r.value->empty());
        EXPECT_EQ(r.value->find_first_not_of(r.value->front()), std::string::npos)
            << "a value holds one writer's bytes only";
    }
    for (int w = 0; w < kWriters; ++w) {
        EXPECT_EQ(toFile[static_cast<size_t>(w)], static_cast<uint64_t>(kEach));
        EXPECT_EQ(perRun["run-writer" + std::to_string(w)], kEach) << "writer " << w;
    }
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace acklab
