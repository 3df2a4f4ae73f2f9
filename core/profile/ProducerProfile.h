#pragma once
// A producer profile: a name, librdkafka properties (in insertion order) and a note.
#include "common/ProblemsError.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace acklab {

// Thrown for a profile file or value that cannot be read: every problem found, each naming its field
// ("properties.acks: ..."); what() is them one per line.
class ProfileError : public ProblemsError {
public:
    using ProblemsError::ProblemsError;
};

class ProducerProfile {
public:
    using Property = std::pair<std::string, std::string>;

    ProducerProfile() = default;
    ProducerProfile(std::string name, const std::vector<Property>& properties, std::string note = {});

    const std::string& name() const { return name_; }
    void setName(std::string name) { name_ = std::move(name); }
    const std::string& note() const { return note_; }
    void setNote(std::string note) { note_ = std::move(note); }
    const std::vector<Property>& properties() const { return properties_; }

    // Sets (or replaces, keeping its position) a property; an alias is stored under its canonical key.
    void set(const std::string& key, const std::string& value);
    void remove(const std::string& key);
    std::optional<std::string> get(const std::string& key) const;

    // {"name": "...", "note": "...", "properties": {"acks": "all", ...}}. Values may be JSON strings,
    // numbers or booleans in a file; they are stored as librdkafka text. Throws ProfileError naming the field.
    static ProducerProfile fromJson(const nlohmann::json& j);
    static ProducerProfile fromJsonText(const std::string& text);
    static ProducerProfile loadFile(const std::string& path);  // throws ProfileError("<path>: ...")
    nlohmann::json toJson(bool maskSecrets = false) const;
    // The same document as indented text, properties in the profile's order (what saveFile writes).
    std::string toJsonText(bool maskSecrets = false) const;
    void saveFile(const std::string& path) const;  // throws ProfileError on I/O failure

    // Exports. Secrets are masked unless maskSecrets is false.
    std::string toJavaProperties(bool maskSecrets = true) const;  // "# note\nacks=all\n..."
    std::string toPythonDict(bool maskSecrets = true) const;      // confluent_kafka Producer({...}) config dict

private:
    std::string name_;
    std::vector<Property> properties_;
    std::string note_;
};

}  // namespace acklab
