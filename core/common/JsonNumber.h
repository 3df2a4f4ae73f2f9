#pragma once
// Numbers from JSON files people write. A count must be a whole number in range: nlohmann's get<int>() on 2.7
// silently gives 2, and on 1e20 is undefined behaviour. These helpers say what is wrong instead.
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <sstream>
#include <string>

namespace acklab {

// How a JSON value reads in an error message ("2.7", "1e+20", "a string").
template <typename Json>
std::string jsonValueText(const Json& v) {
    if (v.is_number_float()) {
        std::ostringstream o;
        o.precision(17);
        o << v.template get<double>();
        return o.str();
    }
    if (v.is_number()) return v.dump();
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "a boolean";
    if (v.is_string()) return "a string";
    if (v.is_array()) return "an array";
    return "an object";
}

// A whole number in [lo, hi]. 5.0 and 1e3 are whole; 2.7, 1e20 (when out of range), strings are not.
// On failure `error` says why without the field name ("expected a whole number, found 2.7").
template <typename Json>
std::optional<int64_t> jsonInteger(const Json& v, int64_t lo, int64_t hi, std::string& error) {
    auto outOfRange = [&] {
        error = jsonValueText(v) + " is out of range (" + std::to_string(lo) + " to " + std::to_string(hi) + ")";
        return std::nullopt;
    };
    if (v.is_number_unsigned()) {
        const auto u = v.template get<uint64_t>();
        if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return outOfRange();
        const auto i = static_cast<int64_t>(u);
        if (i < lo || i > hi) return outOfRange();
        return i;
    }
    if (v.is_number_integer()) {
        const auto i = v.template get<int64_t>();
        if (i < lo || i > hi) return outOfRange();
        return i;
    }
    if (v.is_number_float()) {
        const double d = v.template get<double>();
        if (!std::isfinite(d) || std::trunc(d) != d) {
            error = "expected a whole number, found " + jsonValueText(v);
            return std::nullopt;
        }
        // Compare as doubles first: casting a double outside int64's range is undefined behaviour.
        if (d < static_cast<double>(lo) || d > static_cast<double>(hi)) return outOfRange();
        const auto i = static_cast<int64_t>(d);
        if (i < lo || i > hi) return outOfRange();
        return i;
    }
    error = "expected a whole number, found " + jsonValueText(v);
    return std::nullopt;
}

// Any finite number in [lo, hi].
template <typename Json>
std::optional<double> jsonNumber(const Json& v, double lo, double hi, std::string& error) {
    if (!v.is_number()) {
        error = "expected a number, found " + jsonValueText(v);
        return std::nullopt;
    }
    const double d = v.template get<double>();
    if (!std::isfinite(d) || d < lo || d > hi) {
        std::ostringstream o;
        o << jsonValueText(v) << " is out of range (" << lo << " to " << hi << ")";
        error = o.str();
        return std::nullopt;
    }
    return d;
}

// A JSON scalar as the text librdkafka is given for a property: strings as they are, booleans as true/false,
// whole numbers without a decimal point (librdkafka's integer parser refuses "5.0"), other numbers with all their
// digits. nullopt for null, arrays and objects.
template <typename Json>
std::optional<std::string> jsonPropertyText(const Json& v) {
    if (v.is_string()) return v.template get<std::string>();
    if (v.is_boolean()) return std::string(v.template get<bool>() ? "true" : "false");
    if (v.is_number_unsigned()) return std::to_string(v.template get<uint64_t>());
    if (v.is_number_integer()) return std::to_string(v.template get<int64_t>());
    if (v.is_number_float()) {
        const double d = v.template get<double>();
        if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15)
            return std::to_string(static_cast<int64_t>(d));
        return jsonValueText(v);
    }
    return std::nullopt;
}

}  // namespace acklab
