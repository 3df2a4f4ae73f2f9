#include "common/DataDir.h"

#include <cstdlib>
#include <system_error>
#include <vector>

namespace acklab {
namespace fs = std::filesystem;

namespace {

bool holdsData(const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / "scenarios", ec);
}

std::vector<fs::path> candidates() {
    std::vector<fs::path> out;
    const fs::path exe = DataDir::executable();
    if (exe.empty()) return out;
    fs::path dir = exe.parent_path();
    for (int level = 0; level < DataDir::kMaxLevels && !dir.empty(); ++level) {
        dir = dir.parent_path();
        out.push_back(dir / "share" / "acklab");
        if (dir == dir.root_path()) break;
    }
    return out;
}

}  // namespace

fs::path DataDir::executable() {
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : p;
}

fs::path DataDir::find() {
    if (const char* env = std::getenv("ACKLAB_DATA_DIR"); env && *env)
        return holdsData(env) ? fs::path(env) : fs::path();  // an explicit choice: no silent fallback
    for (const auto& c : candidates())
        if (holdsData(c)) return c.lexically_normal();
    return {};
}

std::string DataDir::searchedText() {
    std::string s;
    if (const char* env = std::getenv("ACKLAB_DATA_DIR"); env && *env)
        return std::string("$ACKLAB_DATA_DIR=") + env + " has no scenarios/ folder";
    s = "$ACKLAB_DATA_DIR unset";
    for (const auto& c : candidates()) s += ", " + c.string();
    return s;
}

}  // namespace acklab
