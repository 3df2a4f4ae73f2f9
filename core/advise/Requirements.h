#pragma once
// What a producer's data needs, in the terms of the lesson's closing question: how late may it be, how much may be
// lost, may it be duplicated, how fast it comes, on how many brokers, and whether the consumers can drop duplicates.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace acklab {

class RequirementsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Requirements {
    int64_t maxLatencyMs = 1000;       // acceptable delivery latency (p99, steady state)
    // Loss tolerance as a fraction of messages: 0 = none, 1 = anything may be lost.
    double lossTolerance = 0;
    bool duplicatesOk = false;
    double peakRate = 100;             // msgs/s
    int brokers = 3;
    bool consumersIdempotent = false;
    bool orderingNeeded = false;       // per key (partition), across retries

    bool lossNone() const { return lossTolerance <= 0; }
    bool lossAny() const { return lossTolerance >= 1; }
    // "none", "0.1%", "any", or a fraction "0.001". Throws RequirementsError naming the text.
    static double parseLoss(const std::string& text);
    std::string lossText() const;      // "none", "0.1%", "any"
    // Every problem at once ("peak rate must be more than 0; brokers must be at least 1").
    void validate() const;
};

}  // namespace acklab
