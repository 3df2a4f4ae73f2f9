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
    int64_t waitRespMsgs = 0;  // "waitresp_msg_cnt": messages in those requests
    int64_t outbufCnt = 0;     // "outbuf_cnt": requests waiting to be sent
    int64_t outbufMsgs = 0;    // "outbuf_msg_cnt": messages in them
    int64_t stateAgeMs = 0;    // "stateage" (µs in the JSON): time in the current state
    int64_t connects = 0, disconnects = 0;
    std::vector<int32_t> leads;  // partitions of the run's topic this client sends to this broker ("toppars")
};

// Per partition of a topic, as this client sees it ("topics" -> "partitions"); the unassigned partition -1 too.
struct PartitionStats {
    std::string topic;
    int32_t partition = -1;
    int32_t leader = -1;
    int64_t queued = 0;    // "msgq_cnt" + "xmit_msgq_cnt": not yet in a request
    int64_t inFlight = 0;  // "msgs_inflight": in requests waiting for a response
};

struct ClientStats {
    bool valid = false;
    std::string error;       // why parsing failed, when !valid
    int64_t timestampUs = 0; // "ts"
    int64_t receivedAtMs = -1;  // set by the run, not the JSON: when it arrived, ms from the run's start
    int64_t msgCount = 0;    // "msg_cnt": messages in producer queues
    int64_t msgSize = 0;     // "msg_size"
    int64_t txMsgs = 0;      // "txmsgs"
    int64_t msgMax = 0;      // "msg_max": queue.buffering.max.messages
    int64_t msgSizeMax = 0;  // "msg_size_max"
    int64_t totalRetries = 0;  // sum of brokers' txretries
    std::vector<BrokerStats> brokers;  // real brokers only (not the bootstrap placeholder entries, nodeid -1)
    std::vector<PartitionStats> partitions;  // of every topic the client produces to, by topic then partition

    const BrokerStats* broker(int32_t nodeId) const;
};

// Never throws: malformed JSON gives valid=false and the reason.
ClientStats parseStatistics(std::string_view json);

}  // namespace acklab
