#pragma once
// The window's command line: headless hooks for demos, CI screenshots and the benchmark.
//   acklab [--profile NAME|FILE] [--compare A,B,...] [--start] [--messages N] [--duration S] [--rate R]
//          [--embedded N] [--fault SPEC]... [--audit] [--scenario NAME|FILE] [--show TAB]
//          [--quit-after SECONDS] [--screenshot FILE.png]
// With --scenario, --start plays the scenario instead of the composed profile.
#include <QString>
#include <QStringList>

#include <optional>

namespace acklab::ui {

struct LaunchOptions {
    QString profile;          // preset name or profile file
    QStringList compare;      // profiles to compare (starts a compare run)
    bool start = false;
    std::optional<qint64> messages;
    std::optional<double> durationSeconds;
    std::optional<double> rate;
    std::optional<int> embeddedBrokers;
    bool local = false;       // run on Local Kafka (it must be up); the run starts once the window has found it
    QStringList faults;       // fault specs, at= from the run's start
    bool audit = false;
    bool e2e = false;         // follow the topic live with a consumer (always on for real clusters)
    QString page;             // centre page to bring forward: runs, monitor, diagnose, advise
    std::optional<int> txnMessages;  // transactional traffic: events per transaction
    QStringList txnTopics;    // ... also written to these topics in each transaction
    std::optional<int> txnAbortEvery;
    bool monitor = false;     // start Monitor mode (--rate is its rate; --fault at= counts from its start)
    QString scenario;         // bundled scenario name (file name without .json) or scenario file
    QString show;             // tab to bring forward: dlq, events, compare, profile, cluster, traffic, faults, scenarios
    std::optional<double> quitAfterSeconds;
    QString screenshot;       // PNG of the whole window, written just before quitting
    QString helpText;         // set when --help was given: print it and exit (app/gui/main.cpp)

    // Parses the arguments after the program name (Qt's own, like -platform, already removed).
    // On a bad flag returns nullopt and sets *error naming it.
    static std::optional<LaunchOptions> parse(const QStringList& arguments, QString* error);
    static QString usage();
};

}  // namespace acklab::ui
