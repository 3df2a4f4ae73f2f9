#include "metrics/StatsParser.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

namespace acklab {

namespace {

using nlohmann::json;

// Fields are read leniently: a missing or non-numeric field reads as 0, so a newer or older librdkafka that
// adds or drops a field still parses. Only the overall shape decides validity.
int64_t intField(const json& obj, const char* key) {
    const auto it = obj.find(key);
    if (it == obj.end()) return 0;
    if (it->is_number_integer()) return it->get<int64_t>();
    if (it->is_number_float()) {
        const double d = it->get<double>();
        // Out-of-range doubles would be UB to convert.
        if (!std::isfinite(d) || std::fabs(d) >= 9.2e18) return 0;
        return static_cast<int64_t>(d);
    }
    return 0;
}

// librdkafka reports latency windows in microseconds; AckLab shows milliseconds.
double windowMs(const json& broker, const char* window, const char* stat) {
    const auto it = broker.find(window);
    if (it == broker.end() || !it->is_object()) return 0;
    const auto v = it->find(stat);
    if (v == it->end() || !v->is_number()) return 0;
    const double us = v->get<double>();
    return std::isfinite(us) ? us / 1000.0 : 0;
}

std::string stringField(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ClientStats invalid(std::string reason) {
    ClientStats s;
    s.error = std::move(reason);
    return s;
}

ClientStats parseChecked(std::string_view text) {
    // allow_exceptions=false: a syntax error yields a "discarded" value instead of throwing.
    const json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) return invalid("statistics are not valid JSON");
    if (!doc.is_object()) return invalid("statistics JSON is not an object");
    const auto ts = doc.find("ts");
    if (ts == doc.end() || !ts->is_number())
        return invalid("not librdkafka statistics: no numeric \"ts\" field");

    ClientStats stats;
    stats.timestampUs = intField(doc, "ts");
    stats.msgCount = intField(doc, "msg_cnt");
    stats.msgSize = intField(doc, "msg_size");
    stats.txMsgs = intField(doc, "txmsgs");
    stats.msgMax = intField(doc, "msg_max");
    stats.msgSizeMax = intField(doc, "msg_size_max");

    if (const auto brokers = doc.find("brokers"); brokers != doc.end()) {
        if (!brokers->is_object()) return invalid("\"brokers\" is not an object");
        for (const auto& [key, b] : brokers->items()) {
            if (!b.is_object()) continue;
            // Bootstrap and internal entries have nodeid -1: they are connections, not cluster members.
            if (!b.contains("nodeid")) continue;
            const int64_t nodeId = intField(b, "nodeid");
            if (nodeId < 0) continue;
            BrokerStats bs;
            bs.name = stringField(b, "name");
            if (bs.name.empty()) bs.name = key;
            bs.nodeId = static_cast<int32_t>(std::min<int64_t>(nodeId, std::numeric_limits<int32_t>::max()));
            bs.state = stringField(b, "state");
            bs.rttAvgMs = windowMs(b, "rtt", "avg");
            bs.rttP99Ms = windowMs(b, "rtt", "p99");
            bs.intLatencyAvgMs = windowMs(b, "int_latency", "avg");
            bs.intLatencyP99Ms = windowMs(b, "int_latency", "p99");
            bs.outbufLatencyAvgMs = windowMs(b, "outbuf_latency", "avg");
            bs.outbufLatencyP99Ms = windowMs(b, "outbuf_latency", "p99");
            bs.txRetries = intField(b, "txretries");
            bs.txErrors = intField(b, "txerrs");
            bs.reqTimeouts = intField(b, "req_timeouts");
            bs.waitResp = intField(b, "waitresp_cnt");
            bs.waitRespMsgs = intField(b, "waitresp_msg_cnt");
            bs.outbufCnt = intField(b, "outbuf_cnt");
            bs.outbufMsgs = intField(b, "outbuf_msg_cnt");
            bs.stateAgeMs = intField(b, "stateage") / 1000;
            bs.connects = intField(b, "connects");
            bs.disconnects = intField(b, "disconnects");
            if (const auto tp = b.find("toppars"); tp != b.end() && tp->is_object())
                for (const auto& [tpKey, t] : tp->items())
                    if (t.is_object()) bs.leads.push_back(static_cast<int32_t>(std::clamp<int64_t>(intField(t, "partition"), -1, 1'000'000)));
            std::sort(bs.leads.begin(), bs.leads.end());
            stats.totalRetries += bs.txRetries;
            stats.brokers.push_back(std::move(bs));
        }
    }
    if (const auto topics = doc.find("topics"); topics != doc.end() && topics->is_object()) {
        for (const auto& [topicName, t] : topics->items()) {
            if (!t.is_object()) continue;
            const auto parts = t.find("partitions");
            if (parts == t.end() || !parts->is_object()) continue;
            for (const auto& [pKey, p] : parts->items()) {
                if (!p.is_object()) continue;
                PartitionStats ps;
                ps.topic = topicName;
                ps.partition = static_cast<int32_t>(std::clamp<int64_t>(intField(p, "partition"), -1, 1'000'000));
                ps.leader = static_cast<int32_t>(std::clamp<int64_t>(intField(p, "leader"), -1, 1'000'000));
                ps.queued = intField(p, "msgq_cnt") + intField(p, "xmit_msgq_cnt");
                ps.inFlight = intField(p, "msgs_inflight");
                stats.partitions.push_back(std::move(ps));
            }
        }
        std::sort(stats.partitions.begin(), stats.partitions.end(), [](const PartitionStats& a, const PartitionStats& b) {
            return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
        });
    }
    // JSON object order is by name; order by node id so views and diffs are stable.
    std::sort(stats.brokers.begin(), stats.brokers.end(),
              [](const BrokerStats& a, const BrokerStats& b) { return a.nodeId < b.nodeId; });
    stats.valid = true;
    return stats;
}

}  // namespace

const BrokerStats* ClientStats::broker(int32_t nodeId) const {
    for (const auto& b : brokers)
        if (b.nodeId == nodeId) return &b;
    return nullptr;
}

ClientStats parseStatistics(std::string_view text) {
    // Called from librdkafka's stats callback: nothing may escape into C (bad_alloc, json type errors).
    try {
        return parseChecked(text);
    } catch (const std::exception& e) {
        return invalid(std::string("statistics could not be parsed: ") + e.what());
    } catch (...) {
        return invalid("statistics could not be parsed");
    }
}

}  // namespace acklab
