// Scenario::fromJson: checks a scenario document field by field and collects every problem, each named by its
// path inside the file ("faults[2].at: ...", "profiles[1].properties.acks: ..."). See Scenario.h.
#include "scenario/Scenario.h"

#include "cluster/LocalKafka.h"
#include "common/JsonNumber.h"
#include "profile/Presets.h"
#include "profile/ProfileValidator.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

namespace acklab {
namespace {

using nlohmann::json;

std::string typeName(const json& j) {
    if (j.is_null()) return "null";
    if (j.is_boolean()) return "a boolean";
    if (j.is_number()) return "a number";
    if (j.is_string()) return "a string";
    if (j.is_array()) return "an array";
    return "an object";
}

std::string presetNames() {
    std::string names;
    for (const auto& p : builtinPresets()) names += (names.empty() ? "" : ", ") + p.name();
    return names;
}

// librdkafka text for a JSON property value (strings, numbers, booleans); false when another type.
bool propertyText(const json& v, std::string& out) {
    auto text = jsonPropertyText(v);
    if (!text) return false;
    out = std::move(*text);
    return true;
}

// Moves a ProfileError's field name ("properties.acks: ...") under the scenario path.
std::string underPath(const std::string& where, const std::string& message) {
    const auto colon = message.find(": ");
    if (colon != std::string::npos && colon > 0 && message.find(' ') > colon) return where + "." + message;
    return where + ": " + message;
}

// A fault's numeric broker id; 0 for "leader" or none.
long brokerId(const FaultSpec& f) {
    if (f.broker.empty() || f.broker == "leader" || f.broker.size() > 9) return f.broker.size() > 9 ? 1'000'000'000 : 0;
    long v = 0;
    for (char c : f.broker) {
        if (c < '0' || c > '9') return 0;
        v = v * 10 + (c - '0');
    }
    return v;
}

// The report's top-level fields an expectation may look at (RunReport.h's reportJson).
const std::set<std::string>& reportFields() {
    static const std::set<std::string> f = {"messages", "latency_ms", "latency_from_schedule_ms", "throughput",
                                            "audit", "e2e", "retried_requests", "duration_ms", "traffic", "profile",
                                            "transactions"};
    return f;
}

class Loader {
public:
    Loader(const json& root, std::string baseDir) : j_(root), baseDir_(std::move(baseDir)) {}

    Scenario load() {
        Scenario s;
        if (!j_.is_object()) {
            err("(document): expected a JSON object, found " + typeName(j_));
            throw ScenarioError(errs_);
        }
        static const std::set<std::string> known = {"$schema", "name", "description", "cluster", "profiles", "traffic",
                                                    "faults", "audit", "audit_timeout_ms", "e2e", "e2e_grace_ms", "expectations", "repeat",
                                                    "dlq_topic", "interval_ms", "drain_timeout_ms", "topic"};
        for (const auto& [k, v] : j_.items())
            if (!known.count(k)) err(k + ": unknown field");

        if (auto it = j_.find("name"); it == j_.end()) err("name: missing");
        else if (!it->is_string() || it->get<std::string>().empty()) err("name: expected a non-empty string");
        else s.name = it->get<std::string>();
        str("description", s.description);
        str("dlq_topic", s.dlqTopic);
        if (auto it = j_.find("audit"); it != j_.end()) {
            if (!it->is_boolean()) err("audit: expected true or false, found " + typeName(*it));
            else s.audit = it->get<bool>();
        }
        if (auto it = j_.find("e2e"); it != j_.end()) {
            if (!it->is_boolean()) err("e2e: expected true or false, found " + typeName(*it));
            else s.e2e = it->get<bool>();
        }
        integer("e2e_grace_ms", s.e2eGraceMs, 0, 3'600'000);
        integer("repeat", s.repeat, 1, 100);
        integer("audit_timeout_ms", s.auditTimeoutMs, 1000, 3'600'000);
        integer("interval_ms", s.intervalMs, 10, 60'000);
        integer("drain_timeout_ms", s.drainTimeoutMs, 0, 3'600'000);

        cluster(s);
        profiles(s);
        traffic(s);
        faults(s);
        topic(s);
        expectations(s);
        if (!errs_.empty()) throw ScenarioError(errs_);
        return s;
    }

private:
    void err(std::string e) { errs_.push_back(std::move(e)); }

    void str(const char* key, std::string& out) {
        if (auto it = j_.find(key); it != j_.end()) {
            if (!it->is_string()) err(std::string(key) + ": expected a string, found " + typeName(*it));
            else out = it->get<std::string>();
        }
    }

    template <typename T>
    bool integerAt(const json& obj, const char* key, const std::string& where, T& out, int64_t lo, int64_t hi) {
        auto it = obj.find(key);
        if (it == obj.end()) return false;
        std::string why;
        const auto v = jsonInteger(*it, lo, hi, why);
        if (!v) {
            err(where + ": " + why);
            return false;
        }
        out = static_cast<T>(*v);
        return true;
    }

    template <typename T>
    void integer(const char* key, T& out, int64_t lo, int64_t hi) {
        integerAt(j_, key, key, out, lo, hi);
    }

    void cluster(Scenario& s) {
        auto it = j_.find("cluster");
        if (it == j_.end()) return;  // embedded, 3 brokers
        const json& c = *it;
        if (!c.is_object()) {
            err("cluster: expected an object like {\"kind\": \"embedded\", \"brokers\": 3}, found " + typeName(c));
            return;
        }
        std::string kind = "embedded";
        if (auto k = c.find("kind"); k != c.end()) {
            if (!k->is_string()) {
                err("cluster.kind: expected \"embedded\", \"local\" or \"external\"");
                return;
            }
            kind = k->get<std::string>();
        }
        std::set<std::string> allowed = {"kind"};
        if (kind == "embedded") {
            s.cluster.kind = ClusterChoice::Kind::Embedded;
            allowed.insert("brokers");
            integerAt(c, "brokers", "cluster.brokers", s.cluster.brokers, 1, 32);
        } else if (kind == "local") {
            s.cluster.kind = ClusterChoice::Kind::Local;
        } else if (kind == "external") {
            s.cluster.kind = ClusterChoice::Kind::External;
            allowed.insert("bootstrap");
            allowed.insert("properties");
            auto b = c.find("bootstrap");
            if (b == c.end()) err("cluster.bootstrap: missing (host:port,...)");
            else if (!b->is_string() || b->get<std::string>().empty()) err("cluster.bootstrap: expected a non-empty string");
            else s.cluster.bootstrap = b->get<std::string>();
            if (auto p = c.find("properties"); p != c.end()) {
                if (!p->is_object()) err("cluster.properties: expected an object of key: value");
                else
                    for (const auto& [k, v] : p->items()) {
                        std::string text;
                        if (!propertyText(v, text)) err("cluster.properties." + k + ": expected a string, number or boolean");
                        else s.cluster.properties.emplace_back(k, text);
                    }
            }
        } else {
            err("cluster.kind: '" + kind + "' (expected embedded, local or external)");
            return;
        }
        for (const auto& [k, v] : c.items())
            if (!allowed.count(k)) err("cluster." + k + ": unknown field for a " + kind + " cluster");
    }

    void profiles(Scenario& s) {
        auto it = j_.find("profiles");
        if (it == j_.end()) {
            err("profiles: missing (e.g. [\"critical\", \"analytics\"])");
            return;
        }
        if (!it->is_array() || it->empty()) {
            err("profiles: expected a non-empty array of preset names, {\"file\": ...} or {\"name\", \"properties\"}");
            return;
        }
        std::set<std::string> names;
        for (size_t i = 0; i < it->size(); ++i) {
            const std::string where = "profiles[" + std::to_string(i) + "]";
            std::optional<ProducerProfile> p;
            std::string source;
            try {
                p = profile((*it)[i], where, source);
            } catch (const ProfileError& e) {
                for (const auto& problem : e.problems()) err(underPath(where, problem));
            }
            if (!p) continue;
            const auto v = validateProfile(*p);
            bool bad = false;
            for (const auto& issue : v.issues)
                if (issue.severity == ValidationIssue::Severity::Error) {
                    err(where + (issue.key.empty() ? "" : ".properties." + issue.key) + ": " + issue.message);
                    bad = true;
                }
            if (!names.insert(p->name()).second) {
                err(where + ".name: '" + p->name() + "' is used by another profile (expectations name profiles)");
                bad = true;
            }
            if (bad) continue;
            s.profiles.push_back(std::move(*p));
            s.profileSources.push_back(source);
        }
    }

    std::optional<ProducerProfile> profile(const json& e, const std::string& where, std::string& source) {
        if (e.is_string()) {
            const std::string name = e.get<std::string>();
            if (auto p = findPreset(name)) {
                source = "preset " + name;
                return p;
            }
            err(where + ": unknown preset '" + name + "' (presets: " + presetNames() + "; or {\"file\": \"x.json\"})");
            return std::nullopt;
        }
        if (!e.is_object()) {
            err(where + ": expected a preset name or an object, found " + typeName(e));
            return std::nullopt;
        }
        for (const auto& [k, v] : e.items())
            if (k != "file" && k != "preset" && k != "name" && k != "note" && k != "properties")
                err(where + "." + k + ": unknown field (file, preset, name, note, properties)");
        if (e.contains("file") && e.contains("preset")) {
            err(where + ": give \"file\" or \"preset\", not both");
            return std::nullopt;
        }
        ProducerProfile p;
        if (auto f = e.find("file"); f != e.end()) {
            if (!f->is_string() || f->get<std::string>().empty()) {
                err(where + ".file: expected a path (relative to the scenario file)");
                return std::nullopt;
            }
            std::filesystem::path path(f->get<std::string>());
            if (path.is_relative()) path = std::filesystem::path(baseDir_) / path;
            try {
                p = ProducerProfile::loadFile(path.string());
            } catch (const ProfileError& x) {
                for (const auto& problem : x.problems()) err(where + ".file: " + problem);
                return std::nullopt;
            }
            source = "file " + f->get<std::string>();
        } else if (auto pr = e.find("preset"); pr != e.end()) {
            if (!pr->is_string()) {
                err(where + ".preset: expected a preset name (" + presetNames() + ")");
                return std::nullopt;
            }
            auto found = findPreset(pr->get<std::string>());
            if (!found) {
                err(where + ".preset: unknown preset '" + pr->get<std::string>() + "' (presets: " + presetNames() + ")");
                return std::nullopt;
            }
            p = *found;
            source = "preset " + pr->get<std::string>() + " with changes";
        } else {
            if (!e.contains("name")) {
                err(where + ".name: missing (an inline profile needs a name and properties)");
                return std::nullopt;
            }
            source = "inline";
        }
        if (auto n = e.find("name"); n != e.end()) {
            if (!n->is_string() || n->get<std::string>().empty()) {
                err(where + ".name: expected a non-empty string");
                return std::nullopt;
            }
            p.setName(n->get<std::string>());
        }
        if (auto n = e.find("note"); n != e.end()) {
            if (!n->is_string()) err(where + ".note: expected a string");
            else p.setNote(n->get<std::string>());
        }
        if (auto props = e.find("properties"); props != e.end()) {
            if (!props->is_object()) {
                err(where + ".properties: expected an object of key: value");
                return std::nullopt;
            }
            bool ok = true;
            for (const auto& [k, v] : props->items()) {
                std::string text;
                if (k.empty()) {
                    err(where + ".properties: empty property name");
                    ok = false;
                } else if (!propertyText(v, text)) {
                    err(where + ".properties." + k + ": expected a string, number or boolean, found " + typeName(v));
                    ok = false;
                } else {
                    p.set(k, text);
                }
            }
            if (!ok) return std::nullopt;
        }
        return p;
    }

    void traffic(Scenario& s) {
        auto it = j_.find("traffic");
        if (it == j_.end()) return;
        try {
            s.traffic = TrafficSpec::fromJson(*it, "traffic");
        } catch (const TrafficSpecError& e) {
            for (const auto& p : e.problems()) err(p);
        } catch (const std::exception& e) {  // a number too large for its type, ...
            err(std::string("traffic: ") + e.what());
        }
    }

    void faults(Scenario& s) {
        auto it = j_.find("faults");
        if (it == j_.end()) return;
        if (!it->is_array()) {
            err("faults: expected an array of fault strings (e.g. \"down broker=2 at=1s for=3s\")");
            return;
        }
        static const std::set<std::string> words = {"broker", "at", "for", "ms", "code", "count", "partition"};
        for (size_t i = 0; i < it->size(); ++i) {
            const std::string where = "faults[" + std::to_string(i) + "]";
            const json& f = (*it)[i];
            if (!f.is_string()) {
                err(where + ": expected a fault string, found " + typeName(f));
                continue;
            }
            const std::string text = f.get<std::string>();
            FaultSpec spec;
            try {
                spec = FaultSpec::parse(text);
            } catch (const FaultSpecError& e) {
                // "fault '<text>': <word>: why" -> "faults[i].<word>: why ('<text>')"
                std::string why = e.what();
                const std::string prefix = "fault '" + text + "': ";
                if (why.rfind(prefix, 0) == 0) why = why.substr(prefix.size());
                const auto colon = why.find(": ");
                if (colon != std::string::npos && words.count(why.substr(0, colon)))
                    err(where + "." + why.substr(0, colon) + ": " + why.substr(colon + 2) + " (in '" + text + "')");
                else if (why.rfind("unknown kind", 0) == 0 || why.rfind("empty", 0) == 0)
                    err(where + ".kind: " + why + " (in '" + text + "')");
                else
                    err(where + ": " + why + " (in '" + text + "')");
                continue;
            }
            const auto kind = s.cluster.kind;
            if (spec.isProducerKind()) {
                s.faults.push_back(spec);  // the run's own producer carries it out, on any cluster
                continue;
            }
            if (kind == ClusterChoice::Kind::External)
                err(where + ": '" + text + "': an external cluster takes no faults (AckLab does not break clusters it does not own)");
            else if (kind == ClusterChoice::Kind::Embedded && !spec.isEmbeddedKind())
                err(where + ".kind: '" + spec.kindName() + "' is a local-Kafka process fault; the embedded cluster takes "
                    "down, up, rtt, error, leader (or set \"cluster\": {\"kind\": \"local\"})");
            else if (kind == ClusterChoice::Kind::Local && !spec.isProcessKind())
                err(where + ".kind: '" + spec.kindName() + "' is an embedded-cluster fault; local Kafka takes kill, stop, "
                    "cont, restart");
            else if (kind == ClusterChoice::Kind::Embedded && brokerId(spec) > s.cluster.brokers)
                err(where + ".broker: broker " + spec.broker + " does not exist (the cluster has " +
                    std::to_string(s.cluster.brokers) + " brokers)");
            else if (kind == ClusterChoice::Kind::Local && brokerId(spec) > 3)
                err(where + ".broker: node " + spec.broker + " does not exist (local Kafka has nodes 1, 2, 3)");
            else
                s.faults.push_back(spec);
        }
    }

    void topic(Scenario& s) {
        auto it = j_.find("topic");
        if (it == j_.end()) return;
        if (s.cluster.kind != ClusterChoice::Kind::Local) {
            err("topic: a replica layout needs \"cluster\": {\"kind\": \"local\"} (the embedded cluster has no replication)");
            return;
        }
        if (!it->is_object()) {
            err("topic: expected an object like {\"replica_assignment\": \"1:2:3\"}");
            return;
        }
        ScenarioTopicLayout layout;
        for (const auto& [k, v] : it->items())
            if (k != "replica_assignment" && k != "configs") err("topic." + k + ": unknown field (replica_assignment, configs)");
        auto ra = it->find("replica_assignment");
        if (ra == it->end()) err("topic.replica_assignment: missing (e.g. \"1:2:3\": node 1 leads, 2 and 3 follow)");
        else if (!ra->is_string()) err("topic.replica_assignment: expected a string like \"1:2:3\"");
        else {
            layout.replicaAssignmentText = ra->get<std::string>();
            try {
                layout.replicaAssignment = LocalKafka::parseReplicaAssignment(layout.replicaAssignmentText);
                if (static_cast<int>(layout.replicaAssignment.size()) != s.traffic.partitions)
                    err("topic.replica_assignment: '" + layout.replicaAssignmentText + "' lays out " +
                        std::to_string(layout.replicaAssignment.size()) + " partition(s) but traffic.partitions is " +
                        std::to_string(s.traffic.partitions));
                for (const auto& part : layout.replicaAssignment)
                    for (int32_t n : part)
                        if (n < 1 || n > 3)
                            err("topic.replica_assignment: node " + std::to_string(n) + " does not exist (nodes 1, 2, 3)");
            } catch (const std::exception& e) {
                err(std::string("topic.replica_assignment: ") + e.what());
            }
        }
        if (auto c = it->find("configs"); c != it->end()) {
            if (!c->is_object()) err("topic.configs: expected an object of key: value");
            else
                for (const auto& [k, v] : c->items()) {
                    std::string text;
                    if (!propertyText(v, text)) err("topic.configs." + k + ": expected a string, number or boolean");
                    else layout.configs[k] = text;
                }
        }
        s.topicLayout = std::move(layout);
    }

    void expectations(Scenario& s) {
        auto it = j_.find("expectations");
        if (it == j_.end()) return;
        if (!it->is_array()) {
            err("expectations: expected an array (e.g. [\"audit.lost == 0\"])");
            return;
        }
        std::set<std::string> names;
        for (const auto& p : s.profiles) names.insert(p.name());
        for (size_t i = 0; i < it->size(); ++i) {
            const std::string where = "expectations[" + std::to_string(i) + "]";
            const json& e = (*it)[i];
            ScenarioExpectation se;
            se.where = where;
            std::string text;
            if (e.is_string()) {
                text = e.get<std::string>();
            } else if (e.is_object()) {
                for (const auto& [k, v] : e.items())
                    if (k != "profile" && k != "expect") err(where + "." + k + ": unknown field (profile, expect)");
                auto x = e.find("expect");
                if (x == e.end() || !x->is_string()) {
                    err(where + ".expect: expected a condition string (e.g. \"audit.lost == 0\")");
                    continue;
                }
                text = x->get<std::string>();
                auto p = e.find("profile");
                if (p == e.end() || !p->is_string()) {
                    err(where + ".profile: expected the name of one of the scenario's profiles");
                    continue;
                }
                se.profile = p->get<std::string>();
                if (!names.count(se.profile) && errsAboutProfiles() == 0) {
                    std::string list;
                    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
                    err(where + ".profile: no profile named '" + se.profile + "' in this scenario (" + list + ")");
                    continue;
                }
            } else {
                err(where + ": expected a condition string or {\"profile\": ..., \"expect\": ...}, found " + typeName(e));
                continue;
            }
            const std::string at = e.is_object() ? where + ".expect" : where;
            try {
                se.expectation = Expectation::parse(text);
            } catch (const ExpectationError& x) {
                err(at + ": " + x.what());
                continue;
            }
            const auto& path = se.expectation.path;
            if (!path.empty()) {
                const std::string head = path.substr(0, path.find('.'));
                if (!reportFields().count(head)) {
                    std::string list;
                    for (const auto& f : reportFields()) list += (list.empty() ? "" : ", ") + f;
                    err(at + ": '" + text + "': the report has no field '" + head + "' (" + list +
                        "; or the short names failed, dlq, lost, p99, ...)");
                    continue;
                }
                if (head == "e2e" && !s.e2e) {
                    err(at + ": '" + text + "' needs the live end-to-end tracker: set \"e2e\": true");
                    continue;
                }
                if (head == "audit" && !s.audit) {
                    err(at + ": '" + text + "' needs the audit: set \"audit\": true");
                    continue;
                }
            }
            s.expectations.push_back(std::move(se));
        }
    }

    size_t errsAboutProfiles() const {
        return static_cast<size_t>(std::count_if(errs_.begin(), errs_.end(),
                                                 [](const std::string& e) { return e.rfind("profiles", 0) == 0; }));
    }

    const json& j_;
    std::string baseDir_;
    std::vector<std::string> errs_;
};

}  // namespace

Scenario Scenario::fromJson(const nlohmann::json& j, const std::string& baseDir) {
    try {
        return Loader(j, baseDir).load();
    } catch (const ScenarioError&) {
        throw;
    } catch (const std::exception& e) {  // never a crash: anything unforeseen is a problem with the file
        throw ScenarioError({std::string("(document): ") + e.what()});
    }
}

}  // namespace acklab
