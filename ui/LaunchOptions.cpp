#include "LaunchOptions.h"

#include "cluster/FaultSpec.h"

#include <QCommandLineParser>

namespace acklab::ui {

QString LaunchOptions::usage() {
    return QStringLiteral(
        "acklab [--profile NAME|FILE] [--compare A,B,...] [--start] [--messages N | --duration SECONDS]\n"
        "       [--rate MSGS_PER_S] [--embedded N | --local] [--fault SPEC]... [--audit] [--e2e] [--monitor]\n"
        "       [--scenario NAME|FILE] [--show dlq|events|compare|profile|cluster|traffic|faults|scenarios]\n"
        "       [--transactions EVENTS [--txn-topics T,...] [--abort-every N]]\n"
        "       [--page runs|monitor|diagnose|advise] [--quit-after SECONDS] [--screenshot FILE.png]\n");
}

std::optional<LaunchOptions> LaunchOptions::parse(const QStringList& arguments, QString* error) {
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption profile("profile", "Preset name or profile file to load.", "name");
    const QCommandLineOption compare("compare", "Compare these profiles (comma separated) and start.", "list");
    const QCommandLineOption start("start", "Start a run at once.");
    const QCommandLineOption messages("messages", "Messages to send.", "n");
    const QCommandLineOption duration("duration", "Send for this many seconds instead of a count.", "seconds");
    const QCommandLineOption rate("rate", "Messages per second (0 = unthrottled).", "r");
    const QCommandLineOption embedded("embedded", "Embedded cluster with N brokers.", "n");
    const QCommandLineOption local("local", "Run on Local Kafka (start it first: acklab-cli cluster up).");
    const QCommandLineOption fault("fault", "Fault spec, repeatable (at= from the run's start).", "spec");
    const QCommandLineOption audit("audit", "Read the topic back after the run.");
    const QCommandLineOption e2e("e2e", "Follow the topic live with a consumer (always on for real clusters).");
    const QCommandLineOption monitor("monitor", "Start Monitor mode on the chosen cluster (--rate, --fault apply to it).");
    const QCommandLineOption scenario("scenario", "Open this scenario (bundled name or file); --start plays it.", "name");
    const QCommandLineOption show("show", "Bring this tab forward (dlq, events, compare, scenarios, ...).", "tab");
    const QCommandLineOption txn("transactions", "Transactional traffic: events per transaction (profile with transactional.id).", "n");
    const QCommandLineOption txnTopics("txn-topics", "Other topics each event also writes to in its transaction (comma separated).", "list");
    const QCommandLineOption abortEvery("abort-every", "Abort every Nth transaction.", "n");
    const QCommandLineOption page("page", "Bring this page of the centre forward (runs, monitor, diagnose, advise).", "page");
    const QCommandLineOption quitAfter("quit-after", "Quit after this many seconds.", "seconds");
    const QCommandLineOption screenshot("screenshot", "Save a PNG of the window before quitting.", "file");
    p.addOptions({profile, compare, start, messages, duration, rate, embedded, local, fault, audit, e2e, monitor, scenario, show, page, txn, txnTopics, abortEvery, quitAfter, screenshot});
    p.addHelpOption();
    if (!p.parse(QStringList{"acklab"} + arguments)) {
        if (error) *error = p.errorText();
        return std::nullopt;
    }
    if (!p.positionalArguments().isEmpty()) {
        if (error) *error = QString("unexpected argument '%1'").arg(p.positionalArguments().first());
        return std::nullopt;
    }
    LaunchOptions o;
    if (p.isSet(QStringLiteral("help"))) {
        o.helpText = p.helpText();
        return o;
    }
    const auto number = [&](const QCommandLineOption& opt, const char* name, double min) -> std::optional<double> {
        if (!p.isSet(opt)) return std::nullopt;
        bool ok = false;
        const double v = p.value(opt).toDouble(&ok);
        if (!ok || v < min) throw std::runtime_error(std::string("--") + name + ": '" + p.value(opt).toStdString() + "' is not a number >= " + std::to_string(static_cast<int>(min)));
        return v;
    };
    try {
        o.profile = p.value(profile);
        if (p.isSet(compare)) o.compare = p.value(compare).split(',', Qt::SkipEmptyParts);
        if (p.isSet(compare) && o.compare.size() < 2) throw std::runtime_error("--compare: name at least two profiles");
        o.start = p.isSet(start);
        if (auto v = number(messages, "messages", 1)) o.messages = static_cast<qint64>(*v);
        o.durationSeconds = number(duration, "duration", 0);
        o.rate = number(rate, "rate", 0);
        if (auto v = number(embedded, "embedded", 1)) o.embeddedBrokers = static_cast<int>(*v);
        o.local = p.isSet(local);
        if (o.local && o.embeddedBrokers) throw std::runtime_error("--local and --embedded: choose one");
        o.faults = p.values(fault);
        for (const auto& f : o.faults) FaultSpec::parse(f.toStdString());  // names the wrong word now
        o.audit = p.isSet(audit);
        o.e2e = p.isSet(e2e);
        o.monitor = p.isSet(monitor);
        if (o.monitor && (o.start || !o.compare.isEmpty() || p.isSet(scenario)))
            throw std::runtime_error("--monitor: not with --start, --compare or --scenario");
        o.scenario = p.value(scenario);
        o.show = p.value(show).toLower();
        static const QStringList tabs{"dlq", "events", "compare", "profile", "cluster", "traffic", "faults", "scenarios"};
        if (!o.show.isEmpty() && !tabs.contains(o.show))
            throw std::runtime_error("--show: '" + o.show.toStdString() + "' is not one of " + tabs.join(", ").toStdString());
        if (!o.scenario.isEmpty() && !o.compare.isEmpty()) throw std::runtime_error("--scenario and --compare: choose one");
        if (auto v = number(txn, "transactions", 1)) o.txnMessages = static_cast<int>(*v);
        o.txnTopics = p.value(txnTopics).split(',', Qt::SkipEmptyParts);
        if (auto v = number(abortEvery, "abort-every", 2)) o.txnAbortEvery = static_cast<int>(*v);
        if ((!o.txnTopics.isEmpty() || o.txnAbortEvery) && !o.txnMessages)
            throw std::runtime_error("--txn-topics / --abort-every: only with --transactions");
        o.page = p.value(page).toLower();
        static const QStringList pages{"runs", "monitor", "diagnose", "advise"};
        if (!o.page.isEmpty() && !pages.contains(o.page))
            throw std::runtime_error("--page: '" + o.page.toStdString() + "' is not one of " + pages.join(", ").toStdString());
        o.quitAfterSeconds = number(quitAfter, "quit-after", 0);
        o.screenshot = p.value(screenshot);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
    return o;
}

}  // namespace acklab::ui
