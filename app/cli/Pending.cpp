// Commands whose implementation lands in later changes; they say so instead of pretending.
#include "Commands.h"

#include <iostream>

namespace acklab::cli {
static int notYet(const char* what) {
    std::cerr << "acklab-cli " << what << ": not available in this build yet\n";
    return kBadInput;
}
int scenarioCommand(const std::vector<std::string>&) { return notYet("scenario"); }
}  // namespace acklab::cli
