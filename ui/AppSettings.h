#pragma once
// Every persistent setting of the window, typed, over ONE QSettings with one key style ("group/camelCase").
// Settings are declared as data (kKeys) the way QGroundControl declares its settings groups.
#include "profile/ProducerProfile.h"
#include "traffic/TrafficSpec.h"

#include <QByteArray>
#include <QSettings>
#include <QString>

#include <optional>

namespace acklab::ui {

class AppSettings {
public:
    AppSettings();  // organisation/application from AppInfo.h; test mode uses QStandardPaths' test location

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& v);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& v);

    // The last profile in the composer, as ProducerProfile JSON text ("" = none yet).
    QString lastProfileJson() const;
    void setLastProfileJson(const QString& v);

    // "embedded", "local" or "external".
    QString clusterKind() const;
    void setClusterKind(const QString& v);
    int embeddedBrokers() const;  // 1..32, default 3
    void setEmbeddedBrokers(int v);
    QString externalBootstrap() const;
    void setExternalBootstrap(const QString& v);

    // The traffic form as TrafficSpec JSON text ("" = defaults).
    QString trafficJson() const;
    void setTrafficJson(const QString& v);

    // Typed over the two above. The profile is kept without its secrets (passwords, keys stay out of the file);
    // reading returns nothing when none is kept, and throws (naming the problem) when what is kept is broken.
    void saveLastProfile(const ProducerProfile& profile);
    std::optional<ProducerProfile> lastProfile() const;
    void saveTraffic(const TrafficSpec& traffic);
    std::optional<TrafficSpec> traffic() const;

    QString lastDirectory() const;  // for file dialogs
    void setLastDirectory(const QString& v);

    void sync();

private:
    QVariant value(const char* key, const QVariant& fallback) const;
    mutable QSettings settings_;
};

}  // namespace acklab::ui
