#include "now/NowPanel.h"

#include "ColorScheme.h"
#include "common/Format.h"

#include <QFrame>
#include <QLabel>
#include <QTextDocumentFragment>
#include <QHBoxLayout>
#include <QVBoxLayout>

namespace acklab::ui {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
QString plain(const QLabel* l) { return l ? QTextDocumentFragment::fromHtml(l->text()).toPlainText() : QString(); }

QString severityColor(const std::string& severity) {
    if (severity == "error") return ColorScheme::errorClass("permanent").name();
    if (severity == "warning") return ColorScheme::errorClass("transient").darker(140).name();
    return QStringLiteral("#206020");
}
}  // namespace

NowPanel::NowPanel(QWidget* parent) : QWidget(parent), layout_(new QHBoxLayout(this)), empty_(new QLabel(this)) {
    layout_->setContentsMargins(2, 2, 2, 2);
    layout_->setSpacing(4);
    // Links: the first thing to do is one click away, wherever the Setup dock's tabs stand.
    empty_->setText(tr("<a href=\"lesson\">Compare acks=all, acks=1 and acks=0</a> (the lesson's critical, analytics and "
                       "metrics profiles side by side) or <a href=\"start\">run the profile being composed</a> "
                       "(Run menu; rate and duration in Traffic).<br><i>Each profile's producer then says here, while it "
                       "runs, what it is doing and why — who waits, for which broker, until when.</i>"));
    empty_->setObjectName("nowIdle");
    empty_->setTextFormat(Qt::RichText);
    connect(empty_, &QLabel::linkActivated, this, &NowPanel::runRequested);
    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout_->addWidget(empty_, 1);
}

void NowPanel::setProfiles(const QStringList& profiles) {
    for (auto& c : cards_) delete c.frame;
    cards_.clear();
    empty_->setVisible(profiles.isEmpty());
    for (int i = 0; i < profiles.size(); ++i) {
        Card c;
        auto* frame = new QFrame(this);
        frame->setObjectName(QString("nowCard%1").arg(i));
        frame->setFrameShape(QFrame::StyledPanel);
        const QColor color = ColorScheme::profile(i);
        frame->setStyleSheet(QString("#nowCard%1 { border-left: 4px solid %2; }").arg(i).arg(color.name()));
        frame->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
        auto* v = new QVBoxLayout(frame);
        v->setContentsMargins(8, 4, 4, 4);
        v->setSpacing(2);
        c.frame = frame;
        c.headline = new QLabel(frame);
        c.headline->setWordWrap(true);
        c.headline->setTextFormat(Qt::RichText);
        c.headline->setText(QString("<b style='color:%1'>%2</b>: waiting for the first snapshot…").arg(color.name(), profiles[i].toHtmlEscaped()));
        c.numbers = new QLabel(frame);
        c.numbers->setWordWrap(true);
        c.e2e = new QLabel(frame);
        c.e2e->setWordWrap(true);
        c.e2e->setTextFormat(Qt::RichText);
        c.e2e->hide();
        c.brokers = new QLabel(frame);
        c.brokers->setWordWrap(true);
        c.brokers->setTextFormat(Qt::RichText);
        c.details = new QLabel(frame);
        c.details->setWordWrap(true);
        c.details->setTextFormat(Qt::RichText);
        QFont small = c.details->font();
        small.setPointSizeF(small.pointSizeF() * 0.9);
        c.details->setFont(small);
        c.brokers->setFont(small);
        c.numbers->setFont(small);
        for (auto* l : {c.headline, c.numbers, c.e2e, c.brokers, c.details}) {
            l->setTextInteractionFlags(Qt::TextSelectableByMouse);
            v->addWidget(l);
        }
        v->addStretch();
        layout_->addWidget(frame, 1);
        cards_.push_back(c);
    }
}

void NowPanel::setReport(int run, const NowReport& r) {
    if (run < 0 || static_cast<size_t>(run) >= cards_.size()) return;
    Card& c = cards_[static_cast<size_t>(run)];
    const QColor color = ColorScheme::profile(run);
    // "critical: 27,447 waiting; broker 1 DOWN since 16.0 s; ..." with the profile's name in its colour.
    const QString head = q(r.headline);
    const int colon = head.indexOf(':');
    const QString name = colon > 0 ? head.left(colon) : QString();
    const QString rest = colon > 0 ? head.mid(colon + 1) : head;
    c.headline->setText(QString("<b style='color:%1'>%2</b>:<span style='color:%3'><b>%4</b></span>")
                            .arg(color.name(), name.toHtmlEscaped(), severityColor(r.severity), rest.toHtmlEscaped()));

    QStringList numbers;
    numbers << tr("in flight %L1").arg(r.inFlight);
    if (r.oldestAgeMs >= 0) numbers << tr("oldest %1").arg(q(spokenDuration(r.oldestAgeMs)));
    if (r.firstTimeoutInMs >= 0) numbers << tr("first timeout in %1").arg(q(spokenDuration(r.firstTimeoutInMs)));
    if (r.queueMax > 0)
        numbers << tr("queue %L1 / %L2 msgs, %3 KiB").arg(r.queueMessages).arg(r.queueMax).arg(r.queueBytes / 1024);
    c.numbers->setText(numbers.join("  ·  "));

    QStringList brokers;
    for (const auto& b : r.brokers) {
        if (b.clientState == "INIT" && b.waiting == 0 && b.partitions.empty()) continue;  // never needed by this producer
        const bool bad = b.clientState != "UP";
        QString line = QString("b%1 <b style='color:%2'>%3</b>").arg(b.id).arg(bad ? severityColor("error") : "#206020", q(b.clientState));
        if (b.stateSinceMs >= 0 && bad) line += tr(" since %1 s").arg(static_cast<double>(b.stateSinceMs) / 1000.0, 0, 'f', 1);
        if (b.waiting > 0) line += tr(", %L1 waiting").arg(b.waiting);
        if (b.waitResp > 0) line += tr(", %1 req awaiting reply").arg(b.waitResp);
        if (b.outbuf > 0) line += tr(", %1 req unsent").arg(b.outbuf);
        if (b.rttMs > 0) line += tr(", rtt %1 ms").arg(b.rttMs, 0, 'f', 1);
        brokers << line;
    }
    c.brokers->setText(brokers.join("<br>"));
    c.brokers->setVisible(!brokers.isEmpty());
    QStringList details;
    for (const auto& d : r.details) details << "• " + q(d).toHtmlEscaped();
    c.details->setText(details.join("<br>"));
    c.details->setVisible(!details.isEmpty());
}

void NowPanel::setE2e(int run, const E2eTotals& t, const std::string& state) {
    if (run < 0 || static_cast<size_t>(run) >= cards_.size()) return;
    QLabel* l = cards_[static_cast<size_t>(run)].e2e;
    QString text = tr("end to end: seen %L1").arg(t.seen);
    text += tr(" · lost <b style='color:%1'>%L2</b>").arg(t.lost ? severityColor("error") : "#206020").arg(t.lost);
    text += tr(" · duplicated <b>%L1</b>").arg(t.duplicated);
    if (t.arrivedUnacknowledged) text += tr(" · arrived unacknowledged %L1").arg(t.arrivedUnacknowledged);
    if (t.latency.count()) text += tr(" · e2e p99 %1 ms").arg(static_cast<double>(t.latency.percentile(0.99)) / 1000.0, 0, 'f', 1);
    if (state != "following" && !state.empty()) text += " (" + q(state) + ")";
    l->setText(text);
    l->show();
}

QString NowPanel::e2eLine(int run) const {
    return run >= 0 && static_cast<size_t>(run) < cards_.size() ? plain(cards_[static_cast<size_t>(run)].e2e) : QString();
}

QString NowPanel::headline(int run) const {
    return run >= 0 && static_cast<size_t>(run) < cards_.size() ? plain(cards_[static_cast<size_t>(run)].headline) : QString();
}
QString NowPanel::details(int run) const {
    return run >= 0 && static_cast<size_t>(run) < cards_.size() ? plain(cards_[static_cast<size_t>(run)].details) : QString();
}
QString NowPanel::brokers(int run) const {
    return run >= 0 && static_cast<size_t>(run) < cards_.size() ? plain(cards_[static_cast<size_t>(run)].brokers) : QString();
}

}  // namespace acklab::ui
