#pragma once
// Parses librdkafka's statistics JSON (STATISTICS.md) into what AckLab shows: per-broker RTT, internal queue
// latency (int_latency), output-buffer latency (outbuf_latency), retries, in-flight.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace acklab {

struct BrokerStats {
    std::string name;      // "127.0.0.1:39211/1"
    int32_t nodeId = -1;
    std::string state;     // "UP", "DOWN", ...
    double rttAvgMs = 0, rttP99Ms = 0;
    double intLatencyAvgMs = 0, intLatencyP99Ms = 0;       // producer queue latency
    double outbufLatencyAvgMs = 0, outbufLatencyP99Ms = 0;  // request queue latency
    int64_t txRetries = 0;  // "txretries"
    int64_t txErrors = 0;   // "txerrs"
    int64_t reqTimeouts = 0;  // "req_timeouts"
    int64_t waitResp = 0;   // "waitresp_cnt": requests in flight
};

struct ClientStats {
    bool valid = false;
    std::string error;       // why parsing failed, when !valid
    int64_t timestampUs = 0; // "ts"
    int64_t msgCount = 0;    // "msg_cnt": messages in producer queues
    int64_t msgSize = 0;     // "msg_size"
    int64_t txMsgs = 0;      // "txmsgs"
    int64_t totalRetries = 0;  // sum of brokers' txretries
    std::vector<BrokerStats> brokers;  // real brokers only (not the bootstrap placeholder entries, nodeid -1)
};

// Never throws: malformed JSON gives valid=false and the reason.
ClientStats parseStatistics(std::string_view json);

}  // namespace acklab
