#pragma once
// Builds each message's key and value without allocating on the hot path: a filler value of N bytes that starts
// with the message's tag (when N holds it, see MessageTag.h), or the value template with its placeholders filled
// ({{seq}}, {{uuid}}, {{time}}, {{run_id}}).
#include "traffic/TrafficSpec.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace acklab {

class PayloadGenerator {
public:
    PayloadGenerator(const TrafficSpec& spec, std::string runId, uint64_t seed = 0x5eed);

    // Views stay valid until the next call.
    std::string_view value(int64_t seq);
    // Empty view with hasKey() false for KeyMode::None.
    std::string_view key(int64_t seq);
    bool hasKey() const { return keys_ != TrafficSpec::KeyMode::None; }
    // True when value(seq) carries the message tag; otherwise the producer sends it as the "acklab" header.
    bool tagsValue() const { return tagsValue_; }

private:
    uint64_t nextRandom();

    TrafficSpec::KeyMode keys_;
    int64_t keySpace_;
    std::string runId_;
    std::string fixedValue_;
    std::vector<std::string> literal_;   // template pieces between placeholders
    std::vector<int> placeholder_;       // 0 seq, 1 uuid, 2 time, 3 run_id; literal_[i] precedes placeholder_[i]
    bool templated_ = false;
    bool tagsValue_ = false;
    size_t lastTagLen_ = 0;
    std::string valueBuf_;
    std::string keyBuf_;
    uint64_t rng_;
};

}  // namespace acklab
