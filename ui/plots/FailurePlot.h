#pragma once
// Failed delivery reports per interval, stacked by error code and coloured by class (transient amber,
// permanent red, fatal purple), with the DLQ total on the right axis. Compare: one line per profile.
#include "metrics/Timeline.h"
#include "plots/RunPlot.h"

#include <map>
#include <utility>
#include <vector>

namespace acklab::ui {

class FailurePlot : public RunPlot {
    Q_OBJECT
public:
    explicit FailurePlot(QWidget* parent = nullptr);

    void reset(const QStringList& profiles, int64_t intervalMs);
    void addPoints(int run, const std::vector<TimelinePoint>& points);
    // Failures drawn for an error name ("TOPIC_AUTHORIZATION_FAILED"), all profiles.
    uint64_t failuresShown(const QString& errorName) const;
    int dataCount() const;

private:
    QCPBars* barsFor(int32_t code);

    QStringList profiles_;
    bool compare_ = false;
    double width_ = 0.1;
    QString intervalText_;
    std::map<int32_t, QCPBars*> bars_;             // single run: one stack layer per code
    std::map<QString, int> perClass_;              // how many codes of each class so far (colour shade)
    std::vector<QCPGraph*> failedLines_;           // compare: failed per interval per profile
    std::vector<QCPGraph*> dlqLines_;              // DLQ total per profile (right axis)
    std::vector<uint64_t> dlqTotal_;
    std::map<QString, uint64_t> shown_;
    QCPBars* top_ = nullptr;
};

}  // namespace acklab::ui
