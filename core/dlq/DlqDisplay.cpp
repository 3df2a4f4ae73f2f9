#include "dlq/DlqDisplay.h"

#include "common/Encoding.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace acklab {

size_t DlqDisplay::utf8Prefix(std::string_view s, size_t limit) {
    if (limit >= s.size()) return s.size();
    size_t n = limit;
    // Back up over continuation bytes (10xxxxxx) so the cut lands before a lead byte.
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return n;
}

std::string DlqDisplay::escapeControl(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += ch;
        }
    }
    return out;
}

std::optional<std::string> DlqDisplay::prettyJson(std::string_view bytes, size_t limit) {
    if (bytes.empty() || !isValidUtf8(bytes)) return std::nullopt;
    const auto first = bytes.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || (bytes[first] != '{' && bytes[first] != '[')) return std::nullopt;
    auto j = nlohmann::json::parse(bytes, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > limit) text.resize(utf8Prefix(text, limit));
    return text;
}

DisplayText DlqDisplay::show(const std::optional<std::string>& bytes, size_t limit, Mode mode, bool oneLine) {
    if (!bytes) return DisplayText{"(null)", "null", false, 0};
    return show(std::string_view(*bytes), limit, mode, oneLine);
}

DisplayText DlqDisplay::show(std::string_view bytes, size_t limit, Mode mode, bool oneLine) {
    DisplayText d;
    d.totalBytes = bytes.size();
    const bool utf8 = isValidUtf8(bytes);
    if (mode == Mode::PrettyJson) {
        // For JSON the limit applies to the indented text.
        if (auto pretty = prettyJson(bytes)) {
            d.encoding = "json";
            d.text = std::move(*pretty);
            if (d.text.size() > limit) {
                d.text.resize(utf8Prefix(d.text, limit));
                d.truncated = true;
            }
            return d;
        }
        mode = Mode::Auto;
    }
    if (mode == Mode::Auto || mode == Mode::Text) mode = utf8 ? Mode::Text : Mode::Hex;
    const size_t n = std::min(limit, bytes.size());
    d.truncated = n < bytes.size();
    switch (mode) {
        case Mode::Text: {
            d.encoding = "utf8";
            const std::string_view cut = bytes.substr(0, utf8Prefix(bytes, n));
            d.text = oneLine ? escapeControl(cut) : std::string(cut);
            break;
        }
        case Mode::Base64:
            d.encoding = "base64";
            d.text = base64Encode(bytes.substr(0, n));
            break;
        default: {
            d.encoding = "hex";
            static const char* digits = "0123456789abcdef";
            d.text.reserve(n * 3);
            for (size_t i = 0; i < n; ++i) {
                const auto c = static_cast<unsigned char>(bytes[i]);
                if (i) d.text += ' ';
                d.text += digits[c >> 4];
                d.text += digits[c & 0xF];
            }
            break;
        }
    }
    return d;
}

std::string DlqDisplay::cell(const std::optional<std::string>& bytes, size_t limit) {
    if (!bytes) return "(null)";
    auto d = show(std::string_view(*bytes), limit, Mode::Auto, true);
    if (d.encoding == "hex") d.text = "hex:" + d.text;  // say it is not text
    if (d.truncated) d.text += "…";
    return d.text;
}

}  // namespace acklab
