// settingWhy(): the reason a generated program gives for each setting (export/ExportModel.h).
#include "export/ExportModel.h"

#include "profile/PropertyCatalog.h"


namespace acklab {
namespace {

struct Note {
    const char* key;
    const char* value;  // "" = any value
    const char* why;
};

// Specific values the producer-reliability lesson discusses first; then one note per key for any value.
constexpr Note kNotes[] = {
    {"acks", "all", "Wait for all in-sync replicas: an acknowledged message survives the leader's crash."},
    {"acks", "-1", "Same as all: wait for all in-sync replicas, so an acknowledged message survives a leader crash."},
    {"acks", "1", "Leader only: faster, but a message acknowledged just before the leader crashes can be lost."},
    {"acks", "0", "Fire and forget: no acknowledgement, so failures are invisible and loss is accepted."},
    {"enable.idempotence", "true",
     "Broker drops retried duplicates and keeps order per partition (needs acks=all, <= 5 in flight)."},
    {"enable.idempotence", "false", "Retries may write duplicates; consumers must tolerate them."},
    {"max.in.flight.requests.per.connection", "",
     "Unacknowledged requests per broker; above 1 without idempotence a retry can reorder messages."},
    {"retries", "", "Retry a failing batch this often; delivery.timeout.ms bounds the total time."},
    {"retry.backoff.ms", "", "Pause between retries so a leader election can finish before the next attempt."},
    {"delivery.timeout.ms", "",
     "Total time per message, retries included, before its delivery callback reports failure."},
    {"request.timeout.ms", "", "How long one produce request may wait for the broker's acknowledgement."},
    {"linger.ms", "", "Wait this long to fill a batch: fewer, larger requests at the cost of latency."},
    {"batch.size", "", "Upper bound of one batch in bytes."},
    {"compression.type", "none", "No compression: lowest CPU, most bytes on the wire."},
    {"compression.type", "", "Compress batches: fewer bytes on the wire and on disk for some CPU."},
    {"transactional.id", "", "Transactional producer: atomic writes across partitions (implies idempotence)."},
    {"client.id", "", "Names this producer in broker logs, metrics and quotas."},
};

}  // namespace

std::string settingWhy(const std::string& key, const std::string& value) {
    for (const Note& n : kNotes)
        if (key == n.key && *n.value != '\0' && value == n.value) return n.why;
    for (const Note& n : kNotes)
        if (key == n.key && *n.value == '\0') return n.why;
    if (const auto* info = findProperty(key)) return info->help;
    return "Set by the profile (not in AckLab's catalogue: passed to the client as is).";
}

}  // namespace acklab
