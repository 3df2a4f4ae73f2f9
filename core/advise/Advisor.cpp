#include "advise/Advisor.h"

#include "common/Format.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace acklab {

namespace {

std::string ms(int64_t v) { return thousands(static_cast<uint64_t>(std::max<int64_t>(v, 0))) + " ms"; }

// The lesson's typical latency of each acks level ("~1ms", "~5-10ms", "~10-30ms"): the upper ends.
int64_t typicalAckMs(const std::string& acks) { return acks == "all" ? 30 : acks == "1" ? 10 : 1; }

class Builder {
public:
    explicit Builder(Advice& a) : a_(a) {}
    void set(const std::string& key, const std::string& value, const std::string& why) {
        a_.profile.set(key, value);
        a_.reasons.push_back({key, value, why});
    }

private:
    Advice& a_;
};

}  // namespace

Advice advise(const Requirements& r, const std::string& name) {
    r.validate();
    Advice a;
    a.requirements = r;
    Builder b(a);

    // 1. acks: the lesson's decision framework, then what duplicates and ordering add.
    std::string acks;
    bool idempotent = false;
    std::string acksWhy;
    if (r.lossNone()) {
        acks = "all";
        idempotent = true;
        acksWhy = "loss none: \"business logic fails\" if it is lost, so every in-sync replica must have it before "
                  "it counts as sent; a leader crash right after the acknowledgement loses nothing";
    } else if (!r.lossAny()) {
        acks = "1";
        acksWhy = "loss up to " + r.lossText() + ": \"user experience degrades\", the lesson's analytics case; the "
                  "leader's acknowledgement costs ~5-10 ms instead of ~10-30 ms, and only a leader crash before "
                  "replication loses what it had acknowledged";
    } else {
        acks = "0";
        acksWhy = "any loss acceptable: \"nothing breaks\", the lesson's metrics case; fire and forget, ~1 ms, no "
                  "acknowledgement to wait for (a broker down loses what was sent to it)";
    }
    if (!r.duplicatesOk && !idempotent && acks != "0") {
        // Retries after a lost acknowledgement write twice; only the idempotent producer stops that, and librdkafka
        // requires acks=all for it.
        acks = "all";
        idempotent = true;
        acksWhy += ". Raised to all: duplicates are not acceptable, and the idempotent producer that prevents them on "
                   "retry requires acks=all";
    }
    a.profile.setName(name.empty() ? "advised-" + std::string(r.lossNone() ? "no-loss" : r.lossAny() ? "any-loss" : "some-loss")
                                   : name);
    b.set("acks", acks, acksWhy);

    if (idempotent) {
        b.set("enable.idempotence", "true",
              r.consumersIdempotent
                  ? "kept although the consumers drop duplicates (the lesson's \"at-least-once with idempotent consumers\" "
                    "keeps it too): it also keeps retried batches in order, and costs nothing measurable"
                  : "a retry after a lost acknowledgement would write the message twice; the broker drops the copy by "
                    "its producer id and sequence number");
        b.set("max.in.flight.requests.per.connection", "5",
              "the most idempotence allows (more could reorder retried batches; librdkafka refuses the producer)");
    } else if (acks != "0") {
        b.set("enable.idempotence", "false",
              "duplicates are acceptable: a retry after a lost acknowledgement may write a message twice");
        if (r.orderingNeeded)
            b.set("max.in.flight.requests.per.connection", "1",
                  "ordering is needed without idempotence: with more than one request in flight a retried batch can "
                  "land after a later one");
    } else {
        b.set("enable.idempotence", "false", "acks=0 gets no acknowledgement, so there is nothing to de-duplicate");
    }

    // 2. Retries and timeouts.
    int64_t delivery = 0;
    int64_t request = 30000;
    if (acks != "0") {
        b.set("retries", "2147483647",
              "retry until delivery.timeout.ms: a leader election or a broker restart (seconds) is ridden out instead "
              "of failing the message");
        b.set("retry.backoff.ms", "100", "the lesson's 100 ms between attempts");
        if (r.lossNone() && !r.consumersIdempotent) {
            delivery = 120000;
            request = 30000;
        } else {
            delivery = 30000;  // the lesson's "shorter timeout, faster failure"
            request = 10000;
        }
    } else {
        delivery = 5000;
        request = 2000;
    }

    // 3. Batching within the latency bound.
    const int64_t ackMs = typicalAckMs(acks);
    const int64_t headroom = r.maxLatencyMs - ackMs;
    int64_t cap = r.lossNone() ? 5 : (r.peakRate >= 1000 ? 50 : 20);
    int64_t linger = std::clamp<int64_t>(headroom / 4, 0, cap);
    if (headroom <= 0)
        a.warnings.push_back("the latency bound " + ms(r.maxLatencyMs) + " is below what acks=" + acks +
                             " typically takes (~" + ms(ackMs) + " on a healthy cluster): not promised");
    const double perBatch = r.peakRate * static_cast<double>(std::max<int64_t>(linger, 1)) / 1000.0;
    b.set("linger.ms", std::to_string(linger),
          "waits up to " + ms(linger) + " to batch (~" + std::to_string(static_cast<int64_t>(std::ceil(perBatch))) +
              " message(s) per request at " + thousands(static_cast<uint64_t>(r.peakRate)) + " msgs/s), a quarter at most "
              "of the " + ms(std::max<int64_t>(headroom, 0)) + " the bound leaves after acks=" + acks + "'s ~" + ms(ackMs));
    const int64_t batch = r.peakRate >= 10000 ? 65536 : 16384;
    b.set("batch.size", std::to_string(batch),
          batch == 16384 ? "the lesson's 16 KB batches: at this rate linger.ms, not batch.size, closes most batches"
                         : "64 KB batches: at this rate 16 KB fill in a fraction of linger.ms");
    b.set("compression.type", "lz4", "the lesson's choice: cheap on CPU, shrinks JSON events several times");
    b.set("request.timeout.ms", std::to_string(request),
          acks == "0" ? "acks=0 waits for no answer; this bounds only connection set-up"
                      : request == 30000 ? "the lesson's 30 seconds per attempt"
                                         : "10 s per attempt, so " + std::to_string((delivery - linger) / request) +
                                               " attempts fit in delivery.timeout.ms");
    b.set("delivery.timeout.ms", std::to_string(delivery),
          acks == "0"
              ? "a metric still queued after 5 s (no broker reachable) is stale: drop it rather than hold memory"
          : delivery == 120000
              ? "the lesson's 2 minutes: rides out a leader election and a broker restart; >= linger.ms + "
                "request.timeout.ms (" + ms(linger + request) + ")"
              : std::string(r.lossNone() ? "the lesson's at-least-once with idempotent consumers: \"shorter timeout, "
                                           "faster failure\" (the application re-sends or dead-letters what fails)"
                                         : "a bounded 30 s: long enough for a leader election, short enough not to hold "
                                           "stale events") +
                    "; >= linger.ms + request.timeout.ms (" + ms(linger + request) + "; the lesson's own 30000 with "
                    "librdkafka's default 30000 request.timeout.ms would not be)");

    // 4. The topic the profile relies on.
    const int rf = std::min(3, r.brokers);
    const int minIsr = rf >= 3 ? 2 : rf == 2 && r.lossNone() ? 2 : 1;
    a.topic.push_back({"replication.factor", std::to_string(rf),
                       rf == 3 ? "3 copies: survives one broker lost with min.insync.replicas 2 still met"
                               : "only " + std::to_string(r.brokers) + " broker(s): " + std::to_string(rf) + " copies at most"});
    a.topic.push_back({"min.insync.replicas", std::to_string(minIsr),
                       acks != "all" ? "does not apply to acks=" + acks + " writes (kept at the broker's 2 for others)"
                       : rf == 3     ? "acks=all waits for 2 of 3 replicas: one broker may be down, and an acknowledged "
                                       "write is on 2 disks"
                       : rf == 2     ? "both replicas must have it: a broker down makes writes fail (NOT_ENOUGH_REPLICAS) "
                                       "rather than be acknowledged by one copy"
                                     : "a single copy"});
    if (r.lossNone() && r.brokers < 2)
        a.warnings.push_back("loss none cannot be promised on 1 broker: its disk is the only copy");
    if (r.lossNone() && r.brokers == 2)
        a.warnings.push_back("on 2 brokers, one broker down stops acks=all writes (NOT_ENOUGH_REPLICAS) until it is back; "
                             "nothing acknowledged is lost");
    if (!r.lossNone() && !r.lossAny())
        a.warnings.push_back("a loss fraction depends on how often leaders crash: acks=1 loses what the leader had not "
                             "yet replicated at the crash (rate x replication lag)");
    a.profile.setNote("Recommended by acklab advise for: latency <= " + std::to_string(r.maxLatencyMs) + " ms, loss " +
                      r.lossText() + ", duplicates " + (r.duplicatesOk ? "ok" : "no") + ", " +
                      thousands(static_cast<uint64_t>(r.peakRate)) + " msgs/s, " + std::to_string(r.brokers) +
                      " broker(s)" + (r.consumersIdempotent ? ", idempotent consumers" : "") +
                      (r.orderingNeeded ? ", ordering needed" : "") + ". Topic: replication.factor " +
                      std::to_string(rf) + ", min.insync.replicas " + std::to_string(minIsr) + ".");
    return a;
}

std::string adviceText(const Advice& a) {
    const auto& r = a.requirements;
    std::string out = "requirements: latency <= " + std::to_string(r.maxLatencyMs) + " ms, loss " + r.lossText() +
                      ", duplicates " + (r.duplicatesOk ? "ok" : "no") + ", " +
                      thousands(static_cast<uint64_t>(r.peakRate)) + " msgs/s, " + std::to_string(r.brokers) +
                      " broker(s)" + (r.consumersIdempotent ? ", idempotent consumers" : "") +
                      (r.orderingNeeded ? ", ordering needed" : "") + "\n";
    out += "profile " + a.profile.name() + ":\n";
    size_t width = 0;
    for (const auto& s : a.reasons) width = std::max(width, s.key.size() + s.value.size() + 1);
    for (const auto& s : a.reasons) {
        const std::string kv = s.key + "=" + s.value;
        out += "  " + kv + std::string(width + 2 - kv.size(), ' ') + s.why + "\n";
    }
    out += "topic:\n";
    for (const auto& s : a.topic) out += "  " + s.key + "=" + s.value + "  " + s.why + "\n";
    for (const auto& w : a.warnings) out += "note: " + w + "\n";
    return out;
}

nlohmann::json adviceJson(const Advice& a) {
    using nlohmann::json;
    const auto& r = a.requirements;
    json j;
    j["requirements"] = {{"max_latency_ms", r.maxLatencyMs}, {"loss", r.lossText()},
                         {"loss_fraction", r.lossTolerance}, {"duplicates_ok", r.duplicatesOk},
                         {"peak_rate", r.peakRate}, {"brokers", r.brokers},
                         {"consumers_idempotent", r.consumersIdempotent}, {"ordering_needed", r.orderingNeeded}};
    j["profile"] = a.profile.toJson();
    j["reasons"] = json::array();
    for (const auto& s : a.reasons) j["reasons"].push_back({{"key", s.key}, {"value", s.value}, {"why", s.why}});
    j["topic"] = json::array();
    for (const auto& s : a.topic) j["topic"].push_back({{"key", s.key}, {"value", s.value}, {"why", s.why}});
    j["warnings"] = a.warnings;
    return j;
}

}  // namespace acklab
