#include "metrics/ErrorClassifier.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

namespace acklab {

namespace {

using C = ErrorClass;

// One row per code librdkafka 2.0.2 defines. Names are librdkafka's (what rd_kafka_err2name() returns,
// the enum name without RD_KAFKA_RESP_ERR_), so they match its logs; where Kafka's protocol name differs
// the explanation says so and parse() accepts it too.
//
// Class policy, for a producer delivery report (final: librdkafka has already retried):
//   Transient  - the same message would succeed later with no config change (broker/network/leadership
//                state, quotas, timeouts): count it, optionally re-queue, never drop silently.
//   Permanent  - retrying as is cannot help: the message, the topic, the ACLs or the config need a fix -> DLQ.
//   Fatal      - the producer instance's idempotence/transaction state is broken (librdkafka raises or will
//                raise ERR__FATAL): stop the run or rebuild the producer.
// Consumer/admin-only codes are classified by the same question (would an unchanged retry succeed?) and
// say that they are not expected in a delivery report.
struct Row {
    int code;
    const char* name;
    ErrorClass cls;
    const char* explanation;
    const char* remedy;
};

constexpr Row kRows[] = {
    // ---- local (librdkafka-internal) errors -------------------------------------------------------------
    {-200, "_BEGIN", C::Permanent, "Enum boundary marker, not a real error.",
     "None; seeing it indicates a bug in the application or librdkafka."},
    {-199, "_BAD_MSG", C::Permanent, "librdkafka could not parse a message or response (bad format).",
     "Check client/broker protocol compatibility (api.version.request, broker.version.fallback)."},
    {-198, "_BAD_COMPRESSION", C::Permanent, "Compressed data could not be encoded or decoded.",
     "Use a compression.type both client and broker support, or none."},
    {-197, "_DESTROY", C::Transient, "The producer was destroyed before the message was delivered.",
     "Flush before closing the producer; re-send with a new producer."},
    {-196, "_FAIL", C::Transient, "Generic communication failure with the broker.",
     "Retried automatically; check broker health and network if it persists."},
    {-195, "_TRANSPORT", C::Transient, "Broker connection failed or was closed (network, broker restart).",
     "Wait for reconnection; check broker reachability if it persists."},
    {-194, "_CRIT_SYS_RESOURCE", C::Fatal,
     "A critical system resource (thread, socket, memory) could not be allocated.",
     "Check ulimits (open files, threads) and memory, then rebuild the producer."},
    {-193, "_RESOLVE", C::Transient, "Broker host name could not be resolved.",
     "Check DNS and the host names in bootstrap.servers / advertised.listeners."},
    {-192, "_MSG_TIMED_OUT", C::Transient,
     "Message not acknowledged within message.timeout.ms (network, slow or unavailable broker).",
     "Retried automatically until the timeout; raise message.timeout.ms or fix the broker/network."},
    {-191, "_PARTITION_EOF", C::Transient, "Consumer reached the end of the partition; not really an error.",
     "None; consumer-only event (enable.partition.eof)."},
    {-190, "_UNKNOWN_PARTITION", C::Permanent, "The partition does not exist in the topic.",
     "Produce to an existing partition, or add partitions to the topic."},
    {-189, "_FS", C::Permanent, "File or filesystem error (e.g. a certificate or keytab file).",
     "Check the file paths and permissions in the configuration."},
    {-188, "_UNKNOWN_TOPIC", C::Permanent, "The topic is not known to the cluster.",
     "Create the topic first, or enable broker-side auto-creation."},
    {-187, "_ALL_BROKERS_DOWN", C::Transient, "All broker connections are down.",
     "Wait for brokers to come back; check the cluster and bootstrap.servers."},
    {-186, "_INVALID_ARG", C::Permanent, "Invalid argument or configuration passed to librdkafka.",
     "Fix the call or configuration value librdkafka rejected."},
    {-185, "_TIMED_OUT", C::Transient, "A local operation timed out.", "Retry; raise the timeout if it recurs."},
    {-184, "_QUEUE_FULL", C::Transient,
     "The producer queue is full (queue.buffering.max.messages / .kbytes).",
     "Call poll() to serve delivery reports, back off, or enlarge the queue."},
    {-183, "_ISR_INSUFF", C::Transient, "In-sync replica count is insufficient.",
     "Wait for replicas to catch up; check broker health."},
    {-182, "_NODE_UPDATE", C::Transient, "A broker's address changed (node update).",
     "None; librdkafka reconnects to the new address."},
    {-181, "_SSL", C::Permanent, "SSL/TLS error (handshake, certificate verification).",
     "Fix ssl.* settings: CA location, certificates, endpoint identification."},
    {-180, "_WAIT_COORD", C::Transient, "Waiting for a coordinator to become available.",
     "Wait; the coordinator is being looked up."},
    {-179, "_UNKNOWN_GROUP", C::Permanent, "Unknown consumer group (consumer-only).",
     "Check group.id."},
    {-178, "_IN_PROGRESS", C::Transient, "The operation is already in progress.",
     "Wait for the running operation to finish."},
    {-177, "_PREV_IN_PROGRESS", C::Transient, "A previous operation is still in progress.",
     "Wait for the previous operation to finish."},
    {-176, "_EXISTING_SUBSCRIPTION", C::Permanent, "The consumer already has a subscription (consumer-only).",
     "Unsubscribe before subscribing again."},
    {-175, "_ASSIGN_PARTITIONS", C::Transient, "Rebalance event: partitions assigned (consumer-only).",
     "None; handle it in the rebalance callback."},
    {-174, "_REVOKE_PARTITIONS", C::Transient, "Rebalance event: partitions revoked (consumer-only).",
     "None; handle it in the rebalance callback."},
    {-173, "_CONFLICT", C::Permanent, "Conflicting use of the API (e.g. mixing incompatible options).",
     "Fix the application's use of the API."},
    {-172, "_STATE", C::Permanent,
     "Operation not allowed in the current state (e.g. produce outside a transaction).",
     "Fix the call order in the application."},
    {-171, "_UNKNOWN_PROTOCOL", C::Permanent, "Unknown protocol (e.g. partition assignment strategy).",
     "Fix the configured protocol name."},
    {-170, "_NOT_IMPLEMENTED", C::Permanent, "Not implemented for this client type or build.",
     "Use a supported feature or a librdkafka build that has it."},
    {-169, "_AUTHENTICATION", C::Permanent, "Authentication failed on the client side (SASL/SSL).",
     "Fix credentials and sasl.* / ssl.* settings."},
    {-168, "_NO_OFFSET", C::Transient, "No offset stored to commit (consumer-only).",
     "None; commit after consuming."},
    {-167, "_OUTDATED", C::Transient, "The operation was superseded by a newer one.", "None; retry if needed."},
    {-166, "_TIMED_OUT_QUEUE", C::Transient, "Timed out while waiting in a queue.",
     "Retry; check for slow poll() calls or overloaded brokers."},
    {-165, "_UNSUPPORTED_FEATURE", C::Permanent, "The broker does not support a required feature.",
     "Upgrade the broker, or disable the feature (e.g. idempotence) in the configuration."},
    {-164, "_WAIT_CACHE", C::Transient, "Waiting for a metadata cache update.", "Wait; metadata is refreshing."},
    {-163, "_INTR", C::Transient, "The operation was interrupted.", "Retry the operation."},
    {-162, "_KEY_SERIALIZATION", C::Permanent, "The message key could not be serialized.",
     "Fix the key or its serializer."},
    {-161, "_VALUE_SERIALIZATION", C::Permanent, "The message value could not be serialized.",
     "Fix the value or its serializer."},
    {-160, "_KEY_DESERIALIZATION", C::Permanent, "The message key could not be deserialized.",
     "Fix the key format or the deserializer."},
    {-159, "_VALUE_DESERIALIZATION", C::Permanent, "The message value could not be deserialized.",
     "Fix the value format or the deserializer."},
    {-158, "_PARTIAL", C::Transient, "Partial response: not all brokers answered.", "Retry the request."},
    {-157, "_READ_ONLY", C::Permanent, "Attempt to modify a read-only object (e.g. delivered headers).",
     "Fix the application; copy the object before modifying it."},
    {-156, "_NOENT", C::Permanent, "No such entry (e.g. header not found).", "Check the name being looked up."},
    {-155, "_UNDERFLOW", C::Permanent, "Read underflow: buffer shorter than expected.",
     "Check the data format; may indicate a protocol mismatch."},
    {-154, "_INVALID_TYPE", C::Permanent, "Invalid type for the operation.", "Fix the application's call."},
    {-153, "_RETRY", C::Transient, "The operation should be retried.", "Retry the operation."},
    {-152, "_PURGE_QUEUE", C::Transient,
     "Purged from the local queue by rd_kafka_purge() before it was sent; never reached a broker.",
     "Re-send if still wanted; nothing was written."},
    {-151, "_PURGE_INFLIGHT", C::Transient,
     "Purged while in flight by rd_kafka_purge(); the broker may or may not have written it.",
     "Re-send if still wanted; without idempotence this may duplicate."},
    {-150, "_FATAL", C::Fatal,
     "The producer raised a fatal error (e.g. idempotence sequence failure); the instance is unusable.",
     "Read rd_kafka_fatal_error() for the cause, then rebuild the producer."},
    {-149, "_INCONSISTENT", C::Fatal, "librdkafka detected inconsistent internal (idempotence) state.",
     "Rebuild the producer; report it if it recurs."},
    {-148, "_GAPLESS_GUARANTEE", C::Fatal,
     "Gap-less ordering could not be guaranteed (enable.gapless.guarantee) after a failure.",
     "Rebuild the producer; check what failed before."},
    {-147, "_MAX_POLL_EXCEEDED", C::Transient,
     "Application did not poll within max.poll.interval.ms (consumer-only); it left the group.",
     "Poll more often or raise max.poll.interval.ms; it rejoins on the next poll."},
    {-146, "_UNKNOWN_BROKER", C::Permanent, "Unknown broker id.", "Use a broker id present in the cluster."},
    {-145, "_NOT_CONFIGURED", C::Permanent, "The functionality is not configured.",
     "Enable the required configuration (e.g. log.queue, a callback)."},
    {-144, "_FENCED", C::Fatal, "This instance was fenced by a newer instance with the same id.",
     "Stop this instance; make sure only one uses the transactional.id / group.instance.id."},
    {-143, "_APPLICATION", C::Permanent, "Error generated by the application.", "See the application's message."},
    {-142, "_ASSIGNMENT_LOST", C::Transient, "The consumer lost its partition assignment (consumer-only).",
     "None; it rejoins the group automatically."},
    {-141, "_NOOP", C::Transient, "No operation was performed.", "None."},
    {-140, "_AUTO_OFFSET_RESET", C::Permanent,
     "No valid offset and auto.offset.reset=error (consumer-only).",
     "Set auto.offset.reset to earliest or latest, or commit a valid offset."},
    {-100, "_END", C::Permanent, "Enum boundary marker, not a real error.",
     "None; seeing it indicates a bug in the application or librdkafka."},

    // ---- broker errors (Kafka protocol codes) -------------------------------------------------------------
    {-1, "UNKNOWN", C::Permanent, "The broker hit an unexpected server error (Kafka: UNKNOWN_SERVER_ERROR).",
     "Check the broker logs."},
    {0, "NO_ERROR", C::None, "Success.", "None."},
    {1, "OFFSET_OUT_OF_RANGE", C::Permanent, "Requested offset is outside the log (consumer-only).",
     "Set auto.offset.reset or seek to a valid offset."},
    {2, "INVALID_MSG", C::Permanent,
     "Broker found the record corrupt, CRC mismatch (Kafka: CORRUPT_MESSAGE); retries did not help.",
     "Check client/broker versions, compression and for memory/network corruption."},
    // Kafka's (and the lesson's) name; librdkafka's enum abbreviates it to UNKNOWN_TOPIC_OR_PART.
    {3, "UNKNOWN_TOPIC_OR_PARTITION", C::Permanent,
     "Topic or partition doesn't exist on the broker.",
     "Create the topic first (or enable auto.create.topics.enable)."},
    {4, "INVALID_MSG_SIZE", C::Permanent, "Invalid message or fetch size (Kafka: INVALID_FETCH_SIZE).",
     "Fix the size settings of the request."},
    {5, "LEADER_NOT_AVAILABLE", C::Transient, "The partition has no leader right now (election in progress).",
     "Wait for leader election; retried automatically."},
    {6, "NOT_LEADER_FOR_PARTITION", C::Transient,
     "Sent to a broker that is no longer the leader (Kafka: NOT_LEADER_OR_FOLLOWER).",
     "Wait for metadata refresh; retried automatically."},
    {7, "REQUEST_TIMED_OUT", C::Transient,
     "Broker did not complete the request in time (e.g. replicas slow to acknowledge acks=all).",
     "Retried automatically; check broker load and request.timeout.ms."},
    {8, "BROKER_NOT_AVAILABLE", C::Transient, "The broker is not available.",
     "Wait for the broker to come back."},
    {9, "REPLICA_NOT_AVAILABLE", C::Transient, "A replica is not available for the partition.",
     "Wait for the replica to come back."},
    {10, "MSG_SIZE_TOO_LARGE", C::Permanent,
     "Message exceeds max.message.bytes on the topic/broker (Kafka: MESSAGE_TOO_LARGE).",
     "Split the message or increase the limit (max.message.bytes, message.max.bytes)."},
    {11, "STALE_CTRL_EPOCH", C::Transient, "Controller epoch is stale (inter-broker).",
     "None; the cluster settles on the new controller."},
    {12, "OFFSET_METADATA_TOO_LARGE", C::Permanent, "Committed offset metadata string is too large.",
     "Shorten the offset metadata or raise offset.metadata.max.bytes."},
    {13, "NETWORK_EXCEPTION", C::Transient, "Broker disconnected before the response was received.",
     "Retried automatically; check network and broker health."},
    {14, "COORDINATOR_LOAD_IN_PROGRESS", C::Transient, "The coordinator is still loading its state.",
     "Wait; retried automatically."},
    {15, "COORDINATOR_NOT_AVAILABLE", C::Transient, "The group/transaction coordinator is not available.",
     "Wait; retried automatically."},
    {16, "NOT_COORDINATOR", C::Transient, "The broker is not the coordinator for this group/transaction.",
     "Wait for coordinator lookup; retried automatically."},
    {17, "TOPIC_EXCEPTION", C::Permanent,
     "Invalid topic: bad name, or writing to an internal topic (Kafka: INVALID_TOPIC_EXCEPTION).",
     "Use a valid topic name ([a-zA-Z0-9._-], at most 249 characters)."},
    {18, "RECORD_LIST_TOO_LARGE", C::Permanent, "The message batch is larger than the broker's segment size.",
     "Lower batch.size / batch.num.messages, or raise segment.bytes."},
    {19, "NOT_ENOUGH_REPLICAS", C::Transient,
     "ISR below min.insync.replicas; the broker rejected the write (acks=all).",
     "Wait, the broker will recover; check replica health."},
    {20, "NOT_ENOUGH_REPLICAS_AFTER_APPEND", C::Transient,
     "Written to the leader but ISR shrank below min.insync.replicas before acknowledgement.",
     "Wait, the broker will recover; enable idempotence so a retry cannot duplicate."},
    {21, "INVALID_REQUIRED_ACKS", C::Permanent, "The acks value is not valid.",
     "Set acks to 0, 1 or all (-1)."},
    {22, "ILLEGAL_GENERATION", C::Transient, "Stale consumer group generation (consumer-only).",
     "None; the consumer rejoins the group."},
    {23, "INCONSISTENT_GROUP_PROTOCOL", C::Permanent,
     "Group members use incompatible protocols (consumer-only).",
     "Use the same partition.assignment.strategy in all members."},
    {24, "INVALID_GROUP_ID", C::Permanent, "The group.id is invalid (consumer-only).", "Set a valid group.id."},
    {25, "UNKNOWN_MEMBER_ID", C::Transient, "The coordinator does not know this member (consumer-only).",
     "None; the consumer rejoins the group."},
    {26, "INVALID_SESSION_TIMEOUT", C::Permanent,
     "session.timeout.ms is outside the broker's allowed range (consumer-only).",
     "Set session.timeout.ms within group.min/max.session.timeout.ms."},
    {27, "REBALANCE_IN_PROGRESS", C::Transient, "A group rebalance is in progress (consumer-only).",
     "Wait for the rebalance to finish."},
    {28, "INVALID_COMMIT_OFFSET_SIZE", C::Permanent, "Offset commit data size is not valid.",
     "Shorten the offset commit metadata."},
    {29, "TOPIC_AUTHORIZATION_FAILED", C::Permanent, "Missing ACL permissions to write the topic.",
     "Fix configuration: grant Write on the topic, or use the right principal."},
    {30, "GROUP_AUTHORIZATION_FAILED", C::Permanent, "Missing ACL permissions on the consumer group.",
     "Grant Read on the group, or use the right principal."},
    {31, "CLUSTER_AUTHORIZATION_FAILED", C::Permanent,
     "Missing cluster-level ACL (e.g. IdempotentWrite for an idempotent producer).",
     "Grant the cluster ACL, or disable idempotence."},
    {32, "INVALID_TIMESTAMP", C::Permanent,
     "Message timestamp is outside the broker's allowed range (message.timestamp.difference.max.ms).",
     "Fix the message timestamps or the topic's timestamp settings."},
    {33, "UNSUPPORTED_SASL_MECHANISM", C::Permanent, "The broker does not support the SASL mechanism.",
     "Set sasl.mechanism to one the broker enables."},
    {34, "ILLEGAL_SASL_STATE", C::Permanent, "Request not valid in the current SASL state.",
     "Check security.protocol and sasl.* settings against the listener."},
    {35, "UNSUPPORTED_VERSION", C::Permanent, "The broker does not support this API version.",
     "Upgrade the broker, or set broker.version.fallback / api.version.request."},
    {36, "TOPIC_ALREADY_EXISTS", C::Permanent, "The topic already exists (admin).",
     "None if intended; otherwise choose another name."},
    {37, "INVALID_PARTITIONS", C::Permanent, "Invalid number of partitions (admin).",
     "Use a partition count of at least 1 and more than the current count."},
    {38, "INVALID_REPLICATION_FACTOR", C::Permanent,
     "Invalid replication factor, e.g. larger than the number of brokers (admin).",
     "Use a replication factor no larger than the broker count."},
    {39, "INVALID_REPLICA_ASSIGNMENT", C::Permanent, "Invalid replica assignment (admin).",
     "Fix the replica assignment."},
    {40, "INVALID_CONFIG", C::Permanent, "A configuration value was rejected by the broker.",
     "Fix the configuration value."},
    {41, "NOT_CONTROLLER", C::Transient, "The broker is not the controller.",
     "Wait; the request is sent to the new controller."},
    {42, "INVALID_REQUEST", C::Permanent, "The broker found the request malformed.",
     "Check client/broker version compatibility; see broker logs."},
    {43, "UNSUPPORTED_FOR_MESSAGE_FORMAT", C::Permanent,
     "The topic's message format does not support the request (e.g. headers on format v1).",
     "Upgrade the topic's message.format.version, or don't use the feature."},
    {44, "POLICY_VIOLATION", C::Permanent, "The request violates a broker-side policy.",
     "Change the request to satisfy the cluster's policy."},
    {45, "OUT_OF_ORDER_SEQUENCE_NUMBER", C::Fatal,
     "Broker received an out-of-order sequence number: idempotent ordering is broken, data may be lost.",
     "Rebuild the producer; check for lost messages (audit)."},
    {46, "DUPLICATE_SEQUENCE_NUMBER", C::Fatal,
     "Broker received a duplicate sequence number: producer and broker sequence state disagree.",
     "Rebuild the producer; check for duplicates (audit)."},
    {47, "INVALID_PRODUCER_EPOCH", C::Fatal, "The producer's epoch is old: a newer instance has fenced it.",
     "Stop this producer; only one instance may use the transactional.id."},
    {48, "INVALID_TXN_STATE", C::Fatal, "Transactional operation in an invalid state.",
     "Rebuild the producer; fix the transaction call order."},
    {49, "INVALID_PRODUCER_ID_MAPPING", C::Fatal,
     "The producer id is not (any longer) assigned to its transactional.id.",
     "Rebuild the producer to obtain a new producer id."},
    {50, "INVALID_TRANSACTION_TIMEOUT", C::Permanent,
     "transaction.timeout.ms exceeds the broker's transaction.max.timeout.ms.",
     "Lower transaction.timeout.ms or raise the broker limit."},
    {51, "CONCURRENT_TRANSACTIONS", C::Transient, "Another operation on the same transaction is ongoing.",
     "Wait; retried automatically."},
    {52, "TRANSACTION_COORDINATOR_FENCED", C::Transient,
     "The transaction coordinator sending a marker is no longer current (inter-broker).",
     "None; the new coordinator takes over."},
    {53, "TRANSACTIONAL_ID_AUTHORIZATION_FAILED", C::Fatal,
     "Missing ACL permissions on the transactional.id; the producer cannot continue.",
     "Grant Write on the transactional.id, then rebuild the producer."},
    {54, "SECURITY_DISABLED", C::Permanent, "Security features are disabled on the broker.",
     "Enable security on the broker, or don't use the feature."},
    {55, "OPERATION_NOT_ATTEMPTED", C::Transient,
     "Not attempted because another part of the same request failed.",
     "See the other error; retry after it is resolved."},
    {56, "KAFKA_STORAGE_ERROR", C::Transient, "Disk error on the broker accessing the log.",
     "Retried automatically on the new leader; check the broker's disks."},
    {57, "LOG_DIR_NOT_FOUND", C::Permanent, "The requested log directory is not in the broker config (admin).",
     "Use a log directory the broker has."},
    {58, "SASL_AUTHENTICATION_FAILED", C::Permanent, "SASL authentication failed: wrong credentials.",
     "Fix sasl.username / sasl.password or the SASL mechanism."},
    {59, "UNKNOWN_PRODUCER_ID", C::Fatal,
     "Broker no longer knows the producer id (its state expired or the log was truncated).",
     "Rebuild the producer; check for lost or duplicated messages (audit)."},
    {60, "REASSIGNMENT_IN_PROGRESS", C::Transient, "A partition reassignment is in progress.",
     "Wait for the reassignment to finish."},
    {61, "DELEGATION_TOKEN_AUTH_DISABLED", C::Permanent, "Delegation tokens are not enabled on the broker.",
     "Enable delegation tokens or use another authentication method."},
    {62, "DELEGATION_TOKEN_NOT_FOUND", C::Permanent, "The delegation token is not found on the server.",
     "Create a new delegation token."},
    {63, "DELEGATION_TOKEN_OWNER_MISMATCH", C::Permanent, "The principal is not the token's owner/renewer.",
     "Use the token owner or a listed renewer."},
    {64, "DELEGATION_TOKEN_REQUEST_NOT_ALLOWED", C::Permanent,
     "Delegation token requests are not allowed on this connection.",
     "Request tokens over an authenticated, non-token connection."},
    {65, "DELEGATION_TOKEN_AUTHORIZATION_FAILED", C::Permanent, "Delegation token authorization failed.",
     "Grant the needed ACL for delegation tokens."},
    {66, "DELEGATION_TOKEN_EXPIRED", C::Permanent, "The delegation token has expired.",
     "Renew or recreate the token."},
    {67, "INVALID_PRINCIPAL_TYPE", C::Permanent, "The principal type is not supported.",
     "Use a supported principal type (e.g. User)."},
    {68, "NON_EMPTY_GROUP", C::Permanent, "The group is not empty (admin).",
     "Stop the group's members first."},
    {69, "GROUP_ID_NOT_FOUND", C::Permanent, "The group id does not exist (admin).", "Check the group id."},
    {70, "FETCH_SESSION_ID_NOT_FOUND", C::Transient, "The fetch session was not found (consumer-only).",
     "None; a new fetch session is created."},
    {71, "INVALID_FETCH_SESSION_EPOCH", C::Transient, "The fetch session epoch is invalid (consumer-only).",
     "None; the fetch session is reset."},
    {72, "LISTENER_NOT_FOUND", C::Transient,
     "The leader has no listener matching the one used (often during a rolling restart).",
     "Wait; if it persists, check advertised.listeners on all brokers."},
    {73, "TOPIC_DELETION_DISABLED", C::Permanent, "Topic deletion is disabled (admin).",
     "Set delete.topic.enable=true on the brokers."},
    {74, "FENCED_LEADER_EPOCH", C::Transient, "Leader epoch is older than the broker's (stale metadata).",
     "Wait for metadata refresh; retried automatically."},
    {75, "UNKNOWN_LEADER_EPOCH", C::Transient, "Leader epoch is newer than the broker's (broker lagging).",
     "Wait; retried automatically."},
    {76, "UNSUPPORTED_COMPRESSION_TYPE", C::Permanent, "The broker does not support the compression type.",
     "Use a compression.type the broker supports, or upgrade it."},
    {77, "STALE_BROKER_EPOCH", C::Transient, "The broker epoch has changed (inter-broker).",
     "None; the cluster settles."},
    {78, "OFFSET_NOT_AVAILABLE", C::Transient, "Leader's high watermark has not caught up yet.",
     "Wait; retried automatically."},
    {79, "MEMBER_ID_REQUIRED", C::Transient, "The group member needs a member id (consumer-only).",
     "None; the consumer rejoins with the assigned id."},
    {80, "PREFERRED_LEADER_NOT_AVAILABLE", C::Transient, "The preferred leader is not available.",
     "Wait for the broker to come back."},
    {81, "GROUP_MAX_SIZE_REACHED", C::Permanent, "The consumer group has reached group.max.size.",
     "Use fewer consumers or raise group.max.size."},
    {82, "FENCED_INSTANCE_ID", C::Fatal,
     "Static member fenced by another consumer with the same group.instance.id (consumer-only).",
     "Give each instance a unique group.instance.id; rebuild the consumer."},
    {83, "ELIGIBLE_LEADERS_NOT_AVAILABLE", C::Transient, "No eligible leader is available for the partition.",
     "Wait for replicas to come back."},
    {84, "ELECTION_NOT_NEEDED", C::Permanent, "Leader election not needed: already the preferred leader (admin).",
     "None."},
    {85, "NO_REASSIGNMENT_IN_PROGRESS", C::Permanent, "No partition reassignment is in progress (admin).",
     "None."},
    {86, "GROUP_SUBSCRIBED_TO_TOPIC", C::Permanent,
     "Cannot delete offsets of a topic the group is subscribed to (admin).",
     "Unsubscribe the group from the topic first."},
    {87, "INVALID_RECORD", C::Permanent,
     "The broker failed to validate the record (e.g. compacted topic needs a key).",
     "Fix the record: set a key for compacted topics, check the broker's validation."},
    {88, "UNSTABLE_OFFSET_COMMIT", C::Transient, "Unstable offsets are pending a transaction (consumer-only).",
     "Wait; retried automatically."},
    {89, "THROTTLING_QUOTA_EXCEEDED", C::Transient, "A throttling quota has been exceeded.",
     "Wait and retry; lower the request rate or raise the quota."},
    {90, "PRODUCER_FENCED", C::Fatal, "A newer producer with the same transactional.id fenced this one.",
     "Stop this producer; only one instance may use the transactional.id."},
    {91, "RESOURCE_NOT_FOUND", C::Permanent, "The request referred to a resource that does not exist.",
     "Check the resource name."},
    {92, "DUPLICATE_RESOURCE", C::Permanent, "The request referred to the same resource twice.",
     "Remove the duplicate from the request."},
    {93, "UNACCEPTABLE_CREDENTIAL", C::Permanent, "The credential does not meet the acceptance criteria.",
     "Use a credential that meets the broker's criteria."},
    {94, "INCONSISTENT_VOTER_SET", C::Permanent, "KRaft voter set is inconsistent (inter-broker).",
     "Check the controller quorum configuration."},
    {95, "INVALID_UPDATE_VERSION", C::Permanent, "Invalid update version (admin).", "Fix the request."},
    {96, "FEATURE_UPDATE_FAILED", C::Permanent, "Finalized features could not be updated (admin).",
     "See the broker logs."},
    {97, "PRINCIPAL_DESERIALIZATION_FAILURE", C::Permanent,
     "Request principal deserialization failed during forwarding (inter-broker).",
     "Check broker versions and principal builder configuration."},
};

constexpr int kMinCode = -200;
constexpr int kMaxCode = 97;
constexpr int kNoRow = -1;

// Dense code -> row index, so classOf() (called from the delivery callback) is an array lookup.
constexpr std::array<int16_t, kMaxCode - kMinCode + 1> makeIndex() {
    std::array<int16_t, kMaxCode - kMinCode + 1> index{};
    for (auto& i : index) i = kNoRow;
    for (std::size_t r = 0; r < std::size(kRows); ++r) index[static_cast<std::size_t>(kRows[r].code - kMinCode)] =
        static_cast<int16_t>(r);
    return index;
}
constexpr auto kIndex = makeIndex();

const Row* findRow(int code) {
    if (code < kMinCode || code > kMaxCode) return nullptr;
    const int16_t r = kIndex[static_cast<std::size_t>(code - kMinCode)];
    return r == kNoRow ? nullptr : &kRows[static_cast<std::size_t>(r)];
}

// Kafka protocol names (and librdkafka #define aliases) where they differ from librdkafka's enum name.
struct Alias {
    const char* name;
    int code;
};
constexpr Alias kAliases[] = {
    {"UNKNOWN_SERVER_ERROR", -1},
    {"CORRUPT_MESSAGE", 2},
    {"UNKNOWN_TOPIC_OR_PART", 3},
    {"INVALID_FETCH_SIZE", 4},
    {"NOT_LEADER_OR_FOLLOWER", 6},
    {"MESSAGE_TOO_LARGE", 10},
    {"STALE_CONTROLLER_EPOCH", 11},
    {"GROUP_LOAD_IN_PROGRESS", 14},
    {"GROUP_COORDINATOR_NOT_AVAILABLE", 15},
    {"NOT_COORDINATOR_FOR_GROUP", 16},
    {"INVALID_TOPIC_EXCEPTION", 17},
};

std::string toUpper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

const Row* findByName(std::string_view upper) {
    for (const Row& row : kRows)
        if (upper == row.name) return &row;
    for (const Alias& a : kAliases)
        if (upper == a.name) return findRow(a.code);
    return nullptr;
}

}  // namespace

std::string_view toString(ErrorClass c) {
    switch (c) {
        case ErrorClass::None: return "none";
        case ErrorClass::Transient: return "transient";
        case ErrorClass::Permanent: return "permanent";
        case ErrorClass::Fatal: return "fatal";
    }
    return "unknown";
}

ErrorInfo ErrorClassifier::classify(rd_kafka_resp_err_t code) { return classify(static_cast<int32_t>(code)); }

ErrorInfo ErrorClassifier::classify(int32_t code) {
    ErrorInfo info;
    info.code = code;  // an int: a code unknown to librdkafka is kept as it came
    if (const Row* row = findRow(code)) {
        info.name = row->name;
        info.errorClass = row->cls;
        info.explanation = row->explanation;
        info.remedy = row->remedy;
        return info;
    }
    // Codes from a newer librdkafka/broker, or garbage: never crash, and route to the DLQ so it is looked at.
    info.name = "UNKNOWN_" + std::to_string(static_cast<int>(code));
    info.errorClass = ErrorClass::Permanent;
    info.explanation = "Error code " + std::to_string(static_cast<int>(code)) + " is unknown to librdkafka " +
                       rd_kafka_version_str() + ".";
    info.remedy = "Look the code up in the Kafka protocol error list; check client and broker versions.";
    return info;
}

ErrorClass ErrorClassifier::classOf(rd_kafka_resp_err_t code) { return classOf(static_cast<int32_t>(code)); }

ErrorClass ErrorClassifier::classOf(int32_t code) {
    const Row* row = findRow(code);
    return row ? row->cls : ErrorClass::Permanent;
}

std::string ErrorClassifier::name(rd_kafka_resp_err_t code) { return name(static_cast<int32_t>(code)); }

std::string ErrorClassifier::name(int32_t code) {
    const Row* row = findRow(code);
    return row ? std::string(row->name) : "UNKNOWN_" + std::to_string(code);
}

bool ErrorClassifier::parse(std::string_view text, rd_kafka_resp_err_t& out) {
    text = trim(text);
    if (text.empty()) return false;

    // A number: accepted when it is a code this librdkafka defines.
    if (text.front() == '-' || std::isdigit(static_cast<unsigned char>(text.front()))) {
        int value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{} || end != text.data() + text.size()) return false;
        const Row* row = findRow(value);
        if (!row) return false;
        out = static_cast<rd_kafka_resp_err_t>(row->code);
        return true;
    }

    std::string upper = toUpper(text);
    constexpr std::string_view kPrefix = "RD_KAFKA_RESP_ERR_";
    if (upper.starts_with(kPrefix)) upper.erase(0, kPrefix.size());

    const Row* row = findByName(upper);
    // The lesson (and some docs) write broker codes with a leading underscore, e.g. "_NOT_ENOUGH_REPLICAS";
    // exact local names win, then the broker name without the underscore.
    if (!row && upper.size() > 1 && upper.front() == '_') row = findByName(std::string_view(upper).substr(1));
    if (!row) return false;
    out = static_cast<rd_kafka_resp_err_t>(row->code);
    return true;
}

}  // namespace acklab
