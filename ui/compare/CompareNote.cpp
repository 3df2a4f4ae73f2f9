#include "compare/CompareNote.h"

#include "profile/ProfileValidator.h"

#include <QCoreApplication>

namespace acklab::ui {

QString compareNoteFor(const RunSpec& spec) {
    if (spec.cluster.kind != ClusterChoice::Kind::Embedded) return {};
    if (spec.traffic.transaction.enabled())
        return QCoreApplication::translate(
            "CompareNote",
            "<b>Aborted transactions stay visible here:</b> the embedded cluster (librdkafka's mock) writes no "
            "transaction markers, so a read_committed consumer reads aborted records too — the audit counts them as "
            "\"aborted seen\". Commits, aborts, fencing and commit latency are real. Run this on Local Kafka to see "
            "read_committed hide every aborted record.");
    bool acks1 = false, acksAll = false;
    for (const auto& p : spec.profiles) {
        ProducerProfile copy = p;
        std::string acks = "all";
        for (const auto& [k, v] : validateProfile(copy).effective)
            if (k == "acks") acks = v;
        if (acks == "1") acks1 = true;
        if (acks == "all" || acks == "-1") acksAll = true;
    }
    if (!acks1 || !acksAll) return {};
    return QCoreApplication::translate(
        "CompareNote",
        "<b>acks=1 and acks=all cannot differ here:</b> the embedded cluster has no replication (no followers, no "
        "ISR), so their rows differ only by chance. acks=0 against acks≥1 is real: the round trip each "
        "acknowledgement waits for. To see acks=1 lose acknowledged messages when a leader dies while acks=all loses "
        "none, run this on Local Kafka.");
}

}  // namespace acklab::ui
