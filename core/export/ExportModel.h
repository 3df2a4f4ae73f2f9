#pragma once
// What every language's program is generated from: the profile's settings with the reason for each, the
// DLQ producer's settings, and the error-code -> class table read from ErrorClassifier (so the exported
// callbacks cannot drift from AckLab's). Internal to core/export.
#include "export/CodeExporter.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace acklab {

struct ExportSetting {
    std::string key;      // librdkafka's name
    std::string value;    // as text; "" for a secret (read from envVar at run time)
    std::string why;      // one line: why this value
    bool secret = false;
    std::string envVar;   // secrets: the environment variable the program reads ("SASL_PASSWORD")
    bool integer = false;  // catalogued as an integer and the value is one: written unquoted where typed
    bool boolean = false;  // catalogued as a boolean: value is "true" or "false"
};

struct ExportedCode {
    int32_t code = 0;
    std::string name;   // AckLab's (ErrorClassifier's) name
    std::string cls;    // "transient", "permanent" or "fatal"
};

struct ExportModel {
    std::string profileName;
    std::string profileNote;
    std::string generatedBy;                 // "AckLab 0.x (librdkafka 2.0.2)"
    std::string bootstrap;                   // the program's default --bootstrap
    ExportOptions options;
    std::vector<ExportSetting> settings;     // the profile's, without bootstrap.servers (a flag)
    std::vector<ExportSetting> dlqSettings;  // the DLQ producer's: the profile's connection settings + its own
    std::vector<ExportedCode> codes;         // every code ErrorClassifier names, NO_ERROR left out
    int64_t deliveryTimeoutMs = 300000;      // the profile's (or librdkafka's default): bounds the final flush
};

ExportModel buildExportModel(const ProducerProfile& profile, const ExportOptions& options);

// Why a setting has this value: specific notes for the settings the lesson discusses, the catalogue's
// help line for the rest.
std::string settingWhy(const std::string& key, const std::string& value);

// A double-quoted string literal valid in Python, Java and Go alike (JSON escapes, UTF-8 kept as is).
std::string quoted(const std::string& text);
// Comment text safe on one line: newlines become spaces, and "*/" cannot end a Java block comment.
std::string oneLine(const std::string& text);
// Replaces every "@NAME@" placeholder of the template; throws std::logic_error naming one without a value.
std::string fillTemplate(const std::string& text, const std::vector<std::pair<std::string, std::string>>& values);

// Every line of `text` behind `prefix` ("# ", "// "), so a multi-line note stays a comment.
std::string commentBlock(const std::string& text, const std::string& prefix);
// The error table's rows, one per code, each written by `row` (given the class's constant name: TRANSIENT,
// PERMANENT or FATAL).
std::string codeRows(const ExportModel& model, std::string (*row)(const ExportedCode& code, const char* cls));
// The placeholders every language's template shares: PROFILE_NAME, PROFILE_Q, BOOTSTRAP_Q, TOPIC_Q, DLQ_TOPIC_Q,
// TOPIC, COUNT, SIZE, RATE, MAX_ATTEMPTS, FLUSH_TIMEOUT (numbers as decimal literals every language reads).
std::vector<std::pair<std::string, std::string>> commonValues(const ExportModel& model);

std::string renderPython(const ExportModel& model);
std::string renderJava(const ExportModel& model);
std::string renderGo(const ExportModel& model);

}  // namespace acklab
