#include "traffic/PayloadGenerator.h"

#include "common/Encoding.h"
#include "traffic/MessageTag.h"

#include <charconv>

namespace acklab {

PayloadGenerator::PayloadGenerator(const TrafficSpec& spec, std::string runId, uint64_t seed)
    : keys_(spec.keys), keySpace_(spec.keySpace), runId_(std::move(runId)), rng_(seed | 1) {
    if (spec.valueTemplate.empty()) {
        // Printable, varied bytes: compressible like real payloads, and readable in the inspector.
        fixedValue_.resize(static_cast<size_t>(spec.valueSize));
        for (auto& c : fixedValue_) c = static_cast<char>('a' + nextRandom() % 26);
        tagsValue_ = fixedValue_.size() >= maxValueTagSize(runId_);
        if (tagsValue_) valueBuf_ = fixedValue_;
        return;
    }
    templated_ = true;
    static const char* names[] = {"{{seq}}", "{{uuid}}", "{{time}}", "{{run_id}}"};
    std::string_view rest = spec.valueTemplate;
    std::string lit;
    while (!rest.empty()) {
        int found = -1;
        for (int i = 0; i < 4; ++i)
            if (rest.substr(0, std::string_view(names[i]).size()) == names[i]) found = i;
        if (found >= 0) {
            literal_.push_back(lit);
            lit.clear();
            placeholder_.push_back(found);
            rest.remove_prefix(std::string_view(names[found]).size());
        } else {
            lit += rest.front();
            rest.remove_prefix(1);
        }
    }
    literal_.push_back(lit);
    valueBuf_.reserve(spec.valueTemplate.size() + 64);
}

uint64_t PayloadGenerator::nextRandom() {
    // xorshift64*: fast and good enough for keys and uuids of test traffic.
    rng_ ^= rng_ >> 12;
    rng_ ^= rng_ << 25;
    rng_ ^= rng_ >> 27;
    return rng_ * 2685821657736338717ULL;
}

std::string_view PayloadGenerator::value(int64_t seq) {
    if (!templated_) {
        if (!tagsValue_) return fixedValue_;
        // Overwrite the previous tag; where it was longer, put the filler back.
        const size_t n = formatValueTag(valueBuf_.data(), runId_, seq);
        if (n < lastTagLen_) valueBuf_.replace(n, lastTagLen_ - n, fixedValue_, n, lastTagLen_ - n);
        lastTagLen_ = n;
        return valueBuf_;
    }
    valueBuf_.clear();
    char num[32];
    for (size_t i = 0; i < placeholder_.size(); ++i) {
        valueBuf_ += literal_[i];
        switch (placeholder_[i]) {
            case 0: {
                auto [p, ec] = std::to_chars(num, num + sizeof num, seq);
                valueBuf_.append(num, p);
                break;
            }
            case 1: {
                const uint64_t a = nextRandom(), b = nextRandom();
                char u[40];
                std::snprintf(u, sizeof u, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                              static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFF),
                              static_cast<unsigned>(0x8000 | (b >> 48 & 0x3FFF)),
                              static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
                valueBuf_ += u;
                break;
            }
            case 2: valueBuf_ += isoTimeMs(nowEpochMs()); break;
            case 3: valueBuf_ += runId_; break;
            default: break;
        }
    }
    valueBuf_ += literal_.back();
    return valueBuf_;
}

std::string_view PayloadGenerator::key(int64_t seq) {
    if (keys_ == TrafficSpec::KeyMode::None) return {};
    const int64_t k = keys_ == TrafficSpec::KeyMode::Sequential
                          ? seq
                          : static_cast<int64_t>(nextRandom() % static_cast<uint64_t>(keySpace_));
    keyBuf_.assign("key-");
    char num[32];
    auto [p, ec] = std::to_chars(num, num + sizeof num, k);
    keyBuf_.append(num, p);
    return keyBuf_;
}

}  // namespace acklab
