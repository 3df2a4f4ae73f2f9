#pragma once
// --embedded N | --bootstrap HOSTS [--security k=v]... | --local, read the same way by every command that runs traffic.
#include "Args.h"

#include "cluster/LocalKafkaCluster.h"
#include "traffic/RunSession.h"

#include <memory>

namespace acklab::cli {

struct ClusterFlags {
    ClusterChoice choice;
    std::unique_ptr<LocalKafkaCluster> local;  // set for --local
    bool localDown = false;                    // --local, but not every node is running (the message is printed)
};

// UsageError for two clusters or an empty --bootstrap; the embedded cluster when none is named.
ClusterFlags readClusterFlags(const Args& a);

}  // namespace acklab::cli
