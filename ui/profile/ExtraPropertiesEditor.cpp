#include "profile/ExtraPropertiesEditor.h"

#include "ColorScheme.h"
#include "profile/PropertyCatalog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace acklab::ui {

ExtraPropertiesEditor::ExtraPropertiesEditor(QWidget* parent) : QWidget(parent), table_(new QTableWidget(0, 2, this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    table_->setHorizontalHeaderLabels({tr("key"), tr("value")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->verticalHeader()->hide();
    table_->setMinimumHeight(90);
    table_->setToolTip(tr("Any librdkafka producer property, passed through unchanged (e.g. "
                          "queue.buffering.backpressure.threshold=10)."));
    layout->addWidget(table_);
    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add row"), this);
    auto* remove = new QPushButton(tr("Remove row"), this);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, [this] { addRow(); });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int r = table_->currentRow();
        if (r >= 0) {
            table_->removeRow(r);
            emit edited();
        }
    });
    connect(table_, &QTableWidget::itemChanged, this, [this] {
        if (!loading_) emit edited();
    });
}

void ExtraPropertiesEditor::addRow(const QString& key, const QString& value) {
    const bool was = loading_;
    loading_ = true;
    const int r = table_->rowCount();
    table_->insertRow(r);
    table_->setItem(r, 0, new QTableWidgetItem(key));
    const QString shown = QString::fromStdString(maskedValue(key.toStdString(), value.toStdString()));
    auto* v = new QTableWidgetItem(shown);
    v->setData(Qt::UserRole, value);  // the real value; secrets stay masked on screen
    table_->setItem(r, 1, v);
    loading_ = was;
}

std::vector<std::pair<std::string, std::string>> ExtraPropertiesEditor::properties() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (int r = 0; r < table_->rowCount(); ++r) {
        const auto* k = table_->item(r, 0);
        const auto* v = table_->item(r, 1);
        if (!k || k->text().trimmed().isEmpty()) continue;
        const std::string key = k->text().trimmed().toStdString();
        QString value = v ? v->text() : QString();
        // An untouched masked secret keeps its real value.
        if (v && isSecretKey(key) && value == QString::fromStdString(maskedValue(key, "x")))
            value = v->data(Qt::UserRole).toString();
        out.emplace_back(key, value.trimmed().toStdString());
    }
    return out;
}

void ExtraPropertiesEditor::setProperties(const std::vector<std::pair<std::string, std::string>>& props) {
    loading_ = true;
    table_->setRowCount(0);
    for (const auto& [k, v] : props) addRow(QString::fromStdString(k), QString::fromStdString(v));
    loading_ = false;
}

void ExtraPropertiesEditor::setIssue(const QString& key, const QString& text) {
    loading_ = true;
    for (int r = 0; r < table_->rowCount(); ++r) {
        auto* k = table_->item(r, 0);
        if (!k || k->text().trimmed() != key) continue;
        for (int c = 0; c < 2; ++c)
            if (auto* it = table_->item(r, c)) {
                it->setBackground(ColorScheme::fieldError());
                it->setToolTip(text);
            }
    }
    loading_ = false;
}

void ExtraPropertiesEditor::clearIssues() {
    loading_ = true;
    for (int r = 0; r < table_->rowCount(); ++r)
        for (int c = 0; c < 2; ++c)
            if (auto* it = table_->item(r, c)) {
                it->setBackground(QBrush());
                it->setToolTip({});
            }
    loading_ = false;
}

}  // namespace acklab::ui
