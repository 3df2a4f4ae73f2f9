#include "common/Encoding.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>

namespace acklab {

bool isValidUtf8(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        size_t len = 0;
        uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + len > n) return false;
        for (size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and out-of-range code points are not valid UTF-8.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64Encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                           static_cast<uint8_t>(in[i + 2]);
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += kB64[(v >> 6) & 63];
        out += kB64[v & 63];
    }
    if (i < in.size()) {
        uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(in[i]) << 16);
        if (i + 1 < in.size()) v |= static_cast<uint32_t>(static_cast<uint8_t>(in[i + 1]) << 8);
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> base64Decode(std::string_view in) {
    auto val = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    while (!in.empty() && in.back() == '=') in.remove_suffix(1);
    if (in.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(in.size() * 3 / 4);
    uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        const int v = val(c);
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return out;
}

std::string hexDump(std::string_view bytes, size_t maxBytes) {
    std::string out;
    const size_t n = std::min(bytes.size(), maxBytes);
    char line[128];
    for (size_t off = 0; off < n; off += 16) {
        int pos = std::snprintf(line, sizeof line, "%08zx ", off);
        for (size_t k = 0; k < 16; ++k) {
            if (off + k < n)
                pos += std::snprintf(line + pos, sizeof line - static_cast<size_t>(pos), " %02x",
                                     static_cast<unsigned char>(bytes[off + k]));
            else
                pos += std::snprintf(line + pos, sizeof line - static_cast<size_t>(pos), "   ");
        }
        out.append(line, static_cast<size_t>(pos));
        out += "  |";
        for (size_t k = 0; k < 16 && off + k < n; ++k) {
            const auto c = static_cast<unsigned char>(bytes[off + k]);
            out += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '.';
        }
        out += "|\n";
    }
    if (bytes.size() > n) out += "... (" + std::to_string(bytes.size() - n) + " more bytes)\n";
    return out;
}

std::string isoTimeMs(int64_t epochMs) {
    const std::time_t secs = static_cast<std::time_t>(epochMs / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    // Sized for any int the fields could hold, so the compiler can prove nothing is cut.
    char buf[96];
    const int ms = static_cast<int>(((epochMs % 1000) + 1000) % 1000);
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    return buf;
}

std::optional<int64_t> parseIsoTimeMs(std::string_view s, int64_t* periodMs) {
    size_t at = 0;
    // Exactly `digits` ASCII digits (sscanf's %d would take signs and blanks too).
    auto number = [&](size_t digits, int& out) {
        if (at + digits > s.size()) return false;
        out = 0;
        for (size_t i = 0; i < digits; ++i) {
            const char c = s[at + i];
            if (c < '0' || c > '9') return false;
            out = out * 10 + (c - '0');
        }
        at += digits;
        return true;
    };
    auto literal = [&](char c) {
        if (at < s.size() && s[at] == c) {
            ++at;
            return true;
        }
        return false;
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
    int64_t period = 86'400'000;
    if (!number(4, y) || !literal('-') || !number(2, mo) || !literal('-') || !number(2, d)) return std::nullopt;
    if (literal('T') || literal(' ')) {
        if (!number(2, h) || !literal(':') || !number(2, mi)) return std::nullopt;
        period = 60'000;
        if (literal(':')) {
            if (!number(2, sec)) return std::nullopt;
            period = 1000;
            if (literal('.')) {
                if (!number(3, ms)) return std::nullopt;
                period = 1;
            }
        }
    }
    if (!literal('Z')) (void)literal('z');
    if (at != s.size()) return std::nullopt;  // trailing text, or an offset other than Z: times are UTC
    using namespace std::chrono;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    if (periodMs) *periodMs = period;
    const auto t = sys_days{date} + hours{h} + minutes{mi} + seconds{sec} + milliseconds{ms};
    return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

int64_t nowEpochMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace acklab
