#pragma once
// What a run sends: how many, how fast, how big, with which keys.
#include "common/ProblemsError.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace acklab {

// Every problem found, each naming its field; what() is them one per line.
class TrafficSpecError : public ProblemsError {
public:
    using ProblemsError::ProblemsError;
};

// Transactional traffic (a profile with transactional.id): how the messages are cut into transactions, which
// topics each event goes to, and which transactions are aborted on purpose. Off when messages and durationMs are 0.
struct TransactionSpec {
    int64_t messages = 0;              // events per transaction (each written to every topic)
    int64_t durationMs = 0;            // or: commit every durationMs (kafka-producer-perf-test's --transaction-duration-ms)
    std::vector<std::string> topics;   // every event goes to each of these in the same transaction; empty = the topic
    int64_t abortEvery = 0;            // abort every Nth transaction (N >= 2); 0 = none
    double abortShare = 0;             // or abort this share of them (0..1), spread evenly
    bool rebuildOnFatal = false;       // a fenced (fatal) producer is replaced by a new one that carries on

    bool enabled() const { return messages > 0 || durationMs > 0; }
    // True when transaction number `index` (0-based) is to be aborted.
    bool abortsTransaction(int64_t index) const;
};

struct TrafficSpec {
    enum class KeyMode { None, Sequential, Random };

    std::string topic = "acklab-test";
    int partitions = 3;
    int64_t messages = 10'000;   // used when durationMs == 0
    int64_t durationMs = 0;      // > 0: send for this long instead of a count
    double rate = 0;             // messages per second; 0 = unthrottled
    int64_t valueSize = 100;     // bytes, when valueTemplate is empty
    std::string valueTemplate;   // JSON text with {{seq}}, {{uuid}}, {{time}}, {{run_id}} placeholders
    KeyMode keys = KeyMode::None;
    int64_t keySpace = 1000;     // Random: keys drawn from key-0 .. key-(K-1)
    TransactionSpec transaction; // transactional traffic; see TransactionSpec

    // Every topic the run writes to: transaction.topics when given (its first is `topic`), else `topic`.
    std::vector<std::string> allTopics() const;

    // The lesson's task.created event.
    static std::string taskCreatedTemplate();
    static std::string keyModeName(KeyMode m);

    // Every problem, each naming its field ("rate: must be 0 (unthrottled) to ..."); empty when valid.
    std::vector<std::string> problems() const;
    // Throws TrafficSpecError with problems() when there are any.
    void validate() const;
    nlohmann::json toJson() const;
    // Unknown fields, wrong types, fractions where a count belongs and out-of-range numbers are errors naming the
    // field, prefixed by `where` ("traffic.partitions: expected a whole number, found 2.7"); all of them at once.
    static TrafficSpec fromJson(const nlohmann::json& j, const std::string& where = "traffic");
};

}  // namespace acklab
