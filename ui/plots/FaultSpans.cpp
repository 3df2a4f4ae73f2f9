#include "plots/FaultSpans.h"

#include "cluster/FaultSpec.h"
#include "metrics/ErrorClassifier.h"

#include <QRegularExpression>

namespace acklab::ui {

namespace {
QString brokerText(const FaultSpec& f) {
    return f.broker == "leader" ? QStringLiteral("leader") : "b" + QString::fromStdString(f.broker);
}
// The spec without its at=/for= words: what identifies the fault and the action that ends it.
QString bare(const std::string& spec) {
    static const QRegularExpression timing(QStringLiteral("\\s+\\b(at|for)=\\S+"));
    return QString::fromStdString(spec).remove(timing).trimmed();
}
}  // namespace

void FaultSpans::add(const FiredFault& fired) {
    const double at = static_cast<double>(fired.atMs) / 1000.0;
    const QString details = QString::fromStdString(fired.spec + ": " + fired.result);
    QString spec = bare(fired.spec);
    const bool isUndo = spec.startsWith(QStringLiteral("(end of) "));
    if (isUndo) spec = spec.mid(9);
    // Does it end an open span? ("(end of) down broker=1" or a plain "up broker=1".)
    for (const auto& o : open_) {
        if (o.text != spec || o.undo != isUndo) continue;
        const size_t index = o.index;
        FaultSpan& s = spans_[index];
        s.endSec = at;
        s.details += "\n" + details;
        std::erase_if(open_, [index](const Open& x) { return x.index == index; });
        return;
    }
    FaultSpan s;
    s.startSec = at;
    s.ok = fired.ok;
    s.details = details;
    QString closer;
    try {
        const FaultSpec f = FaultSpec::parse(spec.toStdString());
        const QString b = brokerText(f);
        const QString broker = "broker=" + QString::fromStdString(f.broker);
        switch (f.kind) {
            case FaultSpec::Kind::Down: s.label = b + " down"; closer = "up " + broker; break;
            case FaultSpec::Kind::Up: s.label = b + " up"; s.point = true; break;
            case FaultSpec::Kind::Rtt:
                if (f.rttMs > 0) {
                    s.label = b + QString(" +%1 ms").arg(f.rttMs);
                    closer = "rtt " + broker + " ms=0";
                } else {
                    s.label = b + " rtt reset";
                    s.point = true;
                }
                break;
            case FaultSpec::Kind::Error:
                s.label = QString::fromStdString(ErrorClassifier::name(static_cast<rd_kafka_resp_err_t>(f.errorCode))) +
                          QString(" ×%1").arg(f.count);
                s.point = true;
                break;
            case FaultSpec::Kind::Leader: s.label = QString("p%1 → %2").arg(f.partition).arg(b); s.point = true; break;
            case FaultSpec::Kind::Kill: s.label = b + " killed"; closer = "restart " + broker; break;
            case FaultSpec::Kind::Stop: s.label = b + " frozen"; closer = "cont " + broker; break;
            case FaultSpec::Kind::Cont: s.label = b + " continued"; s.point = true; break;
            case FaultSpec::Kind::Restart: s.label = b + " restarted"; s.point = true; break;
            // Transactional runs: marks in time, like the other one-shot faults.
            case FaultSpec::Kind::Abort: s.label = "txn aborted"; s.point = true; break;
            case FaultSpec::Kind::Zombie: s.label = "zombie (same transactional.id)"; s.point = true; break;
        }
    } catch (const std::exception&) {
        s.label = spec.section(' ', 0, 0);
        s.point = true;
    }
    if (!fired.ok) {
        s.label += " (failed)";
        s.point = true;
        closer.clear();
    }
    if (isUndo) s.point = true;  // the end of something we never saw start
    spans_.push_back(s);
    if (!closer.isEmpty() && !s.point) {
        open_.push_back({closer, false, spans_.size() - 1});
        open_.push_back({spec, true, spans_.size() - 1});  // its own `for=` undo ends it too
    }
}

}  // namespace acklab::ui
