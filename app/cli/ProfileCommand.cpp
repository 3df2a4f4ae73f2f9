// acklab-cli profile validate|show|export|list.
#include "Args.h"
#include "Commands.h"

#include "profile/Presets.h"
#include "profile/ProfileValidator.h"
#include "profile/PropertyCatalog.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace acklab::cli {

int profileCommand(const std::vector<std::string>& argv) {
    Args a(argv, {"--format"}, {"--show-secrets"}, {"-X"});
    const auto& pos = a.positionals();
    if (pos.empty()) throw UsageError("expected validate, show, export or list");
    const std::string& verb = pos[0];
    if (verb == "list") {
        for (const auto& p : builtinPresets()) std::cout << p.name() << "\t" << p.note() << "\n";
        return kOk;
    }
    if (verb != "validate" && verb != "show" && verb != "export")
        throw UsageError("'" + verb + "': expected validate, show, export or list");
    if (pos.size() != 2) throw UsageError(verb + ": expected one profile name or file");
    ProducerProfile p;
    try {
        p = resolveProfile(pos[1]);
    } catch (const ProfileError& e) {
        throw UsageError(e.what());
    }
    for (const auto& kv : a.values("-X")) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) throw UsageError("-X: '" + kv + "' is not key=value");
        p.set(kv.substr(0, eq), kv.substr(eq + 1));
    }
    const bool mask = !a.has("--show-secrets");
    if (verb == "validate") {
        const auto v = validateProfile(p);
        for (const auto& i : v.issues) {
            const char* sev = i.severity == ValidationIssue::Severity::Error     ? "error"
                              : i.severity == ValidationIssue::Severity::Warning ? "warning"
                                                                                  : "info";
            std::cout << sev << ": " << (i.key.empty() ? "" : i.key + ": ") << i.message << "\n";
        }
        std::cout << (v.ok() ? "profile '" + p.name() + "' is valid\n" : "profile '" + p.name() + "' is NOT valid\n");
        return v.ok() ? kOk : kBadInput;
    }
    if (verb == "show") {
        const auto v = validateProfile(p);
        std::cout << "profile " << p.name() << (p.note().empty() ? "" : "  — " + p.note()) << "\nset:\n";
        for (const auto& [k, val] : p.properties()) std::cout << "  " << k << " = " << maskedValue(k, val) << "\n";
        std::cout << "effective (after librdkafka's adjustments):\n";
        for (const auto& [k, val] : v.effective) std::cout << "  " << k << " = " << val << "\n";
        for (const auto& i : v.issues) std::cout << "note: " << (i.key.empty() ? "" : i.key + ": ") << i.message << "\n";
        return v.ok() ? kOk : kBadInput;
    }
    const std::string format = a.value("--format").value_or("json");
    if (format == "json") std::cout << p.toJson(mask).dump(2) << "\n";
    else if (format == "properties") std::cout << p.toJavaProperties(mask);
    else if (format == "python") std::cout << p.toPythonDict(mask);
    else throw UsageError("--format: '" + format + "' (expected json, properties or python)");
    return kOk;
}

}  // namespace acklab::cli
