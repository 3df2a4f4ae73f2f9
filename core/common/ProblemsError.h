#pragma once
// An error that carries every problem found in a document, each naming its field; what() is them one per line.
// Files report all their problems at once, so a user fixes them in one pass.
#include <stdexcept>
#include <string>
#include <vector>

namespace acklab {

class ProblemsError : public std::runtime_error {
public:
    explicit ProblemsError(const std::string& problem) : ProblemsError(std::vector<std::string>{problem}) {}
    explicit ProblemsError(std::vector<std::string> problems)
        : std::runtime_error(joined(problems)), problems_(std::move(problems)) {}
    const std::vector<std::string>& problems() const { return problems_; }

private:
    static std::string joined(const std::vector<std::string>& v) {
        std::string s;
        for (const auto& p : v) s += (s.empty() ? "" : "\n") + p;
        return s;
    }
    std::vector<std::string> problems_;
};

}  // namespace acklab
