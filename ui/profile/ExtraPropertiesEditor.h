#pragma once
// The Advanced group's free rows: any librdkafka key=value the catalogue does not list.
#include <QWidget>

#include <string>
#include <utility>
#include <vector>

class QTableWidget;

namespace acklab::ui {

class ExtraPropertiesEditor : public QWidget {
    Q_OBJECT
public:
    explicit ExtraPropertiesEditor(QWidget* parent = nullptr);

    std::vector<std::pair<std::string, std::string>> properties() const;  // rows with a key
    void setProperties(const std::vector<std::pair<std::string, std::string>>& props);  // no edited()
    void addRow(const QString& key = {}, const QString& value = {});
    void setIssue(const QString& key, const QString& text);  // colours the row, text as tooltip
    void clearIssues();

signals:
    void edited();

private:
    QTableWidget* table_;
    bool loading_ = false;
};

}  // namespace acklab::ui
