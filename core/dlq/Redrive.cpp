#include "dlq/Redrive.h"

#include "common/Encoding.h"
#include "common/RdKafka.h"
#include "dlq/DlqWriter.h"
#include "metrics/ErrorClassifier.h"

#include <chrono>
#include <thread>

namespace acklab {
namespace {


struct Context {
    const std::vector<DlqRecord>* records = nullptr;
    RedriveSummary* summary = nullptr;
    DlqWriter* writer = nullptr;
    const Redrive::Progress* progress = nullptr;
    size_t pending = 0;
    bool closed = false;  // after this, late delivery reports are ignored (already accounted for)
};

void report(Context& c, const RedriveOutcome& o) {
    if (c.progress && *c.progress) (*c.progress)(o);
}

void failedAgain(Context& c, size_t index, rd_kafka_resp_err_t err, const std::string& text, int32_t partition) {
    auto& o = c.summary->outcomes[index];
    const DlqRecord& r = (*c.records)[index];
    const ErrorInfo info = ErrorClassifier::classify(err);
    o.status = RedriveOutcome::Status::FailedAgain;
    o.partition = partition;
    o.errorName = info.name;
    o.error = text;
    ++c.summary->failedAgain;
    DlqEnvelope e;
    e.originalTopic = o.plan.topic;
    e.originalPartition = partition >= 0 ? partition : o.plan.partition;
    e.originalKey = o.plan.key;
    e.originalValue = o.plan.value;
    e.originalHeaders = o.plan.headers;
    e.error = text;
    e.errorCode = err;
    e.errorName = info.name;
    e.errorClass = std::string(toString(info.errorClass));
    e.runId = r.runId;
    e.profile = r.profile.empty() ? std::string("redrive") : r.profile;
    e.producedAtMs = r.producedAtMs > 0 ? r.producedAtMs : r.timestampMs;
    e.failedAtMs = nowEpochMs();
    e.attempts = r.attempts + 1;
    c.writer->write(e);
    report(c, o);
}

void onDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    try {
        auto& c = *static_cast<Context*>(opaque);
        const auto index = static_cast<size_t>(reinterpret_cast<uintptr_t>(msg->_private));
        if (c.closed || index >= c.summary->outcomes.size()) return;
        if (c.summary->outcomes[index].status != RedriveOutcome::Status::WouldSend) return;
        --c.pending;
        if (msg->err) {
            failedAgain(c, index, msg->err, rd_kafka_err2str(msg->err), msg->partition);
            return;
        }
        auto& o = c.summary->outcomes[index];
        o.status = RedriveOutcome::Status::Sent;
        o.partition = msg->partition;
        o.offset = msg->offset;
        ++c.summary->redriven;
        report(c, o);
    } catch (...) {
        // No exception may cross into librdkafka's C code.
    }
}

}  // namespace

const char* RedriveOutcome::statusName(Status s) {
    switch (s) {
        case Status::WouldSend: return "would-send";
        case Status::Sent: return "sent";
        case Status::FailedAgain: return "failed-again";
        case Status::Skipped: break;
    }
    return "skipped";
}

std::string RedriveSummary::text() const {
    std::string s;
    if (!error.empty()) return "redrive did not start: " + error;
    if (dryRun)
        s = "dry run: would send " + std::to_string(wouldSend);
    else
        s = "redriven " + std::to_string(redriven) + ", failed again and DLQ'd " + std::to_string(failedAgain) +
            " (to topic " + (dlqTopic.empty() ? std::string("-") : dlqTopic) + ": " + std::to_string(requeuedToTopic) +
            ", to file " + dlqFile + ": " + std::to_string(requeuedToFile) +
            (requeueLost ? ", LOST (file not writable): " + std::to_string(requeueLost) : std::string()) + ")";
    s += ", skipped " + std::to_string(skipped);
    if (cancelled) s += " (cancelled)";
    return s;
}

std::string Redrive::plan(const DlqRecord& r, const RedriveOptions& o, RedrivePlan& out) {
    if (!r.ok()) return "not redriven: the record could not be read (" + r.parseError + ")";
    out = RedrivePlan{};
    out.topic = o.toTopic.empty() ? r.originalTopic : o.toTopic;
    if (out.topic.empty()) return "not redriven: its original topic is unknown (give a target topic)";
    if (o.keepPartition && r.originalPartition >= 0 && out.topic == r.originalTopic) out.partition = r.originalPartition;
    out.key = r.key;
    out.value = r.value;
    out.headers = r.headers;  // AckLab: the envelope's; others: the record's own without DLQ headers
    return {};
}

RedriveSummary Redrive::run(const std::vector<DlqRecord>& records, const RedriveOptions& options,
                            const std::atomic<bool>* cancel, const Progress& progress) {
    RedriveSummary summary;
    summary.outcomes.resize(records.size());
    for (size_t i = 0; i < records.size(); ++i) {
        auto& o = summary.outcomes[i];
        o.index = i;
        const std::string why = plan(records[i], options, o.plan);
        if (!why.empty()) {
            o.status = RedriveOutcome::Status::Skipped;
            o.error = why;
            ++summary.skipped;
        } else {
            o.status = RedriveOutcome::Status::WouldSend;
            o.partition = o.plan.partition;
        }
    }
    summary.dryRun = options.dryRun;
    if (options.dryRun) {
        for (const auto& o : summary.outcomes) {
            if (o.status == RedriveOutcome::Status::WouldSend) ++summary.wouldSend;
            if (progress) progress(o);
        }
        return summary;
    }

    DlqWriterOptions d;
    d.bootstrap = options.bootstrap;
    d.clientProperties = options.clientProperties;
    d.topic = options.dlqTopic;
    d.fallbackPath = options.dlqFile;
    DlqWriter writer(std::move(d));
    summary.dlqTopic = writer.topic();
    summary.dlqFile = writer.fallbackPath();

    Context ctx;
    ctx.records = &records;
    ctx.summary = &summary;
    ctx.writer = &writer;
    ctx.progress = &progress;

    KafkaProperties props = options.clientProperties;
    props.insert(props.end(), {
        {"bootstrap.servers", options.bootstrap},
        {"client.id", "acklab-redrive"},
        // Like the DLQ writer: durable, no duplicates from retries, bounded in time.
        {"enable.idempotence", "true"},
        {"delivery.timeout.ms", std::to_string(std::max<int64_t>(options.deliveryTimeoutMs, 1))},
    });
    if (options.deliveryTimeoutMs < 30'000)
        props.insert(props.end(), {
            {"request.timeout.ms", std::to_string(std::max<int64_t>(options.deliveryTimeoutMs, 1))},
            {"reconnect.backoff.max.ms", "1000"},
            {"linger.ms", "5"},
        });
    std::vector<std::string> problems;
    KafkaHandle producer = createClient(RD_KAFKA_PRODUCER, props, [&ctx](rd_kafka_conf_t* conf) {
        rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
        rd_kafka_conf_set_log_cb(conf, discardLog);
        rd_kafka_conf_set_opaque(conf, &ctx);
    }, problems);
    if (!producer) {
        summary.error = "redrive producer not created: " + joinProblems(problems);
        return summary;
    }

    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const double nsPer = options.rate > 0 ? 1e9 / options.rate : 0;
    size_t sent = 0;
    for (size_t i = 0; i < records.size(); ++i) {
        auto& o = summary.outcomes[i];
        if (o.status != RedriveOutcome::Status::WouldSend) {
            report(ctx, o);
            continue;
        }
        if (cancel && cancel->load()) {
            summary.cancelled = true;
            o.status = RedriveOutcome::Status::Skipped;
            o.error = "not redriven: cancelled";
            ++summary.skipped;
            report(ctx, o);
            continue;
        }
        if (nsPer > 0) {  // pace by scheduled send time; serve delivery reports while waiting
            const auto due = t0 + std::chrono::nanoseconds(static_cast<int64_t>(static_cast<double>(sent) * nsPer));
            for (auto now = Clock::now(); now < due; now = Clock::now()) {
                const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(due - now).count();
                rd_kafka_poll(producer.get(), static_cast<int>(std::clamp<int64_t>(ms, 0, 100)));
                writer.poll();
            }
        }
        rd_kafka_headers_t* h = rd_kafka_headers_new(o.plan.headers.size());
        for (const auto& [k, v] : o.plan.headers)
            rd_kafka_header_add(h, k.data(), static_cast<ssize_t>(k.size()), v.data(), static_cast<ssize_t>(v.size()));
        const void* keyPtr = o.plan.key ? o.plan.key->data() : nullptr;
        const size_t keyLen = o.plan.key ? o.plan.key->size() : 0;
        const void* valPtr = o.plan.value ? o.plan.value->data() : nullptr;
        const size_t valLen = o.plan.value ? o.plan.value->size() : 0;
        rd_kafka_resp_err_t err;
        for (;;) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"  // librdkafka's RD_KAFKA_V_* macros
            err = rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC(o.plan.topic.c_str()),
                                    RD_KAFKA_V_PARTITION(o.plan.partition), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                    RD_KAFKA_V_VALUE(const_cast<void*>(valPtr), valLen), RD_KAFKA_V_KEY(keyPtr, keyLen),
                                    RD_KAFKA_V_HEADERS(h),
                                    RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<uintptr_t>(i))), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
            if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) break;
            rd_kafka_poll(producer.get(), 100);  // back-pressure: let deliveries drain
        }
        ++sent;
        if (err) {
            rd_kafka_headers_destroy(h);  // not taken over on failure
            failedAgain(ctx, i, err, rd_kafka_err2str(err), -1);
        } else {
            ++ctx.pending;
        }
        rd_kafka_poll(producer.get(), 0);
        writer.poll();
    }
    // Wait for every delivery report; what is still unreported then is purged and fails (-> DLQ).
    const auto flushDeadline = Clock::now() + std::chrono::milliseconds(options.deliveryTimeoutMs + 5'000);
    while (ctx.pending > 0 && Clock::now() < flushDeadline) {
        rd_kafka_flush(producer.get(), 100);
        writer.poll();
    }
    if (ctx.pending > 0) {
        rd_kafka_purge(producer.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        for (int i = 0; i < 50 && ctx.pending > 0; ++i) rd_kafka_poll(producer.get(), 100);
    }
    // Anything still without a report is counted as failed (and DLQ'd): a late success then duplicates it,
    // never loses it.
    for (size_t i = 0; i < summary.outcomes.size() && ctx.pending > 0; ++i) {
        if (summary.outcomes[i].status == RedriveOutcome::Status::WouldSend) {
            --ctx.pending;
            failedAgain(ctx, i, RD_KAFKA_RESP_ERR__PURGE_INFLIGHT, "no delivery report before the redrive ended", -1);
        }
    }
    ctx.closed = true;
    producer.reset();
    writer.close(10'000);
    summary.requeuedToTopic = writer.toTopic();
    summary.requeuedToFile = writer.toFile();
    summary.requeueLost = writer.lost();
    return summary;
}

}  // namespace acklab
