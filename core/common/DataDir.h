#pragma once
// Where AckLab's data files are (bundled scenarios, the scenario schema, the preset files): found relative to
// the running executable, never through a path compiled in, so an installed or moved AckLab finds its own.
// Searched in order (docs/architecture.md, "Where the binaries find their data"):
//   1. $ACKLAB_DATA_DIR, when set;
//   2. share/acklab in the executable's folder's parent and its parents, nearest first, up to kMaxLevels:
//      installed, /usr/bin/acklab-cli -> /usr/share/acklab; in a build tree, build/ci/app/acklab-cli and
//      build/ci/tests/ui/ui_x both reach build/ci/share/acklab, which CMake links to the source's resources/.
// A folder counts when it holds scenarios/.
#include <filesystem>
#include <string>

namespace acklab {

class DataDir {
public:
    static constexpr int kMaxLevels = 4;

    // The data folder, or an empty path when none was found.
    static std::filesystem::path find();
    // The running executable (/proc/self/exe); empty if it cannot be read.
    static std::filesystem::path executable();
    // The places find() looks, for error messages: "$ACKLAB_DATA_DIR unset, /usr/share/acklab, ...".
    static std::string searchedText();
};

}  // namespace acklab
