#pragma once
// One partition of a librdkafka metadata answer as AckLab's PartitionInfo (shared by the metadata readers).
#include "cluster/Cluster.h"

#include <librdkafka/rdkafka.h>

namespace acklab {

inline PartitionInfo partitionInfo(const rd_kafka_metadata_partition_t& mp) {
    PartitionInfo pi;
    pi.partition = mp.id;
    pi.leader = mp.leader;
    pi.replicas.assign(mp.replicas, mp.replicas + mp.replica_cnt);
    pi.isr.assign(mp.isrs, mp.isrs + mp.isr_cnt);
    if (mp.err != RD_KAFKA_RESP_ERR_NO_ERROR) pi.error = rd_kafka_err2name(mp.err);
    return pi;
}

}  // namespace acklab
