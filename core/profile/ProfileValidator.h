#pragma once
// Validates a profile the way librdkafka will see it, returning every problem at once.
#include "profile/ProducerProfile.h"

#include <string>
#include <utility>
#include <vector>

namespace acklab {

struct ValidationIssue {
    enum class Severity { Error, Warning, Info };
    Severity severity = Severity::Error;
    std::string key;      // the property the issue is about ("" for the profile as a whole)
    std::string message;  // librdkafka's own text where it refused, else AckLab's (the lesson's rules)
};

struct ValidationResult {
    std::vector<ValidationIssue> issues;
    // The configuration librdkafka will really run with (rd_kafka_conf_dump of a created producer's
    // configuration, only the catalogued keys plus those the profile set), secrets masked. Empty when the
    // producer could not be created.
    std::vector<std::pair<std::string, std::string>> effective;

    bool ok() const;  // no Error-severity issue
    std::string summary() const;  // one line per issue: "error: acks: ..."
};

// Checks each property with rd_kafka_conf_set (librdkafka's refusal text), the catalogue's ranges and enums,
// the lesson's idempotence rules (acks=all, max.in.flight <= 5, retries > 0: says what librdkafka will adjust
// or refuse), then creates (and destroys) a producer with rd_kafka_new to catch cross-key refusals and read
// the effective configuration. Never connects to a broker: bootstrap.servers is checked with rd_kafka_conf_set
// but left out of the producer that is created, so it has no broker to contact (the effective value shown is
// the profile's). librdkafka's configuration warnings (CONFWARN log lines) become Warning issues.
ValidationResult validateProfile(const ProducerProfile& profile);

}  // namespace acklab
