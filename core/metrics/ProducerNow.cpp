#include "metrics/ProducerNow.h"

#include "common/Format.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace acklab {
namespace {

int64_t propertyMs(const std::map<std::string, std::string>& props, const std::string& key, int64_t fallback) {
    const auto it = props.find(key);
    if (it == props.end()) return fallback;
    int64_t v = 0;
    const auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
    return ec == std::errc() ? v : fallback;
}

std::string property(const std::map<std::string, std::string>& props, const std::string& key, const std::string& fallback) {
    const auto it = props.find(key);
    return it == props.end() || it->second.empty() ? fallback : it->second;
}

std::string oneDecimal(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string partitionList(const std::vector<int32_t>& ps) {
    std::string s;
    for (size_t i = 0; i < ps.size() && i < 8; ++i) s += (i ? ", " : "") + std::to_string(ps[i]);
    if (ps.size() > 8) s += ", …";
    return s;
}

// librdkafka's broker states that mean "no usable connection now".
bool disconnected(const std::string& s) { return s == "DOWN" || s == "TRY_CONNECT" || s == "CONNECT" || s == "INIT"; }

std::string clusterStateOf(const std::vector<BrokerInfo>& brokers, int32_t id) {
    for (const auto& b : brokers)
        if (b.id == id) return b.state.substr(0, b.state.find(','));  // "down, rtt +50 ms" -> "down"
    return {};
}

}  // namespace

std::string spokenDuration(int64_t ms) {
    if (ms < 0) ms = 0;
    if (ms < 1000) return std::to_string(ms) + " ms";
    if (ms < 60'000) return oneDecimal(static_cast<double>(ms) / 1000.0) + " s";
    if (ms < 3'600'000) return std::to_string(ms / 60'000) + " min " + std::to_string((ms / 1000) % 60) + " s";
    return std::to_string(ms / 3'600'000) + " h " + std::to_string((ms / 60'000) % 60) + " min";
}

NowReport explainNow(const NowInput& in) {
    NowReport r;
    const RunSnapshot& s = in.snapshot;
    const RunCounters& c = s.counters;
    const ClientStats& st = s.stats;
    r.inFlight = c.inFlight();
    r.queueMessages = st.valid ? st.msgCount : 0;
    r.queueMax = st.valid ? st.msgMax : 0;
    r.queueBytes = st.valid ? st.msgSize : 0;
    const int64_t deliveryTimeout = propertyMs(in.properties, "delivery.timeout.ms", 300'000);
    const int64_t backoffMax = propertyMs(in.properties, "reconnect.backoff.max.ms", 10'000);
    const int64_t backoffMin = propertyMs(in.properties, "reconnect.backoff.ms", 100);
    const std::string acks = property(in.properties, "acks", "all");
    const bool finished = s.state == "finished" || s.state == "failed";

    if (s.oldestInFlightSentMs >= 0 && r.inFlight > 0) {
        r.oldestAgeMs = std::max<int64_t>(0, s.elapsedMs - s.oldestInFlightSentMs);
        r.firstTimeoutInMs = std::max<int64_t>(0, deliveryTimeout - r.oldestAgeMs);
    }

    // Brokers as this producer sees them, with the messages waiting for each (partition -> leader).
    if (st.valid) {
        for (const auto& b : st.brokers) {
            NowBroker nb;
            nb.id = b.nodeId;
            nb.clientState = b.state;
            nb.clusterState = clusterStateOf(in.clusterBrokers, b.nodeId);
            if (st.receivedAtMs >= 0) nb.stateSinceMs = std::max<int64_t>(0, st.receivedAtMs - b.stateAgeMs);
            nb.rttMs = b.rttAvgMs;
            nb.outbuf = b.outbufCnt;
            nb.waitResp = b.waitResp;
            for (const auto& p : st.partitions) {
                if (p.partition < 0 || p.leader != b.nodeId || (!in.topic.empty() && p.topic != in.topic)) continue;
                nb.waiting += p.queued + p.inFlight;
                nb.partitions.push_back(p.partition);
            }
            r.brokers.push_back(std::move(nb));
        }
    }

    const std::string who = in.profile.empty() ? std::string("producer") : in.profile;
    std::vector<std::string> head;  // the headline's clauses after "<profile>: "
    std::string key;

    if (finished) {
        // The last statistics describe the producer before its end: its queue and connections are history now.
        r.brokers.clear();
        r.queueMessages = r.queueBytes = 0;
        key = s.state;
        r.severity = s.state == "failed" ? "error" : "ok";
        head.push_back(s.state == "failed" ? "stopped by a fatal error" : "finished");
        head.push_back(thousands(c.delivered) + " delivered, " + thousands(c.failed) + " failed");
    } else if (s.state == "starting") {
        key = "starting";
        r.severity = "ok";
        head.push_back("starting");
    } else {
        // Who are we waiting for?
        const NowBroker* blocking = nullptr;
        for (const auto& b : r.brokers)
            if (b.waiting > 0 && disconnected(b.clientState) && (!blocking || b.waiting > blocking->waiting)) blocking = &b;
        const bool stalled = r.inFlight > 0 && in.msSinceLastDelivery >= 1000 && in.recentDeliveredPerSec <= 0;

        if (r.inFlight > 0) head.push_back(thousands(r.inFlight) + " waiting");
        if (blocking) {
            const std::string id = std::to_string(blocking->id);
            const bool clusterSaysUp = blocking->clusterState == "up";
            if (clusterSaysUp) {
                head.push_back("broker " + id + " is back, but the producer waits for its next reconnect (backoff up to "
                               "reconnect.backoff.max.ms = " + spokenDuration(backoffMax) + ")");
            } else {
                std::string clause = "broker " + id;
                if (!blocking->clusterState.empty()) {
                    std::string upper = blocking->clusterState;
                    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                    clause += " " + upper;
                    const auto since = in.clusterStateSinceMs.find(blocking->id);
                    if (since != in.clusterStateSinceMs.end() && since->second >= 0)
                        clause += " since " + oneDecimal(static_cast<double>(since->second) / 1000.0) + " s";
                } else {
                    clause += " unreachable (connection " + blocking->clientState + ")";
                }
                head.push_back(clause);
                head.push_back("librdkafka reconnects with backoff up to reconnect.backoff.max.ms = " + spokenDuration(backoffMax));
            }
            r.details.push_back(thousands(static_cast<uint64_t>(blocking->waiting)) + " messages for partition" +
                                (blocking->partitions.size() == 1 ? " " : "s ") + partitionList(blocking->partitions) +
                                " wait for broker " + std::to_string(blocking->id) + ", their leader" +
                                (blocking->clusterState.empty() ? "" : " (the cluster says: " + blocking->clusterState + ")") + ".");
            r.details.push_back("After a failed connection librdkafka waits reconnect.backoff.ms = " + spokenDuration(backoffMin) +
                                ", doubling up to reconnect.backoff.max.ms = " + spokenDuration(backoffMax) +
                                ", before the next attempt: a broker that comes back can stay unused that long.");
            key = "waiting for broker " + std::to_string(blocking->id) + " " + blocking->clientState +
                  (clusterSaysUp ? " (back up)" : "");
            r.severity = "warning";
        } else if (stalled) {
            head.push_back("nothing delivered for " + spokenDuration(in.msSinceLastDelivery));
            key = "stalled";
            r.severity = "warning";
        } else if (r.inFlight == 0 && c.sent > 0) {
            key = "idle";
            r.severity = "ok";
            head.push_back("everything sent is acknowledged");
        } else {
            key = "delivering";
            r.severity = "ok";
        }
        if (key == "delivering" || (key == "idle" && in.recentDeliveredPerSec > 0)) {
            std::string clause = "delivering " + thousands(static_cast<uint64_t>(std::llround(in.recentDeliveredPerSec))) + " msgs/s";
            if (in.recentP99Ms >= 0)
                clause += ", p99 " + (in.recentP99Ms >= 1000 ? spokenDuration(static_cast<int64_t>(in.recentP99Ms))
                                                             : oneDecimal(in.recentP99Ms) + " ms");
            head.push_back(clause);
        }
        if (r.firstTimeoutInMs >= 0 && (key != "delivering" || r.oldestAgeMs * 4 > deliveryTimeout)) {
            head.push_back("first timeout in " + spokenDuration(r.firstTimeoutInMs));
            if (r.firstTimeoutInMs == 0) r.severity = "error";
        }
    }

    if (r.oldestAgeMs >= 0)
        r.details.push_back("The oldest message waiting was sent at " + oneDecimal(static_cast<double>(s.oldestInFlightSentMs) / 1000.0) +
                            " s (" + spokenDuration(r.oldestAgeMs) + " ago); delivery.timeout.ms = " + spokenDuration(deliveryTimeout) +
                            ", so it fails with _MSG_TIMED_OUT in " + spokenDuration(r.firstTimeoutInMs) + " unless acknowledged.");
    if (!s.retriedRequests.empty()) {
        std::string retried;
        for (const auto& [name, n] : s.retriedRequests) retried += (retried.empty() ? "" : ", ") + name + " ×" + thousands(n);
        r.details.push_back("librdkafka retried failed Produce requests: " + retried + " (retries are not failures until delivery.timeout.ms).");
        if (!finished && key == "delivering") key = "delivering, retrying";
    }
    if (c.backpressure > 0 && !finished) {
        r.details.push_back("The local queue filled up: produce() answered QUEUE_FULL " + thousands(c.backpressure) +
                            " times (queue.buffering.max.messages = " + property(in.properties, "queue.buffering.max.messages", "100000") +
                            "); AckLab served delivery reports and tried again (backpressure, not a failure).");
    }
    if (st.valid && st.msgMax > 0 && st.msgCount * 10 >= st.msgMax * 9 && !finished) {
        head.push_back("queue full (" + thousands(static_cast<uint64_t>(st.msgCount)) + " of " + thousands(static_cast<uint64_t>(st.msgMax)) + ")");
        if (key == "delivering") key = "queue full";
        if (r.severity == "ok") r.severity = "warning";
    }
    if (acks == "0")
        r.details.push_back("acks=0: a message counts as delivered once it is written to the socket; no broker confirms "
                            "it was stored, so a broker failure loses it without an error.");
    if (c.failed > 0)
        r.details.push_back(thousands(c.failed) + " failed so far (" + thousands(c.dlq()) + " to the DLQ): see the Events tab for codes and remedies.");

    r.stateKey = key;
    std::string h = who + ":";
    for (size_t i = 0; i < head.size(); ++i) h += (i ? "; " : " ") + head[i];
    r.headline = h;
    return r;
}

}  // namespace acklab
