#pragma once
// Showing bytes that may be anything (binary keys, invalid UTF-8, non-JSON, megabytes) safely: text when the
// bytes are valid UTF-8, else hex or base64, cut to a limit with a flag saying so; limit = kAll gives it all.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace acklab {

struct DisplayText {
    std::string text;
    std::string encoding;  // "null", "utf8", "hex", "base64", "json" (pretty-printed)
    bool truncated = false;
    size_t totalBytes = 0;  // of the bytes shown (0 for null)
};

class DlqDisplay {
public:
    enum class Mode { Auto, Text, Hex, Base64, PrettyJson };
    static constexpr size_t kAll = SIZE_MAX;

    // Auto: UTF-8 text when valid, else hex. Text on invalid UTF-8 falls back to hex. PrettyJson: indented JSON
    // when the bytes are a JSON document, else as Auto. oneLine escapes control characters (\n, \t, \xNN) so
    // the text fits a table cell. `limit` counts bytes of the input (text is cut on a character boundary).
    static DisplayText show(const std::optional<std::string>& bytes, size_t limit = 256, Mode mode = Mode::Auto,
                            bool oneLine = false);
    static DisplayText show(std::string_view bytes, size_t limit = 256, Mode mode = Mode::Auto, bool oneLine = false);
    // A short cell for tables: show(..., limit, Auto, oneLine) with "…" appended when truncated.
    static std::string cell(const std::optional<std::string>& bytes, size_t limit = 48);
    // Pretty JSON when the bytes parse as JSON (object or array), else nullopt.
    static std::optional<std::string> prettyJson(std::string_view bytes, size_t limit = kAll);
    static std::string escapeControl(std::string_view utf8);
    // Longest prefix of at most `limit` bytes that does not cut a UTF-8 sequence.
    static size_t utf8Prefix(std::string_view utf8, size_t limit);
};

}  // namespace acklab
