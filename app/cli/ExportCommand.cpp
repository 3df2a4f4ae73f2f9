// acklab-cli export: a profile as a runnable producer program (core/export, docs/export.md).
#include "Args.h"
#include "Commands.h"

#include "export/CodeExporter.h"
#include "profile/Presets.h"
#include "profile/ProfileValidator.h"

#include <filesystem>
#include <fstream>
#include <iostream>

namespace acklab::cli {
namespace {

namespace fs = std::filesystem;

// -o FILE, or -o DIR (an existing folder, or a path ending in '/'): the language's file name inside it.
fs::path outputPath(const std::string& given, ExportLanguage lang) {
    fs::path p(given);
    std::error_code ec;
    if (given.back() == '/' || fs::is_directory(p, ec)) return p / CodeExporter::defaultFileName(lang);
    if (lang == ExportLanguage::Java && p.filename() != CodeExporter::defaultFileName(lang))
        throw UsageError("-o: a Java program must be saved as " + CodeExporter::defaultFileName(lang) +
                         " (its public class); give that file name or a folder");
    return p;
}

}  // namespace

int exportCommand(const std::vector<std::string>& argv) {
    Args a(argv,
           {"--profile", "--lang", "--topic", "--dlq-topic", "--bootstrap", "--count", "--size", "--rate",
            "--max-attempts", "-o"},
           {}, {"-X"});
    if (!a.positionals().empty()) throw UsageError("unexpected '" + a.positionals()[0] + "' (flags only)");
    const auto langText = a.value("--lang");
    if (!langText) throw UsageError("--lang: required (python, java or go)");
    const auto lang = CodeExporter::parseLanguage(*langText);
    if (!lang) throw UsageError("--lang: '" + *langText + "' (expected python, java or go)");

    ProducerProfile profile;
    try {
        profile = resolveProfile(a.value("--profile").value_or("production"));
    } catch (const ProfileError& e) {
        throw UsageError(e.what());
    }
    for (const auto& kv : a.values("-X")) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) throw UsageError("-X: '" + kv + "' is not key=value");
        profile.set(kv.substr(0, eq), kv.substr(eq + 1));
    }
    // Code for a configuration librdkafka refuses would fail at its first line: say so now instead.
    const ValidationResult v = validateProfile(profile);
    if (!v.ok()) throw UsageError("profile '" + profile.name() + "' is not valid:\n" + v.summary());

    ExportOptions o;
    if (auto t = a.value("--topic")) o.topic = *t;
    if (auto t = a.value("--dlq-topic")) o.dlqTopic = *t;
    if (auto b = a.value("--bootstrap")) o.bootstrap = *b;
    o.messageCount = a.integer("--count", o.messageCount, 1, 1'000'000'000);
    o.messageSize = static_cast<int32_t>(a.integer("--size", o.messageSize, 0, 100'000'000));
    o.rate = a.number("--rate", o.rate, 0, 10'000'000);
    o.maxAttempts = static_cast<int32_t>(a.integer("--max-attempts", o.maxAttempts, 1, 100));

    std::string code;
    try {
        code = CodeExporter::generate(profile, *lang, o);
    } catch (const ExportError& e) {
        throw UsageError(e.what());
    }
    const auto out = a.value("-o");
    if (!out) {
        std::cout << code;
        return kOk;
    }
    if (out->empty()) throw UsageError("-o: empty path");
    const fs::path path = outputPath(*out, *lang);
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << code;
    f.close();
    if (!f) {
        std::cerr << "acklab-cli export: cannot write " << path.string() << "\n";
        return kRuntimeFailure;
    }
    if (*lang == ExportLanguage::Python)
        fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                        fs::perm_options::add, ec);
    std::cerr << "wrote " << path.string() << " (" << CodeExporter::name(*lang) << ", profile " << profile.name()
              << ")\n";
    std::cout << path.string() << "\n";
    return kOk;
}

}  // namespace acklab::cli
