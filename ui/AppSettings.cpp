#include "AppSettings.h"

#include "AppInfo.h"
#include "profile/PropertyCatalog.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QStandardPaths>

#include <algorithm>

namespace acklab::ui {

namespace {
// One place for every key: group/camelCase.
constexpr const char* kWindowGeometry = "window/geometry";
constexpr const char* kWindowState = "window/state";
constexpr const char* kLastProfile = "profile/lastJson";
constexpr const char* kClusterKind = "cluster/kind";
constexpr const char* kEmbeddedBrokers = "cluster/embeddedBrokers";
constexpr const char* kExternalBootstrap = "cluster/externalBootstrap";
constexpr const char* kTraffic = "traffic/json";
constexpr const char* kLastDirectory = "files/lastDirectory";

QString settingsPath() {
    // AppConfigLocation honours QStandardPaths::setTestModeEnabled, so tests never touch the user's file.
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    QDir().mkpath(dir);
    return dir + "/acklab.ini";
}
}  // namespace

AppSettings::AppSettings() : settings_(settingsPath(), QSettings::IniFormat) {}

QVariant AppSettings::value(const char* key, const QVariant& fallback) const { return settings_.value(key, fallback); }

QByteArray AppSettings::windowGeometry() const { return value(kWindowGeometry, {}).toByteArray(); }
void AppSettings::setWindowGeometry(const QByteArray& v) { settings_.setValue(kWindowGeometry, v); }
QByteArray AppSettings::windowState() const { return value(kWindowState, {}).toByteArray(); }
void AppSettings::setWindowState(const QByteArray& v) { settings_.setValue(kWindowState, v); }

QString AppSettings::lastProfileJson() const { return value(kLastProfile, QString()).toString(); }
void AppSettings::setLastProfileJson(const QString& v) { settings_.setValue(kLastProfile, v); }

QString AppSettings::clusterKind() const {
    const QString k = value(kClusterKind, "embedded").toString();
    return (k == "local" || k == "external") ? k : QString("embedded");
}
void AppSettings::setClusterKind(const QString& v) { settings_.setValue(kClusterKind, v); }

int AppSettings::embeddedBrokers() const { return std::clamp(value(kEmbeddedBrokers, 3).toInt(), 1, 32); }
void AppSettings::setEmbeddedBrokers(int v) { settings_.setValue(kEmbeddedBrokers, std::clamp(v, 1, 32)); }

QString AppSettings::externalBootstrap() const { return value(kExternalBootstrap, "localhost:9092").toString(); }
void AppSettings::setExternalBootstrap(const QString& v) { settings_.setValue(kExternalBootstrap, v); }

QString AppSettings::trafficJson() const { return value(kTraffic, QString()).toString(); }
void AppSettings::setTrafficJson(const QString& v) { settings_.setValue(kTraffic, v); }

QString AppSettings::lastDirectory() const {
    return value(kLastDirectory, QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString();
}
void AppSettings::setLastDirectory(const QString& v) { settings_.setValue(kLastDirectory, v); }

void AppSettings::sync() { settings_.sync(); }

void AppSettings::saveLastProfile(const ProducerProfile& profile) {
    ProducerProfile kept = profile;
    for (const auto& [k, v] : profile.properties())
        if (isSecretKey(k)) kept.remove(k);
    setLastProfileJson(QString::fromStdString(kept.toJsonText(false)));
}

std::optional<ProducerProfile> AppSettings::lastProfile() const {
    const QString text = lastProfileJson();
    if (text.isEmpty()) return std::nullopt;
    return ProducerProfile::fromJsonText(text.toStdString());
}

void AppSettings::saveTraffic(const TrafficSpec& traffic) { setTrafficJson(QString::fromStdString(traffic.toJson().dump())); }

std::optional<TrafficSpec> AppSettings::traffic() const {
    const QString text = trafficJson();
    if (text.isEmpty()) return std::nullopt;
    return TrafficSpec::fromJson(nlohmann::json::parse(text.toStdString()));
}

}  // namespace acklab::ui
