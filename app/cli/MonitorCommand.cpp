// acklab-cli monitor: a steady low-rate stream with a live end-to-end tracker, rolling windows, an optional
// Prometheus endpoint (cpp-httplib), until SIGINT/SIGTERM (or --duration); then a final report, exit 0.
#include "Args.h"
#include "Commands.h"

#include "cluster/EmbeddedCluster.h"
#include "cluster/ExternalCluster.h"
#include "cluster/LocalKafkaCluster.h"
#include "monitor/MetricsServer.h"
#include "monitor/Monitor.h"
#include "profile/Presets.h"
#include "profile/ProfileValidator.h"
#include "scenario/RunReport.h"

#include <nlohmann/json.hpp>
#include <pthread.h>

#include <chrono>
#include <csignal>
#include <iostream>

namespace acklab::cli {
int monitorCommand(const std::vector<std::string>& argv) {
    Args a(argv,
           {"--embedded", "--bootstrap", "--profile", "--topic", "--partitions", "--rate", "--size", "--metrics",
            "--report", "--duration", "--e2e-grace", "--availability-threshold", "--status-every", "--dlq-file", "--serve-after-stop"},
           {"--local", "--quiet", "--no-create-topic"}, {"-X", "--security"});
    if (!a.positionals().empty()) throw UsageError("unexpected argument '" + a.positionals()[0] + "'");
    if (a.has("--embedded") + a.has("--bootstrap") + a.has("--local") > 1)
        throw UsageError("--embedded, --bootstrap and --local: choose one cluster");

    MonitorOptions mo;
    ProducerProfile p;
    try {
        p = resolveProfile(a.value("--profile").value_or("critical"));
    } catch (const ProfileError& e) {
        throw UsageError(std::string("--profile: ") + e.what());
    }
    for (const auto& kv : a.values("-X")) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) throw UsageError("-X: '" + kv + "' is not key=value");
        p.set(kv.substr(0, eq), kv.substr(eq + 1));
    }
    if (const auto v = validateProfile(p); !v.ok()) {
        std::string msg = "profile '" + p.name() + "' is not valid:";
        for (const auto& i : v.issues)
            if (i.severity == ValidationIssue::Severity::Error) msg += "\n  " + (i.key.empty() ? "" : i.key + ": ") + i.message;
        throw UsageError(msg);
    }
    mo.profile = std::move(p);
    mo.topic = a.value("--topic").value_or(mo.topic);
    if (mo.topic.empty()) throw UsageError("--topic: empty");
    mo.partitions = static_cast<int>(a.integer("--partitions", mo.partitions, 1, 1000));
    mo.rate = a.number("--rate", mo.rate, 0.001, 1'000'000);
    mo.valueSize = a.integer("--size", mo.valueSize, 0, int64_t{1024} * 1024);
    mo.createTopic = !a.has("--no-create-topic");
    mo.dlqFile = a.value("--dlq-file").value_or("");
    if (auto g = a.durationMs("--e2e-grace")) {
        if (*g < 0 || *g > 3'600'000) throw UsageError("--e2e-grace: must be 0 to 1 hour");
        mo.graceMs = *g;
    }
    if (auto t = a.durationMs("--availability-threshold")) {
        if (*t < 1 || *t > 3'600'000) throw UsageError("--availability-threshold: must be 1 ms to 1 hour");
        mo.availabilityThresholdMs = *t;
    }
    const auto duration = a.durationMs("--duration");
    if (duration && *duration <= 0) throw UsageError("--duration: must be more than 0");
    const int64_t statusEvery = a.integer("--status-every", 10, 1, 86'400);
    std::optional<std::pair<std::string, int>> metrics;
    if (auto m = a.value("--metrics")) {
        try {
            metrics = MetricsServer::parseAddress(*m);
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--metrics: ") + e.what());
        }
    }
    // Prometheus scrapes every 15-60 s: serving the final values a little longer lets the last scrape see them.
    const int64_t serveAfterStop = a.durationMs("--serve-after-stop").value_or(0);
    if (serveAfterStop < 0 || serveAfterStop > 3'600'000) throw UsageError("--serve-after-stop: must be 0 to 1 hour");
    if (serveAfterStop > 0 && !metrics) throw UsageError("--serve-after-stop: only with --metrics");

    std::unique_ptr<Cluster> cluster;
    if (a.has("--local")) {
        auto local = std::make_unique<LocalKafkaCluster>();
        const auto status = local->kafka().status();
        if (status.running() != static_cast<int>(status.nodes.size())) {
            std::cerr << "acklab-cli: local Kafka is not running (" << status.running() << " of " << status.nodes.size()
                      << " nodes up): start it with `acklab-cli cluster up`\n";
            return kUnreachable;
        }
        cluster = std::move(local);
    } else if (a.has("--bootstrap")) {
        std::vector<std::pair<std::string, std::string>> props;
        for (const auto& kv : a.values("--security")) {
            const auto eq = kv.find('=');
            if (eq == std::string::npos || eq == 0) throw UsageError("--security: '" + kv + "' is not key=value");
            props.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
        }
        const std::string bootstrap = *a.value("--bootstrap");
        std::string err;
        if (ExternalCluster::metadataView(bootstrap, props, "", 5000, &err).brokers.empty()) {
            std::cerr << "acklab-cli: cluster unreachable at " << bootstrap << ": " << (err.empty() ? "no brokers answered" : err) << "\n";
            return kUnreachable;
        }
        cluster = std::make_unique<ExternalCluster>(bootstrap, props);
    } else {
        cluster = std::make_unique<EmbeddedCluster>(static_cast<int>(a.integer("--embedded", 3, 1, 32)), "");
    }

    // SIGINT/SIGTERM are taken by this thread only (sigtimedwait below): blocked before any thread starts, so
    // every thread (librdkafka's, the HTTP server's) inherits the mask.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    Monitor monitor(std::move(mo), *cluster);
    MetricsServer server;
    if (metrics) {
        std::string err;
        if (server.start(metrics->first, metrics->second, [&monitor] { return monitor.prometheusText(); }, &err) < 0) {
            std::cerr << "acklab-cli monitor: --metrics: " << err << "\n";
            return kBadInput;
        }
        std::cerr << "metrics: " << server.url() << std::endl;
    }
    monitor.start();
    const bool quiet = a.has("--quiet");
    if (!quiet) std::cerr << "monitoring " << monitor.snapshot().topic << " (Ctrl-C stops)" << std::endl;
    const auto t0 = std::chrono::steady_clock::now();
    int64_t nextStatus = statusEvery;
    std::string stopReason = "duration reached";
    for (;;) {
        timespec oneSecond{1, 0};
        siginfo_t info{};
        if (const int sig = sigtimedwait(&stopSignals, &info, &oneSecond); sig > 0) {
            stopReason = sig == SIGINT ? "SIGINT" : "SIGTERM";
            break;
        }
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
        if (duration && elapsed >= *duration) break;
        if (!quiet && elapsed / 1000 >= nextStatus) {
            nextStatus += statusEvery;
            const auto s = monitor.snapshot();
            const auto& w = s.windows.front().sum;
            std::cerr << "[" << elapsed / 1000 << " s] sent " << s.counters.sent << " delivered " << s.counters.delivered
                      << " failed " << s.counters.failed << " | e2e seen " << s.e2e.totals.seen << " lost "
                      << s.e2e.totals.lost << " dup " << s.e2e.totals.duplicated << " | 1m produce "
                      << w.produceAvailability() << " e2e " << w.e2eAvailability() << " e2e p99 "
                      << static_cast<double>(w.e2e.percentile(0.99)) / 1000.0 << " ms" << std::endl;
        }
    }
    if (!quiet) std::cerr << "stopping (" << stopReason << "): waiting for the last reports and their judgement" << std::endl;
    monitor.stop();
    std::cout << monitor.summaryText() << std::flush;
    if (auto path = a.value("--report")) {
        auto j = monitor.report();
        j["stopped_by"] = stopReason;
        writeTextFile(*path, j.dump(2) + "\n");
    }
    if (server.running()) {
        if (serveAfterStop > 0) {
            std::cerr << "final metrics served for " << serveAfterStop / 1000.0 << " s (a second signal ends it)" << std::endl;
            const timespec wait{static_cast<time_t>(serveAfterStop / 1000), static_cast<long>(serveAfterStop % 1000) * 1'000'000};
            siginfo_t info{};
            sigtimedwait(&stopSignals, &info, &wait);
        }
        server.stop();
    }
    return kOk;
}

}  // namespace acklab::cli
