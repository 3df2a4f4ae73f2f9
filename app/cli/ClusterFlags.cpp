#include "ClusterFlags.h"

#include <iostream>

namespace acklab::cli {

ClusterFlags readClusterFlags(const Args& a) {
    if (a.has("--embedded") + a.has("--bootstrap") + a.has("--local") > 1)
        throw UsageError("--embedded, --bootstrap and --local: choose one cluster");
    ClusterFlags f;
    if (a.has("--local")) {
        f.choice.kind = ClusterChoice::Kind::Local;
        f.local = std::make_unique<LocalKafkaCluster>();
        const auto status = f.local->kafka().status();
        if (status.running() != static_cast<int>(status.nodes.size())) {
            std::cerr << "acklab-cli: local Kafka is not running (" << status.running() << " of " << status.nodes.size()
                      << " nodes up): start it with `acklab-cli cluster up`\n";
            f.localDown = true;
        }
    } else if (a.has("--bootstrap")) {
        f.choice.kind = ClusterChoice::Kind::External;
        f.choice.bootstrap = *a.value("--bootstrap");
        if (f.choice.bootstrap.empty()) throw UsageError("--bootstrap: empty");
        for (const auto& kv : a.values("--security")) f.choice.properties.push_back(keyValueArg("--security", kv));
    } else {
        f.choice.kind = ClusterChoice::Kind::Embedded;
        f.choice.brokers = static_cast<int>(a.integer("--embedded", 3, 1, 32));
    }
    return f;
}

}  // namespace acklab::cli
