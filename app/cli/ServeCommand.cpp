// acklab-cli cluster serve --embedded N: the embedded mock cluster, served to clients outside AckLab (an
// exported producer, a script) until SIGINT/SIGTERM or --for. Its faults follow the same timeline as a run's.
#include "Args.h"
#include "Commands.h"

#include "cluster/EmbeddedCluster.h"
#include "cluster/FaultScheduler.h"

#include <pthread.h>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <iostream>

namespace acklab::cli {

int clusterServeCommand(const std::vector<std::string>& argv) {
    Args a(argv, {"--embedded", "--topic", "--partitions", "--dlq-topic", "--for", "--rtt"}, {}, {"--fault"});
    if (!a.positionals().empty()) throw UsageError("serve: unexpected '" + a.positionals()[0] + "'");
    const int brokers = static_cast<int>(a.integer("--embedded", 3, 1, 32));
    const int partitions = static_cast<int>(a.integer("--partitions", 1, 1, 1000));
    const int rtt = static_cast<int>(a.integer("--rtt", 0, 0, 10'000));
    const std::string topic = a.value("--topic").value_or("acklab-events");
    const std::string dlqTopic = a.value("--dlq-topic").value_or("dead-letter-queue");
    if (topic.empty() || dlqTopic.empty()) throw UsageError("serve: --topic and --dlq-topic must not be empty");
    if (topic == dlqTopic) throw UsageError("serve: --dlq-topic must differ from --topic");
    const auto forMs = a.durationMs("--for");
    if (forMs && *forMs <= 0) throw UsageError("--for: must be longer than 0");
    std::vector<FaultSpec> faults;
    for (const auto& f : a.values("--fault")) {
        try {
            faults.push_back(FaultSpec::parse(f));
        } catch (const FaultSpecError& e) {
            throw UsageError(std::string("--fault: ") + e.what());
        }
        if (!faults.back().isEmbeddedKind())
            throw UsageError("--fault '" + f + "': not possible on the embedded cluster (process faults need Local Kafka)");
    }

    // Blocked before any librdkafka thread starts, so they inherit the mask and only sigtimedwait sees them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    EmbeddedCluster cluster(brokers, dlqTopic, rtt);
    if (const auto problem = cluster.prepareTopic(topic, partitions); !problem.empty())
        throw UsageError("--topic '" + topic + "': " + problem);
    FaultScheduler scheduler(cluster, topic, faults, [](const FiredFault& f) {
        std::cerr << "[fault at " << f.atMs << " ms] " << f.spec << ": " << (f.ok ? "" : "FAILED: ") << f.result
                  << std::endl;
    });
    std::cerr << "serving " << cluster.describe() << "; topic " << topic << " (" << partitions << " partition"
              << (partitions == 1 ? "" : "s") << "), DLQ topic " << dlqTopic << "; until SIGINT/SIGTERM"
              << (forMs ? " or " + std::to_string(*forMs) + " ms" : "") << std::endl;
    std::cout << cluster.bootstrapServers() << std::endl;  // the first stdout line: what clients connect to
    scheduler.start(FaultScheduler::Clock::now());

    int sig = 0;
    if (forMs) {
        timespec ts{static_cast<time_t>(*forMs / 1000), static_cast<long>((*forMs % 1000) * 1'000'000)};
        do sig = sigtimedwait(&stopSignals, nullptr, &ts);
        while (sig < 0 && errno == EINTR);
    } else {
        sigwait(&stopSignals, &sig);
    }
    scheduler.stop();
    std::cerr << (sig > 0 ? "stopped by signal " + std::to_string(sig) : std::string("--for elapsed"))
              << "; cluster shut down" << std::endl;
    return kOk;
}

}  // namespace acklab::cli
