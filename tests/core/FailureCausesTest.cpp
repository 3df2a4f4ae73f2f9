// FailureCauses: from librdkafka's REQERR log lines to the sentence a _MSG_TIMED_OUT event gives as its cause.
// The lines are librdkafka 2.0.2's own wording for a ProduceRequest that failed and was retried.
#include "traffic/FailureCauses.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

namespace acklab {
namespace {

using namespace std::chrono_literals;

const char* const kNer =
    "[thrd:127.0.0.1:19102/bootstrap]: 127.0.0.1:19102/2: ProduceRequest failed: Broker: Not enough in-sync "
    "replicas: explicit actions Retry,MsgNotPersisted";
const char* const kTimedOut =
    "[thrd:127.0.0.1:19102/bootstrap]: 127.0.0.1:19102/2: ProduceRequest failed: Local: Timed out: actions "
    "Retry,MsgPossiblyPersisted";

void feed(FailureCauses& causes, const char* line, int times) {
  for (int i = 0; i < times; ++i) causes.noteLogLine(7, "REQERR", line);
}

TEST(FailureCauses, RetriedRequestsAreCountedByKafkaErrorName) {
  FailureCauses causes;
  feed(causes, kNer, 3);
  feed(causes, kTimedOut, 2);
  causes.noteLogLine(7, "REQERR", "MetadataRequest failed: Local: Timed out");  // not a Produce request
  const auto retried = causes.retriedRequests();
  ASSERT_EQ(retried.size(), 2u);
  EXPECT_EQ(retried.at("NOT_ENOUGH_REPLICAS"), 3u);
  EXPECT_EQ(retried.at("_TIMED_OUT"), 2u);
}

TEST(FailureCauses, OnlyABrokerAnswerIsNamedAsTheBrokersAnswer) {
  FailureCauses causes;
  feed(causes, kNer, 4);
  EXPECT_EQ(FailureCauses::describe(causes.timeoutCause(10s)),
            " Brokers kept answering NOT_ENOUGH_REPLICAS until the timeout.");
}

TEST(FailureCauses, OnlyLocalFailuresSayTheBrokerNeverAnswered) {
  FailureCauses causes;
  feed(causes, kTimedOut, 4);
  EXPECT_EQ(FailureCauses::describe(causes.timeoutCause(10s)),
            " Requests kept failing locally with _TIMED_OUT (no answer from the broker) until the timeout.");
}

// A leader that answers NOT_ENOUGH_REPLICAS and then stalls: more requests timed out locally than were answered
// at the moment the first message timed out. Both are named, the more frequent first; the broker's answer is
// never hidden behind the stall.
TEST(FailureCauses, ABrokerAnswerAndLocalTimeoutsAreBothNamedTheMoreFrequentFirst) {
  FailureCauses causes;
  feed(causes, kNer, 2);
  feed(causes, kTimedOut, 5);
  EXPECT_EQ(FailureCauses::describe(causes.timeoutCause(10s)),
            " Requests kept failing locally with _TIMED_OUT (no answer from the broker), and brokers kept answering "
            "NOT_ENOUGH_REPLICAS, until the timeout.");
  feed(causes, kNer, 7);
  EXPECT_EQ(FailureCauses::describe(causes.timeoutCause(10s)),
            " Brokers kept answering NOT_ENOUGH_REPLICAS, and requests kept failing locally with _TIMED_OUT (no "
            "answer from the broker), until the timeout.");
}

TEST(FailureCauses, WhatWasSeenOutsideTheWindowIsNotTheCause) {
  FailureCauses causes;
  feed(causes, kNer, 3);
  causes.noteClientError(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN);
  std::this_thread::sleep_for(2ms);
  // A 1 ms window: everything was seen before it.
  EXPECT_TRUE(causes.timeoutCause(1ms).empty());
  EXPECT_EQ(FailureCauses::describe(causes.timeoutCause(1ms)), " No broker error was seen before the timeout.");
}

TEST(FailureCauses, ClientErrorsAndTheCallersFindingsAreNamedWhenNoRequestFailed) {
  FailureCauses causes;
  causes.noteClientError(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN);
  EXPECT_EQ(FailureCauses::describe(causes.timeoutCause(10s)),
            " Requests kept failing locally with _ALL_BROKERS_DOWN (no answer from the broker) until the timeout.");

  causes.noteLogLine(3, "FAIL", "127.0.0.1:19092/1: Connect to ipv4#127.0.0.1:19092 failed: Connection refused");
  EXPECT_EQ(FailureCauses::describe(causes.timeoutCause(10s)),
            " librdkafka last reported: 127.0.0.1:19092/1: Connect to ipv4#127.0.0.1:19092 failed: Connection "
            "refused.");

  FailureCauses::Cause missing;
  missing.other = "topic 'orders' does not exist or cannot be seen (UNKNOWN_TOPIC_OR_PART)";
  EXPECT_EQ(FailureCauses::describe(missing),
            " The topic 'orders' does not exist or cannot be seen (UNKNOWN_TOPIC_OR_PART).");
}

}  // namespace
}  // namespace acklab
