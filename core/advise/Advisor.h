#pragma once
// Requirements in, a recommended producer profile out, with the reason for every setting. The lesson's decision
// table is the floor ("if this message is lost, what breaks?": nothing -> acks=0, user experience -> acks=1,
// business logic -> acks=all + idempotence); docs/advise.md gives every rule.
#include "advise/Requirements.h"
#include "profile/ProducerProfile.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace acklab {

struct SettingReason {
    std::string key;
    std::string value;
    std::string why;
};

struct Advice {
    Requirements requirements;
    ProducerProfile profile;
    std::vector<SettingReason> reasons;  // one per property of the profile, in its order
    std::vector<SettingReason> topic;    // replication.factor, min.insync.replicas: the topic the profile needs
    std::vector<std::string> warnings;   // requirements the recommendation cannot promise
};

// Throws RequirementsError for requirements that do not validate.
Advice advise(const Requirements& requirements, const std::string& name = {});

std::string adviceText(const Advice& advice);
nlohmann::json adviceJson(const Advice& advice);

}  // namespace acklab
