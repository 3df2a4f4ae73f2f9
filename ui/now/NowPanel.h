#pragma once
// "Now": one card per profile saying what its producer is doing and why, in a sentence and a few numbers —
// in flight, the oldest message's age against delivery.timeout.ms, librdkafka's queue, each broker's
// connection as the producer sees it. Fed NowReports (core/metrics/ProducerNow) several times a second.
#include "audit/E2eTypes.h"
#include "metrics/ProducerNow.h"

#include <QWidget>

#include <vector>

class QLabel;
class QHBoxLayout;

namespace acklab::ui {

class NowPanel : public QWidget {
    Q_OBJECT
public:
    explicit NowPanel(QWidget* parent = nullptr);

    void setProfiles(const QStringList& profiles);
    void setReport(int run, const NowReport& report);
    // The live end-to-end tracker's counts under the card's numbers (runs with e2e only).
    void setE2e(int run, const E2eTotals& totals, const std::string& trackerState);
    QString e2eLine(int run) const;
    int cardCount() const { return static_cast<int>(cards_.size()); }
    QString headline(int run) const;   // the card's sentence as shown
    QString details(int run) const;    // the card's other lines as shown (plain text)
    QString brokers(int run) const;

signals:
    // A link of the idle text: "lesson" (compare the lesson's three profiles) or "start" (the composed profile).
    void runRequested(const QString& what);

private:
    struct Card {
        QWidget* frame = nullptr;
        QLabel* headline = nullptr;
        QLabel* numbers = nullptr;
        QLabel* e2e = nullptr;
        QLabel* brokers = nullptr;
        QLabel* details = nullptr;
    };
    QHBoxLayout* layout_;
    QLabel* empty_;
    std::vector<Card> cards_;
};

}  // namespace acklab::ui
