// acklab-cli diagnose: what will make this producer fail on this cluster, asked of the cluster before a run.
#include "Args.h"
#include "Commands.h"

#include "diagnose/DiagnoseTarget.h"
#include "profile/Presets.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <utility>

namespace acklab::cli {

int diagnoseCommand(const std::vector<std::string>& argv) {
    Args a(argv, {"--embedded", "--bootstrap", "--topic", "--dlq-topic", "--profile", "--size", "--timeout", "--partitions"},
           {"--local", "--json", "--probe-transactional-id"}, {"-X", "--security"});
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
    o.probeTransactionalId = a.has("--probe-transactional-id");
    if (o.probeTransactionalId && !o.input.profile.get("transactional.id"))
        throw UsageError("--probe-transactional-id: the profile has no transactional.id (set one with -X "
                         "transactional.id=ID or --profile transactional)");

    DiagnoseTarget target;
    if (a.has("--local")) {
        target.kind = DiagnoseTarget::Kind::Local;
    } else if (a.has("--bootstrap")) {
        target.kind = DiagnoseTarget::Kind::Bootstrap;
        target.bootstrap = *a.value("--bootstrap");
        if (target.bootstrap.empty()) throw UsageError("--bootstrap: empty");
    } else {
        target.kind = DiagnoseTarget::Kind::Embedded;
        target.brokers = static_cast<int>(a.integer("--embedded", 3, 1, 32));
        target.partitions = static_cast<int>(a.integer("--partitions", 3, 1, 1000));
    }
    const Diagnosis d = diagnoseOn(target, std::move(o));
    if (a.has("--json")) std::cout << diagnosisJson(d).dump(2) << "\n";
    else std::cout << diagnosisText(d);
    return d.exitStatus();
}

}  // namespace acklab::cli
