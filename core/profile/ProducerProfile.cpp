#include "profile/ProducerProfile.h"

#include "common/JsonNumber.h"
#include "profile/PropertyCatalog.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace acklab {

namespace {

std::string lowercase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The canonical (catalogue) spelling of a key, so "linger.ms" and "queue.buffering.max.ms" are one property.
std::string canonicalKey(const std::string& key) {
    const auto* info = findProperty(key);
    return info ? info->key : key;
}

template <typename Json>
ProducerProfile profileFromJson(const Json& j) {
    if (!j.is_object()) throw ProfileError("profile: expected a JSON object, found " + jsonValueText(j));
    std::vector<std::string> errs;

    std::vector<std::string> unknown;
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "name" && it.key() != "note" && it.key() != "properties") unknown.push_back(it.key());
    if (!unknown.empty()) {
        std::string names;
        for (const auto& u : unknown) names += (names.empty() ? "" : ", ") + u;
        errs.push_back("unknown field" + std::string(unknown.size() > 1 ? "s" : "") + ": " + names +
                       " (expected name, note, properties)");
    }

    ProducerProfile profile;
    const auto name = j.find("name");
    if (name == j.end()) errs.push_back("name: missing");
    else if (!name->is_string()) errs.push_back("name: expected a string, found " + jsonValueText(*name));
    else if (name->template get<std::string>().empty()) errs.push_back("name: must not be empty");
    else profile.setName(name->template get<std::string>());
    if (const auto note = j.find("note"); note != j.end() && !note->is_null()) {
        if (!note->is_string()) errs.push_back("note: expected a string, found " + jsonValueText(*note));
        else profile.setNote(note->template get<std::string>());
    }
    if (const auto props = j.find("properties"); props != j.end()) {
        if (!props->is_object()) {
            errs.push_back("properties: expected an object of key: value, found " + jsonValueText(*props));
        } else {
            for (auto it = props->begin(); it != props->end(); ++it) {
                if (it.key().empty()) {
                    errs.push_back("properties: empty property name");
                } else if (auto text = jsonPropertyText(it.value())) {
                    profile.set(it.key(), *text);
                } else {
                    errs.push_back("properties." + it.key() + ": expected a string, number or boolean, found " +
                                   jsonValueText(it.value()));
                }
            }
        }
    }
    if (!errs.empty()) throw ProfileError(std::move(errs));
    return profile;
}

template <typename Json>
Json profileToJson(const ProducerProfile& p, bool maskSecrets) {
    Json j;
    j["name"] = p.name();
    if (!p.note().empty()) j["note"] = p.note();
    Json props = Json::object();
    for (const auto& [key, value] : p.properties()) props[key] = maskSecrets ? maskedValue(key, value) : value;
    j["properties"] = std::move(props);
    return j;
}

// "# " before every line of a note, so a multi-line note stays a comment in both export formats.
std::string commentLines(const std::string& text) {
    std::string out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out += "# " + line + "\n";
    return out;
}

std::string escapeJavaProperties(const std::string& s, bool isKey) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\f': out += "\\f"; break;
        case '=':
        case ':':
            if (isKey) out += '\\';
            out += c;
            break;
        case '#':
        case '!':
            if (i == 0) out += '\\';  // would start a comment line
            out += c;
            break;
        case ' ':
            if (isKey || i == 0) out += '\\';  // leading blanks of a value are otherwise dropped
            out += c;
            break;
        default: out += c;
        }
    }
    return out;
}

std::string pythonString(const std::string& s) {
    std::string out = "'";
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\'': out += "\\'"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (u < 0x20 || u == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", u);
                out += buf;
            } else {
                out += c;  // UTF-8 passes through: Python 3 source is UTF-8
            }
        }
    }
    return out + "'";
}

// A plain decimal number Python reads as a literal ("5", "-1", "2.5"), nothing else (no "1e3", "0x10", "007").
bool isPythonNumber(const std::string& s) {
    size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    if (s[i] == '0' && i + 1 < s.size() && s[i + 1] != '.') return false;
    bool dot = false;
    for (; i < s.size(); ++i) {
        if (s[i] == '.' && !dot && i + 1 < s.size()) dot = true;
        else if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
}

std::string pythonValue(const std::string& key, const std::string& value, bool maskSecrets) {
    if (maskSecrets && isSecretKey(key)) return pythonString(maskedValue(key, value));
    if (const auto* info = findProperty(key)) {
        if (info->type == PropertyType::Boolean) {
            const auto v = lowercase(value);
            if (v == "true" || v == "t" || v == "1") return "True";
            if (v == "false" || v == "f" || v == "0") return "False";
        }
        if (info->type == PropertyType::Integer && isPythonNumber(value)) return value;
    }
    return pythonString(value);
}

}  // namespace

ProducerProfile::ProducerProfile(std::string name, const std::vector<Property>& properties, std::string note)
    : name_(std::move(name)), note_(std::move(note)) {
    for (const auto& [key, value] : properties) set(key, value);
}

void ProducerProfile::set(const std::string& key, const std::string& value) {
    const std::string canonical = canonicalKey(key);
    auto it = std::find_if(properties_.begin(), properties_.end(),
                           [&](const Property& p) { return p.first == canonical; });
    if (it != properties_.end()) it->second = value;
    else properties_.emplace_back(canonical, value);
}

void ProducerProfile::remove(const std::string& key) {
    const std::string canonical = canonicalKey(key);
    std::erase_if(properties_, [&](const Property& p) { return p.first == canonical; });
}

std::optional<std::string> ProducerProfile::get(const std::string& key) const {
    const std::string canonical = canonicalKey(key);
    for (const auto& [k, v] : properties_)
        if (k == canonical) return v;
    return std::nullopt;
}

ProducerProfile ProducerProfile::fromJson(const nlohmann::json& j) { return profileFromJson(j); }

ProducerProfile ProducerProfile::fromJsonText(const std::string& text) {
    // ordered_json keeps the file's property order (nlohmann::json would sort the keys).
    nlohmann::ordered_json j;
    try {
        j = nlohmann::ordered_json::parse(text);
    } catch (const nlohmann::json::exception& e) {  // syntax, or a number beyond double's range (1e400)
        throw ProfileError(std::string("not valid JSON: ") + e.what());
    }
    return profileFromJson(j);
}

ProducerProfile ProducerProfile::loadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ProfileError(path + ": cannot open file");
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return fromJsonText(text.str());
    } catch (const ProfileError& e) {
        std::vector<std::string> problems;
        for (const auto& p : e.problems()) problems.push_back(path + ": " + p);
        throw ProfileError(std::move(problems));
    }
}

nlohmann::json ProducerProfile::toJson(bool maskSecrets) const {
    return profileToJson<nlohmann::json>(*this, maskSecrets);
}

std::string ProducerProfile::toJsonText(bool maskSecrets) const {
    return profileToJson<nlohmann::ordered_json>(*this, maskSecrets).dump(2) + "\n";
}

void ProducerProfile::saveFile(const std::string& path) const {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw ProfileError(path + ": cannot open file for writing");
    out << toJsonText(false);  // a saved profile must load back with its secrets
    out.flush();
    if (!out) throw ProfileError(path + ": write failed");
}

std::string ProducerProfile::toJavaProperties(bool maskSecrets) const {
    std::string out = commentLines("AckLab producer profile: " + name_);
    out += commentLines(note_);
    for (const auto& [key, value] : properties_)
        out += escapeJavaProperties(key, true) + "=" +
               escapeJavaProperties(maskSecrets ? maskedValue(key, value) : value, false) + "\n";
    return out;
}

std::string ProducerProfile::toPythonDict(bool maskSecrets) const {
    std::string out = commentLines("AckLab producer profile: " + name_);
    out += commentLines(note_);
    out += "# Use with: from confluent_kafka import Producer; producer = Producer(config)\n";
    out += "config = {\n";
    for (const auto& [key, value] : properties_)
        out += "    " + pythonString(key) + ": " + pythonValue(key, value, maskSecrets) + ",\n";
    out += "}\n";
    return out;
}

}  // namespace acklab
