#include "dlq/DlqWriter.h"

#include "common/RdKafka.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

namespace acklab {
std::string DlqWriter::defaultFallbackPath() {
    std::filesystem::path base;
    if (const char* x = std::getenv("XDG_STATE_HOME"); x && *x) base = x;
    else if (const char* h = std::getenv("HOME"); h && *h) base = std::filesystem::path(h) / ".local" / "state";
    else base = std::filesystem::temp_directory_path();
    return (base / "acklab" / "dlq-fallback.jsonl").string();
}

DlqWriter::DlqWriter(DlqWriterOptions options) : options_(std::move(options)) {
    if (options_.fallbackPath.empty()) options_.fallbackPath = defaultFallbackPath();
    if (options_.topic.empty() || options_.bootstrap.empty()) return;
    KafkaProperties props = options_.clientProperties;
    props.insert(props.end(), {
        {"bootstrap.servers", options_.bootstrap},
        {"client.id", "acklab-dlq-writer"},
        // The DLQ write must be durable and must not duplicate: acks=all + idempotence, bounded in time so a dead
        // cluster sends envelopes to the file instead of holding them forever.
        {"enable.idempotence", "true"},
        {"delivery.timeout.ms", "10000"},
        {"reconnect.backoff.max.ms", "1000"},
        {"linger.ms", "5"},
    });
    std::vector<std::string> problems;
    producer_ = createClient(RD_KAFKA_PRODUCER, props, [this](rd_kafka_conf_t* conf) {
        rd_kafka_conf_set_dr_msg_cb(conf, &DlqWriter::onDelivery);
        rd_kafka_conf_set_log_cb(conf, discardLog);
        rd_kafka_conf_set_opaque(conf, this);
    }, problems);
    if (!producer_) lastError_ = "DLQ producer not created: " + joinProblems(problems) + "; using the local file";
}

DlqWriter::~DlqWriter() { close(0); }

void DlqWriter::write(const DlqEnvelope& envelope) {
    std::string line = envelope.toJsonText();
    if (!producer_) {
        toFallback(line, lastError_.empty() ? "no DLQ topic" : lastError_);
        return;
    }
    const uint64_t id = nextId_++;
    const auto hdrs = envelope.headers();
    rd_kafka_headers_t* h = rd_kafka_headers_new(hdrs.size());
    for (const auto& [k, v] : hdrs) rd_kafka_header_add(h, k.c_str(), static_cast<ssize_t>(k.size()), v.data(), static_cast<ssize_t>(v.size()));
    const void* keyPtr = envelope.originalKey ? envelope.originalKey->data() : nullptr;
    const size_t keyLen = envelope.originalKey ? envelope.originalKey->size() : 0;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"  // librdkafka's RD_KAFKA_V_* macros
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        producer_.get(), RD_KAFKA_V_TOPIC(options_.topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_VALUE(line.data(), line.size()),
        RD_KAFKA_V_KEY(keyPtr, keyLen),
        RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<uintptr_t>(id))), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
    if (err) {
        rd_kafka_headers_destroy(h);  // not taken over by librdkafka on failure
        toFallback(line, std::string("DLQ topic write refused: ") + rd_kafka_err2name(err));
        return;
    }
    pending_.emplace(id, std::move(line));
}

void DlqWriter::poll() {
    if (producer_) rd_kafka_poll(producer_.get(), 0);
}

void DlqWriter::onDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    // Called from C (rd_kafka_poll): an exception must not cross it. A failure here (no memory for the
    // fallback line, say) leaves the envelope pending, so close() still sends it to the file and counts it.
    auto* self = static_cast<DlqWriter*>(opaque);
    try {
        const auto id = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(msg->_private));
        auto it = self->pending_.find(id);
        if (it == self->pending_.end()) return;
        if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            ++self->toTopic_;
        } else {
            self->toFallback(it->second, std::string("DLQ topic write failed: ") + rd_kafka_err2name(msg->err));
        }
        self->pending_.erase(it);
    } catch (const std::exception& e) {
        ++self->callbackErrors_;
        self->lastError_ = std::string("DLQ delivery report not handled: ") + e.what();
    } catch (...) {
        ++self->callbackErrors_;
        self->lastError_ = "DLQ delivery report not handled: unknown exception";
    }
}

void DlqWriter::close(int timeoutMs) {
    if (producer_) {
        rd_kafka_flush(producer_.get(), timeoutMs);
        rd_kafka_poll(producer_.get(), 0);
        // Unconfirmed envelopes go to the file; a late topic delivery may then duplicate one, never lose it.
        for (auto& [id, line] : pending_) toFallback(line, "DLQ topic write unconfirmed at close");
        pending_.clear();
        rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_poll(producer_.get(), 0);
        producer_.reset();
    }
}

void DlqWriter::toFallback(const std::string& line, const std::string& why) {
    lastError_ = why;
    std::error_code ec;
    const std::filesystem::path p(options_.fallbackPath);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
    // The whole line in one write() on an O_APPEND descriptor: every run of a compare session has a writer of its
    // own on a thread of its own, other acklab processes may append too, and a line written in pieces (an ofstream
    // flushes a 10 KB envelope and its newline separately) could be split by another writer's line; the reader
    // then lost both (found by the chaos test, seed 2028).
    const std::string record = line + '\n';
    bool written = false;
    {
        static std::mutex appendMutex;  // writers of this process; O_APPEND keeps other processes' lines whole
        std::lock_guard lock(appendMutex);
        const int fd = ::open(options_.fallbackPath.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
        if (fd >= 0) {
            written = ::write(fd, record.data(), record.size()) == static_cast<ssize_t>(record.size());
            written = ::close(fd) == 0 && written;
        }
    }
    if (written) {
        ++toFile_;
    } else {
        ++lost_;
        lastError_ = why + "; and the fallback file " + options_.fallbackPath + " cannot be written";
    }
}

}  // namespace acklab
