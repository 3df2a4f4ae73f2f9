// acklab-cli diagnose: what will make this producer fail on this cluster, asked of the cluster before a run.
#include "Args.h"
#include "Commands.h"

#include "cluster/EmbeddedCluster.h"
#include "cluster/LocalKafka.h"
#include "diagnose/ClusterProbe.h"
#include "diagnose/Diagnoser.h"
#include "profile/Presets.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace acklab::cli {

int diagnoseCommand(const std::vector<std::string>& argv) {
    Args a(argv, {"--embedded", "--bootstrap", "--topic", "--dlq-topic", "--profile", "--size", "--timeout", "--partitions"},
           {"--local", "--json"}, {"-X", "--security"});
    if (!a.positionals().empty()) throw UsageError("unexpected argument '" + a.positionals()[0] + "'");
    if (a.has("--embedded") + a.has("--bootstrap") + a.has("--local") != 1)
        throw UsageError("choose one cluster: --local, --bootstrap HOSTS or --embedded N");

    DiagnoseOptions o;
    try {
        o.input.profile = resolveProfile(a.value("--profile").value_or("critical"));
    } catch (const ProfileError& e) {
        throw UsageError(std::string("--profile: ") + e.what());
    }
    for (const auto& kv : a.values("-X")) {
        const auto [k, v] = keyValueArg("-X", kv);
        o.input.profile.set(k, v);
    }
    for (const auto& kv : a.values("--security")) o.connection.push_back(keyValueArg("--security", kv));
    o.input.topic = a.value("--topic").value_or("");
    o.input.dlqTopic = a.value("--dlq-topic").value_or("");
    o.input.valueSize = a.integer("--size", 100, 0, 100LL * 1024 * 1024);
    o.timeoutMs = static_cast<int>(a.integer("--timeout", 5000, 500, 120'000));

    std::unique_ptr<EmbeddedCluster> embedded;
    if (a.has("--local")) {
        LocalKafka kafka;
        const auto status = kafka.status();
        std::string bootstrap;
        bool sasl = false;
        for (const auto& [k, v] : o.input.profile.properties())
            if (k == "security.protocol") sasl = v.rfind("SASL", 0) == 0 || v.rfind("sasl", 0) == 0;
        for (const auto& [k, v] : o.connection)
            if (k == "security.protocol") sasl = v.rfind("SASL", 0) == 0 || v.rfind("sasl", 0) == 0;
        // Only running nodes: a SIGSTOPped node accepts connections and never answers.
        for (const auto& n : status.nodes) {
            if (n.state == NodeState::Running)
                bootstrap += (bootstrap.empty() ? "" : ",") + ("127.0.0.1:" + std::to_string(sasl ? n.saslPort : n.plaintextPort));
            else
                o.nodeNotes.push_back("Local Kafka node " + std::to_string(n.id) + " is " + toString(n.state) +
                                      (n.state == NodeState::Stopped ? " (SIGSTOP: it holds connections and answers nothing)" : ""));
        }
        if (bootstrap.empty()) {
            std::cerr << "acklab-cli diagnose: Local Kafka is not running (start it with `acklab-cli cluster up`)\n";
            return kUnreachable;
        }
        o.bootstrap = bootstrap;
    } else if (a.has("--bootstrap")) {
        o.bootstrap = *a.value("--bootstrap");
        if (o.bootstrap.empty()) throw UsageError("--bootstrap: empty");
    } else {
        const int brokers = static_cast<int>(a.integer("--embedded", 3, 1, 32));
        embedded = std::make_unique<EmbeddedCluster>(brokers);
        // As a run would find it: AckLab's runs create their topic on the embedded cluster.
        if (!o.input.topic.empty()) {
            const auto why = embedded->prepareTopic(o.input.topic, static_cast<int>(a.integer("--partitions", 3, 1, 1000)));
            if (!why.empty()) throw std::runtime_error("embedded cluster: " + why);
        }
        o.bootstrap = embedded->bootstrapServers();
    }

    const Diagnosis d = diagnose(o);
    if (a.has("--json")) std::cout << diagnosisJson(d).dump(2) << "\n";
    else std::cout << diagnosisText(d);
    return d.exitStatus();
}

}  // namespace acklab::cli
