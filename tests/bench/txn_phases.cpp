// txn_phases: where a transactional librdkafka producer's time goes, transaction by transaction, on a running
// cluster. Each transaction: records handed to librdkafka for --txn-duration-ms (no more than --caps records in
// flight at a time; 0 = no bound), then rd_kafka_flush (what is still in flight), then commit_transaction (EndTxn,
// its records already acknowledged). Also timed: begin_transaction to the transaction's first acknowledged record
// (AddPartitionsToTxn, which the coordinator answers with CONCURRENT_TRANSACTIONS until the previous commit's
// markers are written; librdkafka retries it every 20 ms). Settings as in txn_perf.sh: acks=all, idempotence,
// linger.ms=5, batch.size=16384, no compression, records of --size bytes. Prints one line per bound:
// transactions, msgs/s, and the mean of each phase per transaction, with the delivery p50/p99.
//
//   txn_phases --bootstrap HOSTS --topic T [--messages N] [--txn-duration-ms D] [--caps C1,C2,...] [--size B]
//
// Not a ctest test: it needs a cluster and a topic (acklab-cli cluster up; Kafka's TopicCommand). Exit status 2 on
// bad input, 1 when the producer fails.
#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double msBetween(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

struct Options {
    std::string bootstrap;
    std::string topic;
    long messages = 1'000'000;
    int durationMs = 100;
    int size = 100;
    std::vector<long> caps = {0, 15'000, 30'000};
};

std::optional<long> positive(std::string_view s, bool zeroOk) {
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    const long v = std::stol(std::string(s));
    if (v == 0 && !zeroOk) return std::nullopt;
    return v;
}

bool parse(int argc, char** argv, Options& o) {
    auto fail = [](const std::string& what) {
        std::fprintf(stderr, "txn_phases: %s (see the comment at the top of tests/bench/txn_phases.cpp)\n", what.c_str());
        return false;
    };
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (i + 1 >= argc) return fail(std::string(flag) + " needs a value");
        const std::string_view value = argv[++i];
        if (flag == "--bootstrap") o.bootstrap = value;
        else if (flag == "--topic") o.topic = value;
        else if (flag == "--messages" || flag == "--txn-duration-ms" || flag == "--size") {
            const auto v = positive(value, false);
            if (!v) return fail(std::string(flag) + " takes a positive integer, not '" + std::string(value) + "'");
            if (flag == "--messages") o.messages = *v;
            else if (flag == "--size") o.size = static_cast<int>(*v);
            else o.durationMs = static_cast<int>(*v);
        } else if (flag == "--caps") {
            o.caps.clear();
            std::string_view rest = value;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const auto v = positive(rest.substr(0, comma), true);
                if (!v) return fail("--caps takes counts separated by commas, not '" + std::string(value) + "'");
                o.caps.push_back(*v);
                rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            }
            if (o.caps.empty()) return fail("--caps needs at least one count");
        } else {
            return fail("unknown flag '" + std::string(flag) + "'");
        }
    }
    if (o.bootstrap.empty() || o.topic.empty()) return fail("--bootstrap and --topic are required");
    return true;
}

// Per-run state the delivery callback writes (it runs on this thread, inside poll/flush).
struct Run {
    long inFlight = 0;
    long delivered = 0;
    long failed = 0;
    bool awaitFirst = false;
    Clock::time_point firstAck;
    std::vector<double> latencyMs;
};

void onDelivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* m, void* opaque) {
    auto* run = static_cast<Run*>(opaque);
    --run->inFlight;
    const std::unique_ptr<Clock::time_point> sentAt(static_cast<Clock::time_point*>(m->_private));
    if (m->err) {
        ++run->failed;
        return;
    }
    ++run->delivered;
    const auto now = Clock::now();
    run->latencyMs.push_back(msBetween(*sentAt, now));
    if (run->awaitFirst) {
        run->firstAck = now;
        run->awaitFirst = false;
    }
}

struct ErrorFree {
    void operator()(rd_kafka_error_t* e) const { rd_kafka_error_destroy(e); }
};
struct KafkaFree {
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct TopicFree {
    void operator()(rd_kafka_topic_t* t) const { rd_kafka_topic_destroy(t); }
};

double percentile(std::vector<double>& v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

// One run with in-flight bound `cap`; prints its line. False when the producer failed.
bool runOnce(const Options& o, long cap) {
    Run run;
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    const std::string id = "txn-phases-" + o.topic + "-" + std::to_string(std::time(nullptr)) + "-" + std::to_string(cap);
    const std::pair<const char*, std::string> props[] = {
        {"bootstrap.servers", o.bootstrap}, {"transactional.id", id}, {"acks", "all"}, {"enable.idempotence", "true"},
        {"linger.ms", "5"}, {"batch.size", "16384"}, {"compression.type", "none"}};
    for (const auto& [k, v] : props) {
        if (rd_kafka_conf_set(conf, k, v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
            std::fprintf(stderr, "txn_phases: %s: %s\n", k, err);
            rd_kafka_conf_destroy(conf);
            return false;
        }
    }
    rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    rd_kafka_conf_set_opaque(conf, &run);
    const std::unique_ptr<rd_kafka_t, KafkaFree> rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err));
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        std::fprintf(stderr, "txn_phases: %s\n", err);
        return false;
    }
    const std::unique_ptr<rd_kafka_topic_t, TopicFree> topic(rd_kafka_topic_new(rk.get(), o.topic.c_str(), nullptr));
    auto check = [](rd_kafka_error_t* e, const char* what) {
        const std::unique_ptr<rd_kafka_error_t, ErrorFree> owned(e);
        if (owned) std::fprintf(stderr, "txn_phases: %s: %s\n", what, rd_kafka_error_string(owned.get()));
        return !owned;
    };
    if (!check(rd_kafka_init_transactions(rk.get(), 30'000), "init_transactions")) return false;

    const std::string payload(static_cast<size_t>(o.size), 'x');
    long handed = 0;
    int txns = 0;
    int firstAcks = 0;
    double handing = 0, flushing = 0, ending = 0, toFirstAck = 0;
    const auto t0 = Clock::now();
    while (handed < o.messages) {
        if (!check(rd_kafka_begin_transaction(rk.get()), "begin_transaction")) return false;
        const auto begun = Clock::now();
        run.awaitFirst = true;
        run.firstAck = {};
        while (handed < o.messages && Clock::now() - begun < std::chrono::milliseconds(o.durationMs)) {
            if (cap > 0 && run.inFlight >= cap) {
                rd_kafka_poll(rk.get(), 1);
                continue;
            }
            auto sentAt = std::make_unique<Clock::time_point>(Clock::now());
            if (rd_kafka_produce(topic.get(), RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                                 const_cast<char*>(payload.data()), payload.size(), nullptr, 0, sentAt.get()) != 0) {
                rd_kafka_poll(rk.get(), 1);  // queue full: serve delivery reports, then try again
                continue;
            }
            static_cast<void>(sentAt.release());  // the delivery callback owns it now
            ++run.inFlight;
            ++handed;
            if ((handed & 63) == 0) rd_kafka_poll(rk.get(), 0);
        }
        const auto flushFrom = Clock::now();
        rd_kafka_flush(rk.get(), 60'000);
        const auto commitFrom = Clock::now();
        if (!check(rd_kafka_commit_transaction(rk.get(), 60'000), "commit_transaction")) return false;
        const auto committed = Clock::now();
        handing += msBetween(begun, flushFrom);
        flushing += msBetween(flushFrom, commitFrom);
        ending += msBetween(commitFrom, committed);
        if (run.firstAck != Clock::time_point{}) {
            toFirstAck += msBetween(begun, run.firstAck);
            ++firstAcks;
        }
        ++txns;
    }
    const double totalMs = msBetween(t0, Clock::now());
    const double p50 = percentile(run.latencyMs, 0.50);
    const double p99 = percentile(run.latencyMs, 0.99);
    std::printf("%8ld %6d %10.0f %8.1f %8.1f %8.1f %8.1f %12.1f %8.1f %8.1f %8ld\n", cap, txns,
                static_cast<double>(run.delivered) / totalMs * 1000.0, totalMs / txns, handing / txns, flushing / txns,
                ending / txns, firstAcks ? toFirstAck / firstAcks : -1.0, p50, p99, run.failed);
    std::fflush(stdout);
    return run.failed == 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) return 2;
    std::printf("%s, topic %s: %ld records of %d bytes per run, a commit every %d ms; means per transaction, in ms\n",
                o.bootstrap.c_str(), o.topic.c_str(), o.messages, o.size, o.durationMs);
    std::printf("%8s %6s %10s %8s %8s %8s %8s %12s %8s %8s %8s\n", "cap", "txns", "msgs/s", "cycle", "handing",
                "flush", "end_txn", "first_ack", "p50", "p99", "failed");
    bool ok = true;
    for (const long cap : o.caps) ok = runOnce(o, cap) && ok;
    return ok ? 0 : 1;
}
