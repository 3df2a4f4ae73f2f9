// acklab-cli argument vectors (NUL-separated in the input) through the run command's flag parser and every
// typed accessor: values or a UsageError naming the flag.
#include "Args.h"

#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<std::string> argv;
    std::string cur;
    for (size_t i = 0; i < size; ++i) {
        if (data[i] == 0) {
            argv.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(static_cast<char>(data[i]));
        }
    }
    if (!cur.empty()) argv.push_back(cur);
    try {
        acklab::cli::Args a(argv,
                            {"--embedded", "--bootstrap", "--profile", "--messages", "--duration", "--rate", "--size",
                             "--interval", "--drain-timeout", "--topic"},
                            {"--audit", "--quiet", "--json"}, {"-X", "--fault", "--fail-on"});
        (void)a.integer("--embedded", 3, 1, 32);
        (void)a.integer("--messages", 10, 1, 10'000'000'000LL);
        (void)a.integer("--size", 100, 0, 100LL * 1024 * 1024);
        (void)a.number("--rate", 0, 0, 100'000'000);
        (void)a.durationMs("--duration");
        (void)a.durationMs("--drain-timeout");
        (void)a.values("-X");
        (void)a.value("--topic");
        (void)a.has("--audit");
        (void)a.positionals();
    } catch (const acklab::cli::UsageError&) {
    }
    return 0;
}
