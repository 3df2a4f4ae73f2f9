#include "scenario/Expectation.h"

#include "metrics/ErrorClassifier.h"

#include <cmath>
#include <map>
#include <regex>
#include <sstream>

namespace acklab {
namespace {

const std::map<std::string, std::string>& aliases() {
    static const std::map<std::string, std::string> a = {
        {"sent", "messages.sent"},       {"delivered", "messages.delivered"}, {"failed", "messages.failed"},
        {"dlq", "messages.dlq"},         {"in_flight", "messages.in_flight_at_end"},
        {"lost", "audit.lost"},          {"duplicated", "audit.duplicated"},  {"reordered", "audit.reordered"},
        {"p50", "latency_ms.p50"},       {"p95", "latency_ms.p95"},           {"p99", "latency_ms.p99"},
        {"max", "latency_ms.max"},       {"msgs_per_s", "throughput.msgs_per_s"},
    };
    return a;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string numText(double v) {
    std::ostringstream o;
    o << v;
    return o.str();
}

}  // namespace

Expectation Expectation::parse(const std::string& textIn) {
    Expectation e;
    e.text = trim(textIn);
    static const std::regex errorRe(R"(^error\s+([A-Za-z_0-9]+)\s+(seen|not seen)$)");
    static const std::regex cmpRe(R"(^([A-Za-z_][A-Za-z_0-9.]*)\s*(==|!=|<=|>=|<|>)\s*(-?[0-9]+(\.[0-9]+)?)$)");
    std::smatch m;
    if (std::regex_match(e.text, m, errorRe)) {
        rd_kafka_resp_err_t code{};
        if (!ErrorClassifier::parse(m[1].str(), code))
            throw ExpectationError("'" + e.text + "': unknown error name '" + m[1].str() + "'");
        e.errorName = ErrorClassifier::name(code);
        e.errorSeen = m[2].str() == "seen";
        return e;
    }
    if (!std::regex_match(e.text, m, cmpRe))
        throw ExpectationError("'" + e.text + "': expected '<field> <op> <number>' (e.g. audit.lost == 0) or "
                               "'error <NAME> seen'");
    e.path = m[1].str();
    if (auto it = aliases().find(e.path); it != aliases().end()) e.path = it->second;
    e.op = m[2].str();
    e.value = std::stod(m[3].str());
    return e;
}

Expectation::Outcome Expectation::evaluate(const nlohmann::json& report) const {
    Outcome o;
    if (!errorName.empty()) {
        uint64_t count = 0;
        if (report.contains("errors") && report["errors"].is_array())
            for (const auto& e : report["errors"])
                if (e.value("name", "") == errorName) count += e.value("count", uint64_t{0});
        o.actual = std::to_string(count);
        o.met = errorSeen ? count > 0 : count == 0;
        o.message = text + ": " + (o.met ? "met" : "NOT met") + " (" + errorName + " × " + o.actual + ")";
        return o;
    }
    const nlohmann::json* node = &report;
    std::stringstream ss(path);
    for (std::string part; std::getline(ss, part, '.');) {
        if (!node->is_object() || !node->contains(part)) {
            o.actual = "absent";
            o.message = text + ": NOT met (" + path + " is not in the report" +
                        (path.rfind("audit.", 0) == 0 ? "; run with the audit on" : "") +
                        (path.rfind("e2e.", 0) == 0 ? "; run with the live end-to-end tracker on (--e2e)" : "") + ")";
            return o;
        }
        node = &(*node)[part];
    }
    if (!node->is_number()) {
        o.actual = node->dump();
        o.message = text + ": NOT met (" + path + " is not a number: " + o.actual + ")";
        return o;
    }
    const double v = node->get<double>();
    o.actual = numText(v);
    if (op == "==") o.met = v == value;
    else if (op == "!=") o.met = v != value;
    else if (op == "<") o.met = v < value;
    else if (op == "<=") o.met = v <= value;
    else if (op == ">") o.met = v > value;
    else if (op == ">=") o.met = v >= value;
    o.message = text + ": " + (o.met ? "met" : "NOT met") + " (actual " + o.actual + ")";
    return o;
}

}  // namespace acklab
