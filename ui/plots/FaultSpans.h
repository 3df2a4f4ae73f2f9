#pragma once
// Faults as the plots draw them: a span from the fault to its end ("down broker=1" until "up broker=1" or the
// `for=` undo), or a point for faults that have no end (pushed errors, leader moves). Labels are short;
// the full spec and result are kept for hover.
#include "cluster/FaultScheduler.h"

#include <QString>

#include <vector>

namespace acklab::ui {

struct FaultSpan {
    double startSec = 0;
    double endSec = -1;    // -1: still going (a span) or a point (see point)
    bool point = false;    // no duration: drawn as a line
    bool ok = true;
    QString label;         // "b1 down", "b2 +50 ms", "NOT_ENOUGH_REPLICAS ×5", "p0 → b2"
    QString details;       // spec and result of the start (and of the end, when there is one)
};

class FaultSpans {
public:
    void add(const FiredFault& fault);
    void clear() {
        spans_.clear();
        open_.clear();
    }
    const std::vector<FaultSpan>& spans() const { return spans_; }

private:
    std::vector<FaultSpan> spans_;
    struct Open {
        QString text;   // what ends the span: "up broker=1", or the span's own spec for its `for=` undo
        bool undo;      // matched by "(end of) <text>" only
        size_t index;
    };
    std::vector<Open> open_;
};

}  // namespace acklab::ui
