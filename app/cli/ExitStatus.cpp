// Which exit status an escaped exception means (Commands.h).
#include "Args.h"
#include "Commands.h"

#include "cluster/FaultSpec.h"
#include "common/ProblemsError.h"
#include "scenario/Expectation.h"
#include "scenario/Scenario.h"
#include "scenario/ScenarioRunner.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace acklab::cli {

int exitStatusFor(const std::exception& e) {
    if (dynamic_cast<const UsageError*>(&e) || dynamic_cast<const ProblemsError*>(&e) ||
        dynamic_cast<const ScenarioError*>(&e) || dynamic_cast<const FaultSpecError*>(&e) ||
        dynamic_cast<const ExpectationError*>(&e) || dynamic_cast<const nlohmann::json::parse_error*>(&e) ||
        dynamic_cast<const std::invalid_argument*>(&e))
        return kBadInput;
    if (dynamic_cast<const ClusterUnreachableError*>(&e)) return kUnreachable;
    return kRuntimeFailure;
}

}  // namespace acklab::cli
