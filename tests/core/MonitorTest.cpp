// Monitor mode on the embedded cluster: rolling windows sum exactly what fell in them, a cumulative histogram
// minus its earlier copy is the interval's, the Monitor's metrics and report say what the stream did, and
// `acklab-cli monitor` stops cleanly on SIGTERM with a final report (exit 0).
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cluster/EmbeddedCluster.h"
#include "cluster/FaultSpec.h"
#include "monitor/MetricsServer.h"
#include "monitor/Monitor.h"
#include "monitor/PrometheusWriter.h"
#include "profile/Presets.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace acklab {
namespace {

using namespace std::chrono_literals;

MonitorSample sample(uint64_t sent, uint64_t delivered, uint64_t seen, int64_t latencyUs) {
    MonitorSample s;
    s.sent = sent;
    s.delivered = delivered;
    s.seen = seen;
    for (uint64_t i = 0; i < seen; ++i) s.e2e.record(latencyUs);
    return s;
}

TEST(RollingWindow, SumsWhatFellInsideAndForgetsWhatLeft) {
    RollingWindow w("1m", 1, 60);
    EXPECT_EQ(w.seconds(), 60);
    w.add(0, sample(10, 10, 10, 1000));
    MonitorSample half = sample(10, 5, 5, 2000);
    half.overdueChange = 5;  // the other five wait past the threshold
    w.add(30, half);
    w.add(59, sample(10, 10, 10, 3000));
    MonitorSample t = w.total(59);
    EXPECT_EQ(t.sent, 30u);
    EXPECT_EQ(t.delivered, 25u);
    EXPECT_NEAR(t.produceAvailability(), 25.0 / 30.0, 1e-12);
    EXPECT_EQ(t.e2e.count(), 25u);
    t = w.total(60);  // second 0 has left the window
    EXPECT_EQ(t.sent, 20u);
    w.add(120, sample(1, 1, 1, 5000));  // lands in second 0's slot: the old content is gone
    t = w.total(120);
    EXPECT_EQ(t.sent, 1u);
    EXPECT_EQ(t.e2e.max(), 5000);

    // A slot reused a minute later forgets every field, the late and the overdue too: a stall's late messages
    // must not hold the window down once the stall has left it.
    MonitorSample stall = sample(100, 100, 100, 1000);
    stall.late = 80;
    stall.overdueChange = 20;
    w.add(130, stall);
    EXPECT_NEAR(w.total(130).produceAvailability(), 21.0 / 121.0, 1e-12) << "second 120: 1 on time; 130: 20 on time, 80 late, 20 overdue";
    w.add(190, sample(100, 100, 100, 1000));  // second 130's slot again
    t = w.total(190);
    EXPECT_EQ(t.late, 0u);
    EXPECT_EQ(t.overdueChange, 0);
    EXPECT_EQ(t.produceAvailability(), 1.0);

    RollingWindow hour("1h", 60, 60);
    hour.add(10, sample(5, 5, 5, 1000));
    hour.add(70, sample(5, 5, 5, 1000));
    EXPECT_EQ(hour.total(3599).sent, 10u);
    EXPECT_EQ(hour.total(3600 + 59).sent, 5u) << "the first minute left after an hour";
}

TEST(MonitorSample, AvailabilityJudgesEachMessageOnceAgainstTheThreshold) {
    MonitorSample s;
    EXPECT_EQ(s.produceAvailability(), 1.0) << "nothing happened: nothing was unavailable";
    s.sent = 100;  // sent, not acknowledged yet, none past the threshold: not judged yet (a healthy cluster)
    EXPECT_EQ(s.produceAvailability(), 1.0);
    s.overdueChange = 100;  // ... all of them waiting past the threshold (the cluster answers nothing)
    EXPECT_EQ(s.produceAvailability(), 0.0);
    EXPECT_EQ(s.e2eAvailability(), 0.0);
    // The next second: the backlog delivered late leaves the overdue pool; 50 new ones on time.
    MonitorSample next;
    next.delivered = 150;
    next.late = 100;
    next.overdueChange = -100;
    EXPECT_NEAR(next.produceAvailability(), 1.0, 1e-12) << "the late ones were judged when they became overdue";
    s.add(next);
    EXPECT_NEAR(s.produceAvailability(), 50.0 / 150.0, 1e-12) << "and once over both seconds";
    MonitorSample timeouts;  // 10 overdue ones time out: they move from overdue to failed
    timeouts.failed = 10;
    timeouts.overdueChange = -10;
    timeouts.delivered = 90;
    EXPECT_NEAR(timeouts.produceAvailability(), 1.0, 1e-12) << "judged as unavailable when they became overdue";
    s.seen = 90;
    s.newlyLost = 10;
    s.duplicated = 9;
    EXPECT_NEAR(s.e2eAvailability(), 0.9, 1e-12);
    EXPECT_NEAR(s.lossRatio(), 0.1, 1e-12);
    EXPECT_NEAR(s.duplicateRatio(), 0.1, 1e-12);
}

TEST(LatencyHistogram, CumulativeMinusEarlierCopyIsTheInterval) {
    LatencyHistogram cum;
    for (int i = 0; i < 1000; ++i) cum.record(1000);
    const LatencyHistogram earlier = cum;
    for (int i = 0; i < 100; ++i) cum.record(50'000);
    LatencyHistogram interval = cum;
    interval.subtract(earlier);
    EXPECT_EQ(interval.count(), 100u);
    EXPECT_NEAR(static_cast<double>(interval.percentile(0.5)), 50'000, 500);
    EXPECT_NEAR(static_cast<double>(interval.min()), 50'000, 500);
    EXPECT_NEAR(interval.mean(), 50'000, 1);
    interval.subtract(cum);
    EXPECT_EQ(interval.count(), 0u);
}

TEST(PrometheusWriter, EscapesLabelsAndWritesNumbers) {
    PrometheusWriter w;
    w.family("acklab_x_total", "counter", "An example.");
    w.sample("acklab_x_total", {{"cluster", "a \"b\"\\c\nd"}}, 3);
    w.sample("acklab_x_total", {}, 0.25);
    EXPECT_EQ(w.text(),
              "# HELP acklab_x_total An example.\n# TYPE acklab_x_total counter\n"
              "acklab_x_total{cluster=\"a \\\"b\\\"\\\\c\\nd\"} 3\nacklab_x_total 0.25\n");
}

double metric(const std::string& text, const std::string& line) {
    const auto at = text.find("\n" + line + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + line.size() + 2));
}

// A critical-profile monitor of `topic` on the embedded cluster, its DLQ in a file of the test's own.
MonitorOptions embeddedMonitor(const std::string& topic, double rate, int partitions = 1) {
    MonitorOptions o;
    o.profile = *findPreset("critical");
    o.topic = topic;
    o.partitions = partitions;
    o.rate = rate;
    o.graceMs = 300;
    o.dlqFile = ::testing::TempDir() + topic + "-dlq.jsonl";
    return o;
}

// Waits (bounded) until the monitor has published `n` one-second samples.
bool waitForSeconds(const Monitor& m, size_t n, std::chrono::seconds bound = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    while (m.snapshot(0).secondsEnd < n && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
    return m.snapshot(0).secondsEnd >= n;
}

// The status line and each sample put the producer's counters beside the tracker's: read back must never run
// ahead of sent (seen in the window before the fix: "Sent 700, delivered 699 ... read back 712": the producer
// publishes once a second, the tracker every 250 ms), and must not fall behind by whole seconds either.
TEST(Monitor, ReadBackNeverRunsAheadOfSentInAnySnapshot) {
    EmbeddedCluster cluster(1, "");
    Monitor m(embeddedMonitor("acklab-monitor-asof", 500), cluster);
    m.start();
    size_t checked = 0;
    for (size_t n = 1; n <= 4; ++n) {
        ASSERT_TRUE(waitForSeconds(m, n));
        const MonitorSnapshot snap = m.snapshot(0);
        const uint64_t sent = snap.counters.sent, seen = snap.e2e.totals.seen;
        EXPECT_LE(seen, sent) << "second " << n;
        if (n >= 2) {
            EXPECT_GE(seen + 500, sent) << "second " << n << ": read back lags sent by more than 1 s of traffic";
        }
        uint64_t sentSum = 0, seenSum = 0;
        for (const auto& sec : snap.seconds) {
            sentSum += sec.sent;
            seenSum += sec.seen;
            EXPECT_LE(seenSum, sentSum) << "up to second " << sec.tS;
        }
        ++checked;
    }
    m.stop();
    EXPECT_EQ(checked, 4u);
    EXPECT_EQ(m.report()["e2e"]["seen"], m.report()["messages"]["sent"]);
}

TEST(Monitor, StreamsSamplesAndReportsOnTheEmbeddedCluster) {
    EmbeddedCluster cluster(1, "");
    Monitor m(embeddedMonitor("acklab-monitor-test", 500, 2), cluster);
    m.start();
    // Three one-second samples while it runs.
    ASSERT_TRUE(waitForSeconds(m, 3));
    const MonitorSnapshot live = m.snapshot(0);
    ASSERT_GE(live.secondsEnd, 3u);
    EXPECT_EQ(live.state, "running");
    EXPECT_GT(live.seconds.back().sent, 300u) << "about 500 a second";
    const std::string text = m.prometheusText();
    const std::string labels = "{profile=\"critical\",cluster=\"embedded, 1 broker\"}";
    EXPECT_GE(metric(text, "acklab_produce_sent_total" + labels), 1000);
    EXPECT_NE(text.find("# TYPE acklab_e2e_latency_seconds summary"), std::string::npos);
    EXPECT_NE(text.find("acklab_e2e_availability_ratio{profile=\"critical\",cluster=\"embedded, 1 broker\",window=\"5m\"}"),
              std::string::npos);
    m.stop();
    const auto r = m.report();
    EXPECT_EQ(r["mode"], "monitor");
    const uint64_t sent = r["messages"]["sent"];
    EXPECT_EQ(r["messages"]["delivered"], sent);
    EXPECT_EQ(r["e2e"]["seen"], sent) << "every record read back by the end";
    EXPECT_EQ(r["e2e"]["lost"], 0);
    EXPECT_EQ(r["e2e"]["complete"], true) << r["e2e"]["error"];
    EXPECT_DOUBLE_EQ(r["windows"]["1m"]["produce_availability"].get<double>(), 1.0);
    EXPECT_EQ(r["windows"]["1h"]["sent"], sent);
    EXPECT_EQ(r["windows"]["1m"]["e2e_latency_ms"]["count"], sent);
    EXPECT_GE(r["seconds"].size(), 3u);
    EXPECT_EQ(m.snapshot().state, "stopped");
}

// A consumer error says when it happened: shown long after, it must not read as the present state.
TEST(Monitor, TheConsumersLastErrorCarriesItsTime) {
    EmbeddedCluster cluster(1, "");
    const std::string topic = "acklab-monitor-error-test";
    Monitor m(embeddedMonitor(topic, 50), cluster);
    m.start();
    ASSERT_TRUE(waitForSeconds(m, 2));
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    ASSERT_EQ(m.snapshot().e2e.errorAtMs, -1) << m.snapshot().e2e.error;
    const int64_t downAt = m.snapshot().uptimeMs;
    ASSERT_TRUE(cluster.applyFault(FaultSpec::parse("down broker=1"), topic).ok);
    MonitorSnapshot s = m.snapshot();
    while (s.e2e.error.empty() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(100ms);
        s = m.snapshot();
    }
    ASSERT_FALSE(s.e2e.error.empty()) << "the only broker is down: the consumer must complain";
    EXPECT_GE(s.e2e.errorAtMs, downAt) << s.e2e.error;
    EXPECT_LE(s.e2e.errorAtMs, s.uptimeMs + 1000) << s.e2e.error;
    ASSERT_TRUE(cluster.applyFault(FaultSpec::parse("up broker=1"), topic).ok);
    m.stop();
}

// The endpoint answers as soon as start() returns, and a stop() right after start() returns (httplib ignores a
// stop that comes before it listens: a window that started and stopped quickly once could wait for ever).
TEST(MetricsServer, ServesOnceStartedAndStopsRightAfterStarting) {
    for (int i = 0; i < 50; ++i) {
        MetricsServer server;
        std::string error;
        ASSERT_GT(server.start("127.0.0.1", 0, [] { return std::string("acklab_test 1\n"); }, &error), 0) << error;
        server.stop();
        EXPECT_FALSE(server.running());
    }
    MetricsServer server;
    std::string error;
    const int port = server.start("127.0.0.1", 0, [] { return std::string("acklab_test 1\n"); }, &error);
    ASSERT_GT(port, 0) << error;
    httplib::Client client("127.0.0.1", port);
    const auto res = client.Get("/metrics");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "acklab_test 1\n");
    MetricsServer second;
    EXPECT_EQ(second.start("127.0.0.1", port, [] { return std::string(); }, &error), -1) << "the port is taken";
    EXPECT_NE(error.find("cannot listen on 127.0.0.1:" + std::to_string(port)), std::string::npos) << error;
}

TEST(MonitorCli, SigtermStopsCleanlyWithAFinalReport) {
    const std::string dir = ::testing::TempDir();
    // Files of this process only, and none left from an earlier run: the log is read while the child writes it.
    const std::string stem = dir + "acklab-monitor-" + std::to_string(getpid());
    const std::string report = stem + "-report.json", log = stem + ".log";
    std::remove(report.c_str());
    std::remove(log.c_str());
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        FILE* out = std::freopen(log.c_str(), "w", stdout);
        if (!out || dup2(fileno(stdout), 2) < 0) _exit(99);
        execl(ACKLAB_CLI_PATH, "acklab-cli", "monitor", "--embedded", "1", "--rate", "200", "--e2e-grace", "300ms",
              "--metrics", "127.0.0.1:0", "--report", report.c_str(), static_cast<char*>(nullptr));
        _exit(98);
    }
    // A failed assertion returns early: the monitor must not outlive the test.
    bool reaped = false;
    struct Reaper {
        pid_t pid;
        bool& reaped;
        ~Reaper() {
            if (reaped) return;
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
    } reaper{pid, reaped};
    auto logText = [&] {
        std::ifstream in(log);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    };
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (logText().find("Ctrl-C stops") == std::string::npos && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(100ms);
    const std::string text0 = logText();
    const auto urlAt = text0.find("metrics: http://127.0.0.1:");
    ASSERT_NE(urlAt, std::string::npos) << text0;
    // Stopped once it is demonstrably running: its endpoint counts more than 200 sent.
    const int port = std::stoi(text0.substr(urlAt + std::string("metrics: http://127.0.0.1:").size()));
    httplib::Client client("127.0.0.1", port);
    const std::string sentLine = "acklab_produce_sent_total{profile=\"critical\",cluster=\"embedded, 1 broker\"}";
    double sentScraped = -1;
    while (sentScraped <= 200 && std::chrono::steady_clock::now() < deadline + 20s) {
        if (auto res = client.Get("/metrics"); res && res->status == 200) sentScraped = metric("\n" + res->body, sentLine);
        if (sentScraped <= 200) std::this_thread::sleep_for(100ms);
    }
    ASSERT_GT(sentScraped, 200) << logText();
    ASSERT_EQ(kill(pid, SIGTERM), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    reaped = true;
    ASSERT_TRUE(WIFEXITED(status)) << logText();
    EXPECT_EQ(WEXITSTATUS(status), 0) << logText();
    const std::string text = logText();
    EXPECT_NE(text.find("stopping (SIGTERM)"), std::string::npos) << text;
    EXPECT_NE(text.find("  1h   "), std::string::npos) << text;
    std::ifstream in(report);
    ASSERT_TRUE(in.good()) << "no report written: " << text;
    const auto j = nlohmann::json::parse(in);
    EXPECT_EQ(j["stopped_by"], "SIGTERM");
    EXPECT_GT(j["messages"]["sent"].get<uint64_t>(), 200u);
    EXPECT_EQ(j["e2e"]["seen"], j["messages"]["delivered"]);
}

}  // namespace
}  // namespace acklab
