#include "dlq/DlqPanel.h"

#include "dlq/DlqInspector.h"
#include "dlq/DlqTableModel.h"
#include "dlq/DlqWriter.h"
#include "traffic/RunSession.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QItemSelectionModel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace acklab::ui {

DlqPanel::DlqPanel(QWidget* parent)
    : QWidget(parent), inspector_(new DlqInspector(this)), run_(new QComboBox(this)), summary_(new QLabel(this)),
      fallback_(new QPushButton(tr("Open fallback file"), this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Run's DLQ:"), this));
    run_->setObjectName("dlqRun");
    run_->setToolTip(tr("Embedded runs give each profile its own cluster: choose whose DLQ topic to read"));
    row->addWidget(run_);
    summary_->setObjectName("dlqSummary");
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(summary_, 1);
    fallback_->setToolTip(tr("Records go to the local JSON-lines file when the DLQ topic cannot be written"));
    row->addWidget(fallback_);
    layout->addLayout(row);
    layout->addWidget(inspector_, 1);
    summary_->setText(tr("No run yet: start one, or follow any DLQ topic or file below."));
    run_->setEnabled(false);
    connect(run_, &QComboBox::activated, this, [this](int i) { follow(i); });
    connect(fallback_, &QPushButton::clicked, this, &DlqPanel::openFallbackFile);
    // The first records of a source: size the columns to them and show the first one in full.
    connect(inspector_->model(), &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int first) {
        QTableView* table = inspector_->table();
        if (first != 0 || table->selectionModel()->hasSelection()) return;
        table->resizeColumnsToContents();
        table->selectRow(0);
    });
}

void DlqPanel::sessionEnding() {
    if (!sources_.empty()) inspector_->stop();  // reading from a cluster that is about to go
}

void DlqPanel::sessionStarted(RunSession& session) {
    sources_.clear();
    run_->clear();
    const auto& spec = session.spec();
    const QString file = QString::fromStdString(spec.dlqFile.empty() ? DlqWriter::defaultFallbackPath() : spec.dlqFile);
    for (size_t i = 0; i < session.size(); ++i) {
        Source s;
        s.profile = QString::fromStdString(spec.profiles[i].name());
        s.bootstrap = QString::fromStdString(session.cluster(i).bootstrapServers());
        s.properties = session.cluster(i).clientProperties();
        s.topic = QString::fromStdString(spec.dlqTopic);
        s.file = file;
        sources_.push_back(s);
        run_->addItem(s.profile);
    }
    run_->setEnabled(sources_.size() > 1);
    summary_->setText(tr("following live while the run goes"));
    follow(0);
}

void DlqPanel::follow(int run) {
    if (run < 0 || static_cast<size_t>(run) >= sources_.size()) return;
    const Source& s = sources_[static_cast<size_t>(run)];
    run_->setCurrentIndex(run);
    inspector_->setRedriveBootstrap(s.bootstrap, s.properties);
    if (s.topic.isEmpty()) inspector_->followFile(s.file);
    else inspector_->followTopic(s.bootstrap, s.topic, s.properties);
}

void DlqPanel::runFinished(const std::vector<RunRecord>& records) {
    QStringList parts;
    for (const auto& r : records) {
        const auto& c = r.result.counters;
        QString p = tr("%1: %L2 dead-lettered").arg(QString::fromStdString(r.result.profileName)).arg(c.dlq());
        if (c.dlq() > 0)
            p += tr(" (%L1 to topic %2, %L3 to the fallback file)")
                     .arg(c.dlqTopic)
                     .arg(QString::fromStdString(r.result.dlqTopic.empty() ? std::string("-") : r.result.dlqTopic))
                     .arg(c.dlqFile);
        if (c.dlqLost > 0) p += tr(", %L1 NOT written anywhere").arg(c.dlqLost);
        parts << p;
    }
    summary_->setText(parts.join("; "));
}

QString DlqPanel::summaryText() const { return summary_->text(); }

int DlqPanel::followedRun() const { return sources_.empty() ? -1 : run_->currentIndex(); }

void DlqPanel::openFallbackFile() {
    const int i = run_->currentIndex();
    const QString file = i >= 0 && static_cast<size_t>(i) < sources_.size() ? sources_[static_cast<size_t>(i)].file
                                                                            : QString::fromStdString(DlqWriter::defaultFallbackPath());
    inspector_->followFile(file);
}

}  // namespace acklab::ui
