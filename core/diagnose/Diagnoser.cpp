#include "diagnose/Diagnoser.h"

#include "diagnose/ClusterProbe.h"

#include <nlohmann/json.hpp>

namespace acklab {

bool Diagnosis::predictsFailure() const { return worst(findings) == Finding::Severity::Fail; }

int Diagnosis::exitStatus() const {
    if (unreachable()) return 3;
    return predictsFailure() ? 1 : 0;
}

Diagnosis diagnose(const DiagnoseOptions& options) {
    ProbeOptions p;
    p.bootstrap = options.bootstrap;
    for (const auto& [k, v] : options.input.profile.properties())
        if (isConnectionProperty(k)) p.connection.emplace_back(k, v);
    for (const auto& kv : options.connection) p.connection.push_back(kv);  // later ones win (createClient)
    p.topic = options.input.topic;
    p.dlqTopic = options.input.dlqTopic;
    const auto& profile = options.input.profile;
    p.idempotent = profile.get("enable.idempotence").value_or("false") == "true";
    p.transactionalId = profile.get("transactional.id").value_or("");
    p.timeoutMs = options.timeoutMs;
    p.probeTransactionalId = options.probeTransactionalId;

    Diagnosis d;
    d.facts = probeCluster(p);
    d.facts.nodeNotes = options.nodeNotes;
    d.findings = diagnoseFindings(d.facts, options.input);
    return d;
}

std::string diagnosisText(const Diagnosis& d) {
    std::string out = "cluster " + d.facts.bootstrap;
    if (!d.facts.principal.empty()) out += " as " + d.facts.principal;
    out += "\n";
    for (const auto& f : d.findings) {
        std::string sev = toString(f.severity);
        for (auto& c : sev) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out += sev + std::string(6 - sev.size(), ' ') + f.check + ": " + f.what + "\n";
        if (!f.predicts.empty()) out += "      predicts " + f.predicts + "\n";
        if (!f.remedy.empty()) out += "      remedy: " + f.remedy + "\n";
    }
    const auto w = worst(d.findings);
    if (d.unreachable()) out += "verdict: cluster unreachable\n";
    else if (w == Finding::Severity::Fail) {
        std::string predicted;
        for (const auto& f : d.findings)
            if (f.severity == Finding::Severity::Fail && !f.predicts.empty() && predicted.find(f.predicts) == std::string::npos)
                predicted += (predicted.empty() ? "" : ", ") + f.predicts;
        out += "verdict: this producer will fail (" + predicted + ")\n";
    } else if (w == Finding::Severity::Warn) {
        out += "verdict: no failure predicted, with warnings\n";
    } else {
        out += "verdict: no failure predicted\n";
    }
    return out;
}

nlohmann::json diagnosisJson(const Diagnosis& d) {
    using nlohmann::json;
    json j;
    j["bootstrap"] = d.facts.bootstrap;
    j["principal"] = d.facts.principal;
    j["reachable"] = d.facts.reachable;
    j["verdict"] = d.unreachable() ? "unreachable" : toString(worst(d.findings));
    j["findings"] = json::array();
    for (const auto& f : d.findings)
        j["findings"].push_back({{"severity", toString(f.severity)},
                                 {"check", f.check},
                                 {"what", f.what},
                                 {"predicts", f.predicts},
                                 {"remedy", f.remedy}});
    j["brokers"] = json::array();
    for (const auto& b : d.facts.brokers) {
        json jb = {{"id", b.id}, {"address", b.address}};
        if (b.produceMax >= 0) jb["produce_versions"] = {b.produceMin, b.produceMax}, jb["api_count"] = b.apiCount;
        j["brokers"].push_back(jb);
    }
    auto topic = [](const TopicFacts& t) {
        json jt = {{"name", t.name}, {"exists", t.exists()}, {"error", t.metadataError}};
        jt["partitions"] = json::array();
        for (const auto& p : t.partitions)
            jt["partitions"].push_back({{"partition", p.partition}, {"leader", p.leader}, {"replicas", p.replicas}, {"isr", p.isr}});
        for (const char* key : {"min.insync.replicas", "max.message.bytes"})
            if (auto it = t.configs.find(key); it != t.configs.end()) jt[key] = it->second;
        return jt;
    };
    if (!d.facts.topic.name.empty()) j["topic"] = topic(d.facts.topic);
    if (!d.facts.dlq.name.empty()) j["dlq_topic"] = topic(d.facts.dlq);
    return j;
}

}  // namespace acklab
