// The ctest fixture of the `kafka` label, in an executable of its own so that test discovery never lists it:
// kafka_cluster_up starts the local cluster once for the label (or checks the one named by
// ACKLAB_KAFKA_BOOTSTRAP), kafka_cluster_down stops it only if kafka_cluster_up started it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "KafkaTestSupport.h"
#include "cluster/LocalKafka.h"

namespace acklab {
namespace {

using namespace kafkatest;

// The fixture setup (ACKLAB_KAFKA_KEEP=1): brings the cluster up and leaves it running; a second up() reports
// the running cluster instead of starting another.
TEST(LocalKafkaFixture, Up) {
  REQUIRE_CLUSTER();
  EXPECT_FALSE(c.bootstrap.empty());
  if (!env("ACKLAB_KAFKA_BOOTSTRAP").empty()) return;  // someone else's cluster
  if (c.startedHere && env("ACKLAB_KAFKA_KEEP") == "1") std::ofstream(startedByTestsMarker(c.kafka)) << "1\n";
  const auto again = c.kafka.up();
  EXPECT_TRUE(again.alreadyRunning);
  EXPECT_TRUE(again.started.empty());
  // Node n listens on base + 10 (n - 1) (PLAINTEXT) and one above (SASL); base is ACKLAB_KAFKA_BASE_PORT.
  const int base = env("ACKLAB_KAFKA_BASE_PORT").empty() ? 19092 : std::stoi(env("ACKLAB_KAFKA_BASE_PORT"));
  auto ports = [base](int offset) {
    std::string s;
    for (int n = 0; n < 3; ++n) s += (n ? ",127.0.0.1:" : "127.0.0.1:") + std::to_string(base + 10 * n + offset);
    return s;
  };
  EXPECT_EQ(again.bootstrap, ports(0));
  EXPECT_EQ(again.saslBootstrap, ports(1));
}

// The ctest fixture cleanup: stops the cluster only if the fixture setup started it.
TEST(LocalKafkaFixture, Down) {
  LocalKafka k;
  std::error_code ec;
  if (!std::filesystem::exists(startedByTestsMarker(k), ec)) return;
  const auto stopped = k.down();
  std::filesystem::remove(startedByTestsMarker(k), ec);
  EXPECT_EQ(stopped.size(), 3u);
  for (const auto& n : k.status().nodes) EXPECT_EQ(n.state, NodeState::Dead) << "node " << n.id;
}

}  // namespace
}  // namespace acklab
