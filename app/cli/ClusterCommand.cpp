// acklab-cli cluster up|down|status: the local 3-node Apache Kafka on 127.0.0.1.
#include "Args.h"
#include "Commands.h"

#include "cluster/LocalKafka.h"

#include <iostream>

namespace acklab::cli {

int clusterCommand(const std::vector<std::string>& argv) {
    if (!argv.empty() && argv[0] == "serve") return clusterServeCommand({argv.begin() + 1, argv.end()});
    Args a(argv, {"--state-dir", "--topic"}, {});
    const auto& pos = a.positionals();
    if (pos.size() != 1 || (pos[0] != "up" && pos[0] != "down" && pos[0] != "status"))
        throw UsageError("expected up, down, status or serve");
    LocalKafkaOptions o;
    if (auto d = a.value("--state-dir")) o.stateDir = *d;
    LocalKafka kafka(o);
    try {
        if (pos[0] == "up") {
            std::cerr << "starting local Kafka " << kLocalKafkaVersion << " (3 nodes on 127.0.0.1) ...\n";
            const LocalKafkaUp up = kafka.up();
            if (up.alreadyRunning) std::cout << "already running\n";
            else std::cout << "started in " << up.took.count() / 1000.0 << " s\n";
            std::cout << "bootstrap=" << up.bootstrap << "\nsasl_bootstrap=" << up.saslBootstrap << "\n";
            return kOk;
        }
        if (pos[0] == "down") {
            const auto stopped = kafka.down();
            std::cout << (stopped.empty() ? "nothing was running\n" : "stopped " + std::to_string(stopped.size()) + " node(s)\n");
            return kOk;
        }
        const LocalKafkaStatus s = kafka.status(a.value("--topic").value_or(""));
        for (const auto& n : s.nodes)
            std::cout << "node " << n.id << "  " << toString(n.state) << "  pid " << n.pid << "  127.0.0.1:" << n.plaintextPort
                      << " (sasl " << n.saslPort << ")\n";
        if (!s.metadataError.empty()) std::cout << "metadata: " << s.metadataError << "\n";
        if (s.topic) {
            std::cout << "topic " << s.topic->name << (s.topic->error.empty() ? "" : "  " + s.topic->error) << "\n";
            for (const auto& p : s.topic->partitions) {
                std::cout << "  partition " << p.partition << "  leader " << p.leader << "  replicas";
                for (auto r : p.replicas) std::cout << ' ' << r;
                std::cout << "  isr";
                for (auto r : p.isr) std::cout << ' ' << r;
                std::cout << "\n";
            }
        }
        std::cout << "bootstrap=" << s.bootstrap << "\n";
        return s.running() == static_cast<int>(s.nodes.size()) ? kOk : kUnreachable;
    } catch (const LocalKafkaError& e) {
        std::cerr << "acklab-cli cluster " << pos[0] << ": " << e.what() << "\n";
        // status: the cluster cannot be reached; up/down: AckLab could not start or stop it (Java, ports, ...).
        return pos[0] == "status" ? kUnreachable : kRuntimeFailure;
    }
}

}  // namespace acklab::cli
