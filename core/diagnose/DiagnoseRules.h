#pragma once
// The diagnosis rules: from what a cluster answered (ClusterFacts) and the producer's profile and traffic, the
// findings. Pure (no network): the profile is read through validateProfile's effective configuration, i.e. the
// values librdkafka will really run with. docs/diagnose.md lists every rule and the error it predicts.
#include "diagnose/ClusterFacts.h"
#include "diagnose/Finding.h"
#include "profile/ProducerProfile.h"

#include <cstdint>
#include <string>
#include <vector>

namespace acklab {

struct DiagnoseInput {
    ProducerProfile profile;
    std::string topic;       // "" : no topic checks
    std::string dlqTopic;    // "" : no DLQ checks
    int64_t valueSize = 100; // the traffic's value bytes (one record)
    int64_t keySize = 16;    // a typical key; counted in the record's size
};

// Bytes a single record of this value and key takes as a record batch of its own, uncompressed: Kafka's v2 batch
// header (61 bytes) plus the record's own framing (length, attributes, deltas, key/value lengths, header count:
// at most 21 bytes of varints) plus AckLab's tag header (40 bytes; a user's record has its own).
int64_t singleRecordBatchBytes(int64_t valueSize, int64_t keySize);

std::vector<Finding> diagnoseFindings(const ClusterFacts& facts, const DiagnoseInput& input);

}  // namespace acklab
