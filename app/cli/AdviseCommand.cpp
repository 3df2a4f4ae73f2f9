// acklab-cli advise: requirements in, a recommended profile with the reason for every setting out; --verify runs it
// against a cluster through a broker failure and says whether the requirements held.
#include "Args.h"
#include "ClusterFlags.h"
#include "Commands.h"

#include "advise/AdviceVerifier.h"
#include "advise/Advisor.h"
#include "cluster/LocalKafkaCluster.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace acklab::cli {

int adviseCommand(const std::vector<std::string>& argv) {
    Args a(argv, {"--latency-ms", "--loss", "--duplicates", "--rate", "--brokers", "--save", "--name", "--embedded",
                  "--bootstrap", "--topic", "--duration", "--size"},
           {"--idempotent-consumers", "--ordered", "--verify", "--local", "--json"}, {"--security"});
    if (!a.positionals().empty()) throw UsageError("unexpected argument '" + a.positionals()[0] + "'");
    for (const char* required : {"--latency-ms", "--loss", "--duplicates", "--rate"})
        if (!a.has(required)) throw UsageError(std::string(required) + ": missing");

    Requirements r;
    r.maxLatencyMs = a.integer("--latency-ms", 1000, 1, 3'600'000);
    try {
        r.lossTolerance = Requirements::parseLoss(a.value("--loss").value_or(""));
    } catch (const RequirementsError& e) {
        throw UsageError(std::string("--loss: ") + e.what());
    }
    const std::string dup = a.value("--duplicates").value_or("");
    if (dup != "ok" && dup != "no") throw UsageError("--duplicates: '" + dup + "' (expected ok or no)");
    r.duplicatesOk = dup == "ok";
    r.peakRate = a.number("--rate", 100, 0.001, 10'000'000);
    r.brokers = static_cast<int>(a.integer("--brokers", 3, 1, 1000));
    r.consumersIdempotent = a.has("--idempotent-consumers");
    r.orderingNeeded = a.has("--ordered");
    const Advice advice = advise(r, a.value("--name").value_or(""));

    const bool verify = a.has("--verify");
    if (!verify && (a.has("--local") || a.has("--embedded") || a.has("--bootstrap")))
        throw UsageError("--local, --embedded and --bootstrap choose the cluster for --verify");
    if (auto path = a.value("--save")) advice.profile.saveFile(*path);

    nlohmann::json out = adviceJson(advice);
    if (!a.has("--json")) {
        std::cout << adviceText(advice);
        if (auto path = a.value("--save")) std::cout << "saved as " << *path << "\n";
    }
    if (!verify) {
        if (a.has("--json")) std::cout << out.dump(2) << "\n";
        return kOk;
    }

    if (a.has("--embedded") + a.has("--bootstrap") + a.has("--local") != 1)
        throw UsageError("--verify: choose one cluster: --local, --embedded N or --bootstrap HOSTS");
    VerifyOptions o;
    ClusterFlags clusterFlags = readClusterFlags(a);
    if (clusterFlags.localDown) return kUnreachable;
    o.cluster = clusterFlags.choice;
    const std::unique_ptr<LocalKafkaCluster> local = std::move(clusterFlags.local);
    o.topic = a.value("--topic").value_or("");
    if (auto d = a.durationMs("--duration")) {
        if (*d < 10'000 || *d > 600'000) throw UsageError("--duration: 10 s to 10 min (the fault fires at 3 s, the node is back at 9 s)");
        o.faultRunMs = *d;
    }
    o.valueSize = a.integer("--size", 200, 1, 1'000'000);
    if (!a.has("--json")) o.progress = [](const std::string& line) { std::cerr << "[verify] " << line << "\n"; };
    const VerifyResult v = verifyAdvice(advice, o, local.get());
    if (a.has("--json")) {
        out["verify"] = {{"cluster", v.cluster},
                         {"topic", v.topic},
                         {"error", v.error},
                         {"steady_p50_ms", v.steadyP50Ms},
                         {"steady_p99_ms", v.steadyP99Ms},
                         {"sent", v.sent},
                         {"delivered", v.delivered},
                         {"failed", v.failed},
                         {"in_flight_at_end", v.inFlightAtEnd},
                         {"audit_lost", v.audit ? v.audit->lost : 0},
                         {"audit_duplicated", v.audit ? v.audit->duplicated : 0},
                         {"lost", v.lost},
                         {"loss_fraction", v.lossFraction},
                         {"latency_held", v.latencyHeld},
                         {"loss_held", v.lossHeld},
                         {"duplicates_held", v.duplicatesHeld},
                         {"held", v.held()}};
        out["verify"]["faults"] = nlohmann::json::array();
        for (const auto& f : v.faults)
            out["verify"]["faults"].push_back({{"at_ms", f.atMs}, {"spec", f.spec}, {"ok", f.ok}, {"result", f.result}});
        std::cout << out.dump(2) << "\n";
    } else {
        std::cout << verifyText(advice, v);
    }
    if (!v.error.empty()) return kRuntimeFailure;
    return v.held() ? kOk : kConditionFailed;
}

}  // namespace acklab::cli
