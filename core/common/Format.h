#pragma once
// Numbers as people read them.
#include <cstdint>
#include <string>

namespace acklab {

// 1234567 -> "1,234,567"
inline std::string thousands(uint64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

}  // namespace acklab
