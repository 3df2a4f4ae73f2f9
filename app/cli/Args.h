#pragma once
// A small, strict command-line reader: every flag is declared, every value is checked, and any problem is a
// UsageError whose message names the flag (exit status 2).
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace acklab::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Args {
public:
    // `valued` flags take a value ("--topic T" or "--topic=T"); `switches` take none; `repeatable` valued flags
    // may appear more than once. Positionals are kept in order.
    Args(const std::vector<std::string>& argv, const std::vector<std::string>& valued,
         const std::vector<std::string>& switches, const std::vector<std::string>& repeatable = {});

    bool has(const std::string& flag) const;
    std::optional<std::string> value(const std::string& flag) const;
    std::vector<std::string> values(const std::string& flag) const;
    const std::vector<std::string>& positionals() const { return positionals_; }

    int64_t integer(const std::string& flag, int64_t fallback, int64_t min, int64_t max) const;
    double number(const std::string& flag, double fallback, double min, double max) const;
    std::optional<int64_t> durationMs(const std::string& flag) const;

private:
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> positionals_;
};

}  // namespace acklab::cli

namespace acklab::cli {

// "key=value" of a repeatable flag (-X, --security); UsageError naming the flag otherwise.
std::pair<std::string, std::string> keyValueArg(const std::string& flag, const std::string& kv);

}  // namespace acklab::cli
