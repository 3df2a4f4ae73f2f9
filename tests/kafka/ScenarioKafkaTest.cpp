// The bundled local-Kafka scenarios (resources/scenarios/*-local.json) on the real 3-node cluster: each meets
// its expectations (ctest -L kafka; the fixture kafka_cluster_up starts the cluster once).
#include <gtest/gtest.h>

#include "KafkaTestSupport.h"
#include "scenario/Scenario.h"
#include "scenario/ScenarioRunner.h"

#include <filesystem>
#include <fstream>

namespace acklab {
namespace {

using namespace kafkatest;

std::vector<std::string> localBundled() {
  std::vector<std::string> out;
  for (const auto& f : Scenario::bundledFiles()) {
    std::ifstream in(f);
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("cluster") || !j["cluster"].is_object()) continue;
    if (j["cluster"].value("kind", std::string()) == "local") out.push_back(std::filesystem::path(f).stem().string());
  }
  return out;
}

class BundledLocalScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(BundledLocalScenario, MeetsItsExpectations) {
  REQUIRE_LOCAL_PROCESSES();
  RestoreOnExit restore(c.kafka, {});
  const Scenario s = Scenario::load(std::string(ACKLAB_RESOURCES_DIR) + "/scenarios/" + GetParam() + ".json");
  ScenarioRunner runner(s);
  ScenarioRunner::Hooks hooks;
  hooks.onFault = [](size_t i, const FiredFault& f) {
    if (i == 0) std::cout << "  fault @" << f.atMs << "ms " << f.spec << ": " << (f.ok ? "" : "FAILED: ") << f.result << "\n";
  };
  ScenarioResult r;
  ASSERT_NO_THROW(r = runner.run(hooks));
  std::string text;
  for (const auto& run : r.runs) {
    restore.add(run.topic);
    for (const auto& rec : run.records) {
      for (const auto& t : rec.result.topics)  // a transaction's other topics (audit-log ...)
        if (t != run.topic) restore.add(t);
      text += summaryText(rec);
    }
    for (const auto& e : run.expectations) text += "  [" + e.profile + "] " + e.message + "\n";
  }
  std::cout << text;
  EXPECT_TRUE(r.allMet()) << text;
}

INSTANTIATE_TEST_SUITE_P(Bundled, BundledLocalScenario, ::testing::ValuesIn(localBundled()), [](const auto& param) {
  std::string n = param.param;
  for (auto& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
});

}  // namespace
}  // namespace acklab
