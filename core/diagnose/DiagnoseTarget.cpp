#include "diagnose/DiagnoseTarget.h"

#include "cluster/EmbeddedCluster.h"
#include "cluster/LocalKafka.h"

#include <memory>
#include <stdexcept>

namespace acklab {

namespace {

bool wantsSasl(const DiagnoseOptions& o) {
    bool sasl = false;
    auto check = [&](const std::string& k, const std::string& v) {
        if (k == "security.protocol") sasl = v.rfind("SASL", 0) == 0 || v.rfind("sasl", 0) == 0;
    };
    for (const auto& [k, v] : o.input.profile.properties()) check(k, v);
    for (const auto& [k, v] : o.connection) check(k, v);  // later ones win
    return sasl;
}

}  // namespace

Diagnosis diagnoseOn(const DiagnoseTarget& target, DiagnoseOptions o) {
    std::unique_ptr<EmbeddedCluster> embedded;
    switch (target.kind) {
    case DiagnoseTarget::Kind::Local: {
        LocalKafka kafka;
        const auto status = kafka.status();
        const bool sasl = wantsSasl(o);
        std::string bootstrap;
        // Only running nodes: a SIGSTOPped node accepts connections and answers nothing.
        for (const auto& n : status.nodes) {
            if (n.state == NodeState::Running)
                bootstrap += (bootstrap.empty() ? "" : ",") + ("127.0.0.1:" + std::to_string(sasl ? n.saslPort : n.plaintextPort));
            else
                o.nodeNotes.push_back("Local Kafka node " + std::to_string(n.id) + " is " + toString(n.state) +
                                      (n.state == NodeState::Stopped ? " (SIGSTOP: it holds connections and answers nothing)"
                                                                     : ""));
        }
        if (bootstrap.empty()) {
            Diagnosis d;
            d.facts.bootstrap = "Local Kafka";
            d.facts.unreachableReason = "Local Kafka is not running (start it with `acklab-cli cluster up`)";
            d.findings = diagnoseFindings(d.facts, o.input);
            return d;
        }
        o.bootstrap = bootstrap;
        break;
    }
    case DiagnoseTarget::Kind::Bootstrap:
        if (target.bootstrap.empty()) throw std::invalid_argument("bootstrap servers: empty");
        o.bootstrap = target.bootstrap;
        break;
    case DiagnoseTarget::Kind::Embedded:
        embedded = std::make_unique<EmbeddedCluster>(target.brokers);
        if (!o.input.topic.empty()) {
            const auto why = embedded->prepareTopic(o.input.topic, target.partitions);
            if (!why.empty()) throw std::runtime_error("embedded cluster: " + why);
        }
        o.bootstrap = embedded->bootstrapServers();
        break;
    }
    return diagnose(o);
}

}  // namespace acklab
