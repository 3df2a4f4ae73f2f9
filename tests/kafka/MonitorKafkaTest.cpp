// Monitor mode on the REAL local cluster:
//   a leader SIGKILLed while the monitor streams: produce and e2e availability dip and recover, e2e p99 spikes,
//   and nothing is lost or duplicated with acks=all + idempotence;
//   `acklab-cli monitor --local --metrics ...`: a scrape parsed by prometheus_client's text parser (Debian's
//   python3-prometheus-client, tests/kafka/scrape_check.py) agrees with the final report.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "KafkaTestSupport.h"
#include "monitor/Monitor.h"

#include <fstream>
#include <sstream>

namespace acklab {
namespace {

using namespace std::chrono_literals;
using namespace kafkatest;

TEST(MonitorKafka, LeaderKillDipsAvailabilityWhichRecoversWithoutLoss) {
  REQUIRE_LOCAL_PROCESSES();
  LocalKafkaCluster local;
  const std::string topic = uniqueTopic("monitor-kill");
  ASSERT_NO_THROW(createTopicAndWait(c.kafka, topicSpec(topic, "1:2:3")));
  RestoreOnExit restore(c.kafka, {topic});
  const int32_t leader = leaderOf(c.kafka, topic);
  ASSERT_GE(leader, 1);

  MonitorOptions o;
  o.profile = preset("at-least-once", {{"linger.ms", "5"}});
  o.topic = topic;
  o.partitions = 1;
  o.createTopic = false;
  o.rate = 200;
  o.graceMs = 2000;
  o.dlqFile = testDlqFile("monitor");
  Monitor m(o, local);
  m.start();
  ASSERT_TRUE(waitFor([&] { return m.snapshot(0).secondsEnd >= 6; }, 30s));
  const MonitorSnapshot before = m.snapshot(0);
  double baselineP99 = 0;
  for (size_t i = 1; i < before.seconds.size(); ++i) baselineP99 = std::max(baselineP99, before.seconds[i].e2eP99Ms);
  const size_t killAt = before.secondsEnd;
  c.kafka.kill(leader);
  std::cout << "killed node " << leader << " (leader) at second " << killAt << "; e2e p99 before: " << baselineP99 << " ms\n";

  // Availability must drop below a half after the kill, then hold at 0.95 or more for 5 seconds in a row (a second
  // can read 0.995 at a steady rate: a report landing just after the sample).
  bool dipped = false;
  const bool recovered = waitFor([&] {
    const auto s = m.snapshot(killAt);
    int fullInARow = 0;
    for (const auto& p : s.seconds) {
      if (p.produceAvailability < 0.5 || p.e2eAvailability < 0.5) {
        dipped = true;
        fullInARow = 0;
      } else if (p.produceAvailability < 0.95 || p.e2eAvailability < 0.95) {
        fullInARow = 0;
      } else if (dipped) {
        ++fullInARow;
      }
    }
    return dipped && fullInARow >= 5;
  }, 120s);
  m.stop();
  const MonitorSnapshot after = m.snapshot(0);
  double minProduce = 1, minE2e = 1, maxP99 = 0;
  for (const auto& p : after.seconds) {
    if (static_cast<size_t>(p.tS) < killAt) continue;
    minProduce = std::min(minProduce, p.produceAvailability);
    minE2e = std::min(minE2e, p.e2eAvailability);
    maxP99 = std::max(maxP99, p.e2eP99Ms);
  }
  for (const auto& p : after.seconds)
    std::cout << "  t=" << p.tS << "s produce=" << p.produceAvailability << " e2e=" << p.e2eAvailability
              << " e2e_p99=" << p.e2eP99Ms << "ms delivered=" << p.delivered << " seen=" << p.seen << "\n";
  std::cout << "min produce availability " << minProduce << ", min e2e availability " << minE2e << ", e2e p99 max "
            << maxP99 << " ms (before " << baselineP99 << " ms)\n";
  EXPECT_TRUE(dipped) << "availability never dropped after the leader was killed";
  EXPECT_TRUE(recovered) << "availability did not come back to >= 0.95 for 5 s in a row";
  EXPECT_LT(minProduce, 0.9);
  EXPECT_LT(minE2e, 0.9);
  EXPECT_GT(maxP99, std::max(3 * baselineP99, 500.0)) << "e2e p99 spikes while no leader takes writes";
  const auto& e = after.e2e.totals;
  EXPECT_TRUE(after.e2e.complete) << after.e2e.error;
  EXPECT_EQ(e.lost, 0u);
  EXPECT_EQ(e.duplicated, 0u);
  EXPECT_EQ(after.counters.failed, 0u);
  EXPECT_EQ(e.seen, after.counters.delivered);
}

std::string fileText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(MonitorKafka, ScrapeParsedByPrometheusClientAgreesWithTheFinalReport) {
  REQUIRE_LOCAL_PROCESSES();
  const std::string dir = ::testing::TempDir();
  const std::string report = dir + "acklab-monitor-kafka.json", log = dir + "acklab-monitor-kafka.log",
                    sample = dir + "acklab-monitor-scrape.txt";
  std::remove(report.c_str());
  const std::string topic = uniqueTopic("monitor-scrape");
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    FILE* out = std::freopen(log.c_str(), "w", stdout);
    if (!out || dup2(fileno(stdout), 2) < 0) _exit(99);
    execl(ACKLAB_CLI_PATH, "acklab-cli", "monitor", "--local", "--rate", "100", "--topic", topic.c_str(),
          "--e2e-grace", "1s", "--metrics", "127.0.0.1:0", "--report", report.c_str(), "--serve-after-stop", "60s",
          static_cast<char*>(nullptr));
    _exit(98);
  }
  ASSERT_TRUE(waitFor([&] { return fileText(log).find("Ctrl-C stops") != std::string::npos; }, 60s)) << fileText(log);
  std::this_thread::sleep_for(5s);  // a few seconds of traffic
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  const bool serving = waitFor([&] { return fileText(log).find("final metrics served") != std::string::npos; }, 60s);
  const std::string text = fileText(log);
  const auto at = text.find("metrics: http://");
  std::string url;
  if (at != std::string::npos) url = text.substr(at + 9, text.find('\n', at) - at - 9);
  int rc = -1;
  if (serving && !url.empty())
    rc = std::system(("/usr/bin/python3 " ACKLAB_TESTS_DIR "/kafka/scrape_check.py '" + url + "' '" + report + "' '" +
                      sample + "'").c_str());
  kill(pid, SIGTERM);  // ends the serving after the stop
  int status = 0;
  waitpid(pid, &status, 0);
  std::cout << text << "\n--- scrape (first lines) ---\n" << fileText(sample).substr(0, 1500) << "\n";
  ASSERT_TRUE(serving) << text;
  ASSERT_FALSE(url.empty()) << text;
  EXPECT_EQ(rc, 0) << "scrape_check.py found a difference (see its MISMATCH lines above)";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << text;
  const auto j = nlohmann::json::parse(fileText(report));
  EXPECT_GT(j["messages"]["sent"].get<uint64_t>(), 300u);
  EXPECT_EQ(j["e2e"]["lost"], 0);
  EXPECT_EQ(j["e2e"]["seen"], j["messages"]["delivered"]);
}

}  // namespace
}  // namespace acklab
