#pragma once
// The lesson's producer configurations, with its exact settings.
#include "profile/ProducerProfile.h"

#include <optional>
#include <string>
#include <vector>

namespace acklab {

// critical, analytics, metrics, production, at-least-once (in that order). bootstrap.servers is left out:
// the cluster supplies it.
const std::vector<ProducerProfile>& builtinPresets();
std::optional<ProducerProfile> findPreset(const std::string& name);
// A preset name or a path to a profile JSON file; throws ProfileError naming what is wrong.
ProducerProfile resolveProfile(const std::string& nameOrPath);

}  // namespace acklab
