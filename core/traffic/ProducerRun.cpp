#include "traffic/ProducerRun.h"

#include "audit/SeqOutcomeBoard.h"
#include "common/Encoding.h"
#include "common/Format.h"
#include "traffic/MessageTag.h"
#include "metrics/ErrorClassifier.h"
#include "metrics/StatsParser.h"
#include "profile/ProfileValidator.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <random>

namespace acklab {
namespace {

int64_t propertyMs(const ProducerProfile& p, const char* key, int64_t fallback) {
    auto v = p.get(key);
    if (!v) return fallback;
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    return ec == std::errc() ? n : fallback;
}

}  // namespace

std::string ProducerRun::newRunId() {
    std::random_device rd;
    std::uniform_int_distribution<uint32_t> d;
    char buf[32];
    std::snprintf(buf, sizeof buf, "run-%08x", d(rd));
    return buf;
}

ProducerRun::ProducerRun(RunOptions options)
    : options_(std::move(options)),
      payload_(options_.traffic, options_.runId.empty() ? (options_.runId = newRunId()) : options_.runId) {
    options_.traffic.validate();
    if (options_.runId.size() > 64) throw RunError("run id: at most 64 characters");
    if (options_.intervalMs < 10 || options_.intervalMs > 60'000) throw RunError("interval: must be 10 ms to 60 s");
    if (!options_.bootstrap.empty()) options_.profile.set("bootstrap.servers", options_.bootstrap);
    if (!options_.profile.get("bootstrap.servers")) throw RunError("bootstrap.servers: no cluster given");

    // A transactional run: the profile's transactional.id, or one of its own when only the traffic asked for
    // transactions; a profile with transactional.id and no transaction traffic commits every 100 events.
    auto& x = options_.traffic.transaction;
    if (auto id = options_.profile.get("transactional.id"); id && !id->empty()) {
        txnId_ = *id;
        if (!x.enabled()) x.messages = 100;
    } else if (x.enabled()) {
        txnId_ = "acklab-" + options_.runId;
        options_.profile.set("transactional.id", txnId_);
    }
    txnMode_ = !txnId_.empty();
    if (txnMode_ && x.durationMs > 0) txnInFlightCap_ = 10'000;  // until the first commit measures the cluster
    for (const auto& [k, v] : options_.clusterProperties) confProps_.emplace_back(k, v);
    for (const auto& [k, v] : options_.profile.properties()) confProps_.emplace_back(k, v);
    producer_ = createProducer();
    topic_ = topicHandle(producer_.get(), options_.traffic.topic);
    if (!topic_) throw RunError("topic handle not created for '" + options_.traffic.topic + "'");
    if (txnMode_) {
        const auto topics = options_.traffic.allTopics();
        txnTopicCount_ = topics.size();
        if (options_.traffic.durationMs == 0 && options_.traffic.messages % static_cast<int64_t>(txnTopicCount_) != 0)
            throw RunError("messages: " + std::to_string(options_.traffic.messages) + " is not a multiple of the " +
                           std::to_string(txnTopicCount_) + " topics of a transaction (each event writes one record to each)");
        for (const auto& t : topics) {
            txnTopics_.push_back(topicHandle(producer_.get(), t));
            if (!txnTopics_.back()) throw RunError("topic handle not created for '" + t + "'");
        }
    }

    auto withCluster = options_.profile;
    for (const auto& [k, v] : options_.clusterProperties)
        if (!withCluster.get(k)) withCluster.set(k, v);
    effective_ = validateProfile(withCluster).effective;

    DlqWriterOptions d;
    d.bootstrap = *options_.profile.get("bootstrap.servers");
    d.clientProperties = options_.clusterProperties;
    // A DLQ producer needs the cluster's security settings, which may live in the profile.
    for (const auto& [k, v] : options_.profile.properties())
        if (k.rfind("sasl.", 0) == 0 || k.rfind("ssl.", 0) == 0 || k == "security.protocol")
            d.clientProperties.emplace_back(k, v);
    d.topic = options_.dlqTopic;
    d.fallbackPath = options_.dlqFile;
    dlq_ = std::make_unique<DlqWriter>(std::move(d));

    nsPerMessage_ = options_.traffic.rate > 0 ? 1e9 / options_.traffic.rate : 0;
    if (options_.recordOutcomes && options_.traffic.durationMs == 0)
        outcomes_.assign(static_cast<size_t>(options_.traffic.messages), MessageOutcome::Pending);
    if (options_.drainTimeoutMs < 0) {
        options_.drainTimeoutMs = propertyMs(options_.profile, "delivery.timeout.ms", 300'000) +
                                  propertyMs(options_.profile, "reconnect.backoff.max.ms", 10'000) + 5'000;
    }
}

ProducerRun::~ProducerRun() {
    requestStop();
    if (thread_.joinable()) thread_.join();
    // The producer goes before what its callbacks use (dlq_, causes_, the counters): onLog runs on librdkafka's
    // threads until rd_kafka_destroy returns. producer_ and topic_ are also the last members declared, so a
    // constructor that throws destroys them first too.
    zombie_.reset();
    txnTopics_.clear();
    topic_.reset();
    producer_.reset();
    dlq_.reset();
}

void ProducerRun::start(Clock::time_point t0) {
    if (thread_.joinable()) return;
    t0_ = t0;
    {
        std::lock_guard lock(doneMutex_);
        started_ = true;
    }
    thread_ = std::thread([this] { threadMain(); });
}

void ProducerRun::requestStop() { stopRequested_.store(true, std::memory_order_release); }

bool ProducerRun::wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(doneMutex_);
    if (!started_) return true;  // never started (a session built, then dropped): nothing to wait for
    if (timeout == std::chrono::milliseconds::max()) {
        doneCv_.wait(lock, [this] { return finished(); });
        return true;
    }
    return doneCv_.wait_for(lock, timeout, [this] { return finished(); });
}

int64_t ProducerRun::msSinceStart(Clock::time_point t) const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t - t0_).count();
}

void ProducerRun::setState(const char* s) {
    std::lock_guard lock(mutex_);
    state_ = s;
}

KafkaHandle ProducerRun::createProducer() {
    KafkaConf conf(rd_kafka_conf_new());
    std::vector<std::string> refused;  // every property librdkafka refuses, not only the first
    for (const auto& [k, v] : confProps_)
        if (auto e = confSet(conf.get(), k, v); !e.empty()) refused.push_back(k + ": " + e);
    if (!refused.empty()) throw RunError(joinProblems(refused, "\n"));
    // debug=broker makes librdkafka log failed requests it retries (see onLog); a few lines per failure only.
    {
        std::string debug = options_.profile.get("debug").value_or("");
        if (debug.find("broker") == std::string::npos && debug != "all")
            confSet(conf.get(), "debug", debug.empty() ? "broker" : debug + ",broker");
    }
    // Statistics once a second (broker RTT, queue latencies, retries) unless the profile chose otherwise.
    if (!options_.profile.get("statistics.interval.ms"))
        confSet(conf.get(), "statistics.interval.ms", std::to_string(options_.statisticsIntervalMs));
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &ProducerRun::onDeliveryReport);
    rd_kafka_conf_set_error_cb(conf.get(), &ProducerRun::onError);
    rd_kafka_conf_set_log_cb(conf.get(), &ProducerRun::onLog);
    rd_kafka_conf_set_stats_cb(conf.get(), &ProducerRun::onStats);
    rd_kafka_conf_set_opaque(conf.get(), this);
    char errstr[512];
    KafkaHandle rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr));
    if (!rk) throw RunError(std::string("producer not created: ") + errstr);  // conf is still ours: freed
    (void)conf.release();  // owned by rk now
    return rk;
}

// ---- librdkafka callbacks: all but onLog run on the run thread, inside rd_kafka_poll. No exception escapes.

// An exception must not cross into librdkafka's C code, and must not vanish either: a delivery report that
// was not counted breaks sent == delivered + failed + in flight. Each one is counted (callback_errors in the
// report) and the first of each callback is an event naming it.
void ProducerRun::callbackFailed(const char* callback, const char* what) noexcept {
    const uint64_t n = callbackErrors_.fetch_add(1, std::memory_order_relaxed);
    try {
        std::lock_guard lock(callbackErrorsMutex_);
        if (!callbacksReported_.insert(callback).second) return;
        RunEvent e;
        e.tMs = t0_ == Clock::time_point{} ? 0 : msSinceStart(Clock::now());
        e.severity = "error";
        e.message = std::string("AckLab's ") + callback + " callback failed (" + what + ")" +
                    (n > 0 ? "; " + std::to_string(n) + " callback failure(s) before this one" : "") +
                    ". Counts may not add up: see callback_errors in the report.";
        e.remedy = "A bug in AckLab: please report it with this run's report.";
        addEvent(std::move(e));
    } catch (...) {
        // Out of memory while reporting: the count above still says it happened.
    }
}

void ProducerRun::onDeliveryReport(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    auto* self = static_cast<ProducerRun*>(opaque);
    try {
        self->recordDelivery(msg);
    } catch (const std::exception& e) {
        self->callbackFailed("delivery report", e.what());
    } catch (...) {
        self->callbackFailed("delivery report", "unknown exception");
    }
}

void ProducerRun::onError(rd_kafka_t* rk, int err, const char* /*reason*/, void* opaque) {
    auto* self = static_cast<ProducerRun*>(opaque);
    try {
        const auto code = static_cast<rd_kafka_resp_err_t>(err);
        if (code == RD_KAFKA_RESP_ERR__FATAL) {
            char buf[512] = {0};
            const auto orig = rd_kafka_fatal_error(rk, buf, sizeof buf);
            self->fatal_ = true;
            self->fatalError_ = ErrorClassifier::name(orig) + ": " + buf;
            RunEvent e;
            e.tMs = self->msSinceStart(Clock::now());
            e.severity = "error";
            e.code = orig;
            e.name = ErrorClassifier::name(orig);
            e.errorClass = "fatal";
            e.message = "Fatal producer error: " + std::string(buf) + ". The producer cannot continue; the run ends.";
            e.remedy = ErrorClassifier::classify(orig).remedy;
            self->addEvent(std::move(e));
            return;
        }
        // Client-level errors (transport, all brokers down): a cause of last resort for timeouts.
        self->causes_.noteClientError(code);
    } catch (const std::exception& e) {
        self->callbackFailed("error", e.what());
    } catch (...) {
        self->callbackFailed("error", "unknown exception");
    }
}

void ProducerRun::onLog(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
    // Runs on librdkafka's threads (see FailureCauses for what is kept).
    if (!buf || !fac) return;
    auto* self = static_cast<ProducerRun*>(rd_kafka_opaque(rk));
    if (!self) return;
    try {
        self->causes_.noteLogLine(level, fac, buf);
    } catch (const std::exception& e) {
        self->callbackFailed("log", e.what());
    } catch (...) {
        self->callbackFailed("log", "unknown exception");
    }
}

int ProducerRun::onStats(rd_kafka_t*, char* json, size_t len, void* opaque) {
    auto* self = static_cast<ProducerRun*>(opaque);
    try {
        ClientStats s = parseStatistics(std::string_view(json, len));
        s.receivedAtMs = self->msSinceStart(Clock::now());
        std::lock_guard lock(self->mutex_);
        self->stats_ = std::move(s);
    } catch (const std::exception& e) {
        self->callbackFailed("statistics", e.what());
    } catch (...) {
        self->callbackFailed("statistics", "unknown exception");
    }
    return 0;  // librdkafka frees the JSON
}

// ---- the run thread

void ProducerRun::threadMain() {
    setState("running");
    inFlight_.markInterval(0, 0);
    const auto& t = options_.traffic;
    const bool countMode = t.durationMs == 0;
    const int64_t target = countMode ? t.messages : INT64_MAX;
    const auto deadline = t0_ + std::chrono::milliseconds(t.durationMs);
    int64_t seq = 0;
    // A transactional run stops (and commits) between events, never inside one: every event is whole in every topic.
    const auto txnTopics = static_cast<int64_t>(txnTopicCount_);
    auto betweenEvents = [&] { return !txnMode_ || seq % txnTopics == 0; };
    if (txnMode_) txnInit();

    while ((!stopRequested_.load(std::memory_order_relaxed) || !betweenEvents()) && (!fatal_ || txnMode_) &&
           seq < target) {
        if (fatal_) {  // transactional: the open transaction is fenced; go on with a new producer when asked
            txnOnFatal();
            if (fatal_) break;
        }
        // Unthrottled, the clock is read every 64 messages: it is the hottest loop AckLab has.
        const bool paced = nsPerMessage_ > 0;
        if (paced || (seq & 63) == 0) {
            const auto now = Clock::now();
            if (!countMode && now >= deadline && betweenEvents()) break;
            if (now >= t0_ + std::chrono::milliseconds((bucketIndex_ + 1) * options_.intervalMs)) closeIntervals(now, false);
        }
        if (txnMode_ && !txnOpen_ && !txnBegin(seq)) continue;  // fatal_ is set: see the top of the loop
        // A transaction of a given duration takes no more records than the cluster acknowledges in that time:
        // otherwise librdkafka queues ~100,000 in a few milliseconds and the commit waits seconds for them.
        if (txnMode_ && txnInFlightCap_ > 0 && counters_.inFlight() >= txnInFlightCap_ && betweenEvents()) {
            serve(1);
            if (Clock::now() - txnStart_ >= std::chrono::milliseconds(options_.traffic.transaction.durationMs))
                txnAfterEvent(seq);
            continue;
        }
        // Producer faults (abort, zombie) land between events of an open transaction; the clock is read for them
        // only while one is pending.
        if (txnMode_ && nextProducerFaultMs_.load(std::memory_order_relaxed) != INT64_MAX && betweenEvents() &&
            msSinceStart(Clock::now()) >= nextProducerFaultMs_.load(std::memory_order_relaxed)) {
            txnServeFaults();
            continue;
        }
        if (paced) {
            const auto now = Clock::now();
            const auto sched = t0_ + std::chrono::nanoseconds(static_cast<int64_t>(static_cast<double>(seq) * nsPerMessage_));
            if (sched > now) {
                const auto waitNs = std::chrono::duration_cast<std::chrono::nanoseconds>(sched - now).count();
                if (waitNs >= 1'000'000) {
                    serve(static_cast<int>(std::min<int64_t>(waitNs / 1'000'000, options_.intervalMs)));
                    dlq_->poll();
                } else {
                    serve(0);
                    std::this_thread::sleep_for(std::chrono::nanoseconds(waitNs));
                }
                continue;
            }
        }
        if (!produceOne(seq)) {
            if (txnNeedsAbort_) {  // the transaction refused more records (an earlier one failed): abort it
                txnNeedsAbort_ = false;
                txnEnd(true, &TxnCounters::abortedAfterError);
                continue;
            }
            ++counters_.backpressure;
            ++bucket_.point.backpressure;
            serve(1);  // QUEUE_FULL: serve delivery reports, then retry the same message
            continue;
        }
        ++seq;
        if (txnMode_ && seq % txnTopics == 0) txnAfterEvent(seq);
        if ((seq & 63) == 0) {
            serve(0);
            dlq_->poll();
        }
    }

    // The last transaction: committed (its events are whole), unless the producer is gone.
    if (txnMode_ && txnOpen_) {
        if (fatal_) txnMarkOpen(TxnOutcome::Fenced);
        else txnEnd(txnAbortNext_ || options_.traffic.transaction.abortsTransaction(txn_.begun - 1),
                    txnAbortNext_ ? &TxnCounters::abortedOnDemand : &TxnCounters::abortedPlanned);
    }
    rd_kafka_t* rk = producer_.get();
    // Drain: wait for the delivery reports of what is in flight, within a bound.
    setState(stopRequested_ ? "stopping" : "draining");
    auto drainEnd = Clock::now() + std::chrono::milliseconds(stopRequested_ ? options_.stopFlushMs : options_.drainTimeoutMs);
    bool stopSeen = stopRequested_;
    while (counters_.inFlight() > 0 && !fatal_) {
        const auto now = Clock::now();
        if (!stopSeen && stopRequested_) {
            stopSeen = true;
            setState("stopping");
            drainEnd = std::min(drainEnd, now + std::chrono::milliseconds(options_.stopFlushMs));
        }
        if (now >= drainEnd) break;
        closeIntervals(now, false);
        serve(20);
        dlq_->poll();
    }
    if (fatal_) {
        // Messages a fatal error leaves behind get their reports (ERR__FATAL) as librdkafka purges them.
        const auto end = Clock::now() + std::chrono::milliseconds(2000);
        while (counters_.inFlight() > 0 && Clock::now() < end) serve(20);
    }
    inFlightAtEnd_ = counters_.inFlight();
    accountingClosed_ = true;
    if (inFlightAtEnd_ > 0) {
        rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        const auto end = Clock::now() + std::chrono::milliseconds(1000);
        while (purgedAtEnd_ < inFlightAtEnd_ && Clock::now() < end) rd_kafka_poll(rk, 10);
    }
    dlq_->close(5000);
    zombie_.reset();
    closeIntervals(Clock::now(), true);
    {
        std::lock_guard lock(mutex_);
        state_ = fatal_ ? "failed" : "finished";
        endMs_ = msSinceStart(Clock::now());
    }
    {
        std::lock_guard lock(doneMutex_);
        finished_.store(true, std::memory_order_release);
    }
    doneCv_.notify_all();
}

void ProducerRun::serve(int timeoutMs) {
    rd_kafka_poll(producer_.get(), timeoutMs);
    // One clock read per batch of delivery reports, not per report.
    if (reportsSinceClock_ > 0) {
        lastReport_ = Clock::now();
        reportsSinceClock_ = 0;
    }
}

bool ProducerRun::produceOne(int64_t seq) {
    const std::string_view value = payload_.value(seq);
    const std::string_view key = payload_.key(seq);
    // The tag rides in the value when the value is AckLab's filler (MessageTag.h), else in the "acklab" header.
    // Two producev calls rather than one rd_kafka_produceva with an optional header entry: when librdkafka 2.0.2's
    // produceva refuses a message at partitioning (a topic flagged unauthorized, say), it frees the message with
    // its headers and then the headers again (tried: the authorization-dlq scenario segfaulted).
    const bool tagHeader = !payload_.tagsValue();
    const size_t tagLen = tagHeader ? formatMessageTag(tagBuf_.data(), options_.runId, seq) : 0;
    char* const keyData = payload_.hasKey() ? const_cast<char*>(key.data()) : nullptr;
    void* const opaque = reinterpret_cast<void*>(static_cast<intptr_t>(seq));
    rd_kafka_topic_t* const rkt =
        txnTopics_.empty() ? topic_.get() : txnTopics_[static_cast<size_t>(seq) % txnTopics_.size()].get();
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"  // librdkafka's RD_KAFKA_V_* macros
    const rd_kafka_resp_err_t err =
        tagHeader ? rd_kafka_producev(producer_.get(), RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                      RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                      RD_KAFKA_V_KEY(keyData, key.size()),
                                      RD_KAFKA_V_HEADER(kMessageTagHeader, tagBuf_.data(), static_cast<ssize_t>(tagLen)),
                                      RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END)
                  : rd_kafka_producev(producer_.get(), RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                      RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                      RD_KAFKA_V_KEY(keyData, key.size()), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) return false;
    if (txnMode_ && err == RD_KAFKA_RESP_ERR__STATE) {
        // The transaction is in an abortable error state and takes no more records: not sent; the caller aborts
        // and sends this record again in the next transaction.
        txnNeedsAbort_ = true;
        return false;
    }
    if (!anyProduced_) {
        anyProduced_ = true;
        firstProduce_ = Clock::now();
    }
    ++counters_.sent;
    ++bucket_.point.sent;
    if (options_.recordOutcomes && options_.traffic.durationMs > 0) outcomes_.push_back(MessageOutcome::Pending);
    if (err) {
        // A synchronous refusal (MSG_SIZE_TOO_LARGE, a topic flagged unauthorized, _FATAL ...) is a failure like
        // a failed delivery report: counted, classified, DLQ'd when permanent.
        std::vector<std::pair<std::string, std::string>> hdrs;
        if (tagHeader) hdrs.emplace_back(kMessageTagHeader, std::string(tagBuf_.data(), tagLen));
        recordFailure(seq, err, rd_kafka_err2str(err), -1,
                      payload_.hasKey() ? std::optional<std::string>(std::string(key)) : std::nullopt,
                      std::string(value), std::move(hdrs), nowEpochMs(), false);
        if (err == RD_KAFKA_RESP_ERR__FATAL && !fatal_) {
            char buf[512] = {0};
            const auto orig = rd_kafka_fatal_error(producer_.get(), buf, sizeof buf);
            fatal_ = true;
            fatalError_ = ErrorClassifier::name(orig) + ": " + buf;
        }
    }
    return true;
}

void ProducerRun::recordDelivery(const rd_kafka_message_t* msg) {
    if (accountingClosed_) {
        ++purgedAtEnd_;
        return;
    }
    const auto seq = static_cast<int64_t>(reinterpret_cast<intptr_t>(msg->_private));
    anyReport_ = true;
    ++reportsSinceClock_;
    PartitionDeliveries* part = nullptr;
    if (msg->partition >= 0 && msg->partition < 100'000) {
        const auto idx = static_cast<size_t>(msg->partition);
        if (idx >= partitions_.size()) {
            const size_t old = partitions_.size();
            partitions_.resize(idx + 1);
            for (size_t i = old; i < partitions_.size(); ++i) partitions_[i].partition = static_cast<int32_t>(i);
        }
        part = &partitions_[idx];
    }
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (part) {
            ++part->delivered;
            if (msg->offset > part->lastOffset) part->lastOffset = msg->offset;
        }
        ++counters_.delivered;
        ++bucket_.point.delivered;
        if (msg->offset >= 0) ++counters_.offsetsReported;
        const int64_t latUs = rd_kafka_message_latency(msg);
        const int64_t lat = latUs >= 0 ? latUs : 0;
        latency_.record(lat);
        bucket_.latency.record(lat);
        // Unthrottled, the schedule is "now": latency from schedule equals latency from produce(), and the
        // copies are made once per interval in publishBucket instead of recording twice per message.
        if (nsPerMessage_ > 0) {
            const auto now = Clock::now();
            const auto sched = t0_ + std::chrono::nanoseconds(static_cast<int64_t>(static_cast<double>(seq) * nsPerMessage_));
            const int64_t schedUs =
                std::max(lat, static_cast<int64_t>(std::chrono::duration_cast<std::chrono::microseconds>(now - sched).count()));
            schedLatency_.record(schedUs);
            bucket_.sched.record(schedUs);
        }
        if (!outcomes_.empty() && seq >= 0 && static_cast<size_t>(seq) < outcomes_.size())
            outcomes_[static_cast<size_t>(seq)] = MessageOutcome::Delivered;
        inFlight_.reported(seq);
        if (board_) board_->acknowledged(seq);
        return;
    }
    if (part) ++part->failed;
    std::optional<std::string> key, value;
    if (msg->key) key.emplace(static_cast<const char*>(msg->key), msg->key_len);
    if (msg->payload) value.emplace(static_cast<const char*>(msg->payload), msg->len);
    std::vector<std::pair<std::string, std::string>> hdrs;
    rd_kafka_headers_t* h = nullptr;
    if (rd_kafka_message_headers(msg, &h) == RD_KAFKA_RESP_ERR_NO_ERROR && h) {
        const char* name;
        const void* val;
        size_t size;
        for (size_t i = 0; rd_kafka_header_get_all(h, i, &name, &val, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
            hdrs.emplace_back(name, val ? std::string(static_cast<const char*>(val), size) : std::string());
    }
    rd_kafka_timestamp_type_t tstype;
    const int64_t ts = rd_kafka_message_timestamp(msg, &tstype);
    const bool possibly = rd_kafka_message_status(msg) == RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED;
    recordFailure(seq, msg->err, rd_kafka_err2str(msg->err), msg->partition, std::move(key), std::move(value),
                  std::move(hdrs), ts > 0 ? ts : nowEpochMs(), possibly);
}

void ProducerRun::recordFailure(int64_t seq, rd_kafka_resp_err_t err, const std::string& errText, int32_t partition,
                                std::optional<std::string> key, std::optional<std::string> value,
                                std::vector<std::pair<std::string, std::string>> headers, int64_t producedAtMs,
                                bool possiblyPersisted) {
    ++counters_.failed;
    ++bucket_.point.failed;
    inFlight_.reported(seq);
    if (board_) board_->failed(seq);
    if (possiblyPersisted) ++counters_.possiblyPersisted;
    ++errorCounts_[err];
    auto it = std::find_if(bucket_.failedByCode.begin(), bucket_.failedByCode.end(),
                           [&](const auto& p) { return p.first == err; });
    if (it == bucket_.failedByCode.end()) bucket_.failedByCode.emplace_back(err, 1);
    else ++it->second;
    if (!outcomes_.empty() && seq >= 0 && static_cast<size_t>(seq) < outcomes_.size())
        outcomes_[static_cast<size_t>(seq)] =
            possiblyPersisted ? MessageOutcome::FailedPossiblyPersisted : MessageOutcome::FailedNotPersisted;

    const ErrorInfo info = ErrorClassifier::classify(err);
    if (info.errorClass == ErrorClass::Permanent) {
        DlqEnvelope e;
        e.originalTopic = txnTopics_.empty() ? options_.traffic.topic
                                             : options_.traffic.allTopics()[static_cast<size_t>(seq) % txnTopics_.size()];
        e.originalPartition = partition;
        e.originalKey = std::move(key);
        e.originalValue = std::move(value);
        e.originalHeaders = std::move(headers);
        e.error = errText;
        e.errorCode = err;
        e.errorName = info.name;
        e.errorClass = std::string(toString(info.errorClass));
        e.runId = options_.runId;
        e.profile = options_.profile.name();
        e.producedAtMs = producedAtMs;
        e.failedAtMs = nowEpochMs();
        e.attempts = 1;
        dlq_->write(e);
    }
}

std::string ProducerRun::topicProblem() {
    // Asked once per run, only when messages time out with no broker error seen: a topic that does not exist
    // (auto-create off) shows up as plain timeouts while librdkafka waits for it to appear.
    if (topicChecked_) return topicProblem_;
    topicChecked_ = true;
    const rd_kafka_metadata_t* md = nullptr;
    if (rd_kafka_metadata(producer_.get(), 0, topic_.get(), &md, 1000) != RD_KAFKA_RESP_ERR_NO_ERROR || !md) return {};
    KafkaMetadata owned(md);
    if (md->topic_cnt == 1 && md->topics[0].err)
        topicProblem_ = "topic '" + options_.traffic.topic + "' does not exist or cannot be seen (" +
                        ErrorClassifier::name(md->topics[0].err) +
                        "); librdkafka waited for it to appear (topic.metadata.propagation.max.ms)";
    return topicProblem_;
}

std::string ProducerRun::timeoutCause() {
    const auto window = std::chrono::milliseconds(propertyMs(options_.profile, "delivery.timeout.ms", 300'000) + 1000);
    FailureCauses::Cause cause = causes_.timeoutCause(window);
    if (cause.empty()) cause.other = topicProblem();
    return FailureCauses::describe(cause);
}

}  // namespace acklab
