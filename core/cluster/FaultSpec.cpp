#include "cluster/FaultSpec.h"

#include "common/Duration.h"
#include "metrics/ErrorClassifier.h"

#include <charconv>
#include <sstream>

namespace acklab {
namespace {

const std::map<std::string, FaultSpec::Kind>& kinds() {
    static const std::map<std::string, FaultSpec::Kind> k = {
        {"down", FaultSpec::Kind::Down},   {"up", FaultSpec::Kind::Up},       {"rtt", FaultSpec::Kind::Rtt},
        {"error", FaultSpec::Kind::Error}, {"leader", FaultSpec::Kind::Leader}, {"kill", FaultSpec::Kind::Kill},
        {"stop", FaultSpec::Kind::Stop},   {"cont", FaultSpec::Kind::Cont},   {"restart", FaultSpec::Kind::Restart},
        {"abort", FaultSpec::Kind::Abort}, {"zombie", FaultSpec::Kind::Zombie},
    };
    return k;
}

bool parseInt(const std::string& s, int64_t& out) {
    const auto* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc() && p == end;
}

}  // namespace

std::string FaultSpec::kindName() const {
    for (const auto& [name, k] : kinds())
        if (k == kind) return name;
    return "?";
}

bool FaultSpec::isEmbeddedKind() const {
    return kind == Kind::Down || kind == Kind::Up || kind == Kind::Rtt || kind == Kind::Error || kind == Kind::Leader;
}
bool FaultSpec::isProcessKind() const {
    return kind == Kind::Kill || kind == Kind::Stop || kind == Kind::Cont || kind == Kind::Restart;
}
bool FaultSpec::isProducerKind() const { return kind == Kind::Abort || kind == Kind::Zombie; }

FaultSpec FaultSpec::parse(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    auto fail = [&](const std::string& why) -> FaultSpecError {
        return FaultSpecError("fault '" + text + "': " + why);
    };
    if (words.empty()) throw fail("empty: expected a kind (down, up, rtt, error, leader, kill, stop, cont, restart)");
    FaultSpec f;
    const auto it = kinds().find(words[0]);
    if (it == kinds().end())
        throw fail("unknown kind '" + words[0] + "' (expected down, up, rtt, error, leader, kill, stop, cont, restart, abort, zombie)");
    f.kind = it->second;

    std::map<std::string, std::string> kv;
    for (size_t i = 1; i < words.size(); ++i) {
        const auto eq = words[i].find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == words[i].size())
            throw fail("'" + words[i] + "': expected key=value");
        const std::string key = words[i].substr(0, eq);
        if (kv.count(key)) throw fail(key + ": given twice");
        kv[key] = words[i].substr(eq + 1);
    }

    auto allowOnly = [&](std::initializer_list<const char*> keys) {
        for (const auto& [k, v] : kv) {
            bool ok = false;
            for (const char* a : keys) ok = ok || k == a;
            if (!ok) {
                std::string list;
                for (const char* a : keys) list += std::string(list.empty() ? "" : ", ") + a;
                throw fail(k + ": not a word of '" + f.kindName() + "' (it takes " + list + ")");
            }
        }
    };
    auto requireKey = [&](const char* k) -> const std::string& {
        auto kit = kv.find(k);
        if (kit == kv.end()) throw fail(std::string(k) + ": missing");
        return kit->second;
    };
    auto intArg = [&](const char* k, int64_t lo, int64_t hi) -> int64_t {
        const std::string& v = requireKey(k);
        int64_t n = 0;
        if (!parseInt(v, n) || n < lo || n > hi)
            throw fail(std::string(k) + ": '" + v + "' is not a whole number from " + std::to_string(lo) + " to " +
                       std::to_string(hi));
        return n;
    };
    auto brokerArg = [&]() {
        const std::string& v = requireKey("broker");
        int64_t n = 0;
        if (v == "coordinator" && f.isProcessKind()) {
            f.broker = v;  // the transaction coordinator of the run's transactional.id (Local Kafka)
            return;
        }
        if (v != "leader" && (!parseInt(v, n) || n < 1 || n > 1000))
            throw fail("broker: '" + v + "' is not a broker id (1, 2, ...) or 'leader'" +
                       (f.isProcessKind() ? " or 'coordinator'" : ""));
        f.broker = v;
    };

    switch (f.kind) {
        case Kind::Down:
        case Kind::Up:
        case Kind::Kill:
        case Kind::Stop:
        case Kind::Cont:
        case Kind::Restart:
            allowOnly({"broker", "at", "for"});
            brokerArg();
            break;
        case Kind::Rtt:
            allowOnly({"broker", "ms", "at", "for"});
            brokerArg();
            f.rttMs = static_cast<int32_t>(intArg("ms", 0, 600'000));
            break;
        case Kind::Error: {
            allowOnly({"code", "count", "broker", "at", "for"});
            const std::string& c = requireKey("code");
            rd_kafka_resp_err_t code{};
            if (!ErrorClassifier::parse(c, code) || code == RD_KAFKA_RESP_ERR_NO_ERROR)
                throw fail("code: '" + c + "' is not a Kafka error name or number (e.g. NOT_ENOUGH_REPLICAS, 19)");
            f.errorCode = static_cast<int32_t>(code);
            f.count = kv.count("count") ? static_cast<int32_t>(intArg("count", 1, 1'000'000)) : 1;
            if (kv.count("broker")) brokerArg();
            break;
        }
        case Kind::Abort:
        case Kind::Zombie:
            allowOnly({"at"});
            break;
        case Kind::Leader:
            allowOnly({"partition", "broker", "at", "for"});
            f.partition = static_cast<int32_t>(intArg("partition", 0, 100'000));
            brokerArg();
            break;
    }

    if (auto a = kv.find("at"); a != kv.end()) {
        auto ms = parseDurationMs(a->second);
        if (!ms) throw fail("at: '" + a->second + "' is not a duration (e.g. 1.5s, 800ms)");
        f.atMs = *ms;
    }
    if (auto a = kv.find("for"); a != kv.end()) {
        auto ms = parseDurationMs(a->second);
        if (!ms || *ms == 0) throw fail("for: '" + a->second + "' is not a positive duration (e.g. 3s)");
        if (f.kind == Kind::Up || f.kind == Kind::Cont || f.kind == Kind::Restart || f.kind == Kind::Leader ||
            f.isProducerKind())
            throw fail("for: '" + f.kindName() + "' has nothing to undo; drop for=");
        if (f.kind == Kind::Error)
            throw fail("for: pushed errors are consumed by the next requests and cannot be withdrawn; use count=");
        f.forMs = *ms;
    }

    std::string norm = f.kindName();
    for (size_t i = 1; i < words.size(); ++i) norm += " " + words[i];
    f.text = norm;
    return f;
}

std::optional<FaultSpec> FaultSpec::undo() const {
    if (!forMs) return std::nullopt;
    FaultSpec u = *this;
    u.forMs.reset();
    u.atMs = atMs + *forMs;
    switch (kind) {
        case Kind::Down: u.kind = Kind::Up; break;
        case Kind::Rtt: u.rttMs = 0; break;
        case Kind::Stop: u.kind = Kind::Cont; break;
        case Kind::Kill: u.kind = Kind::Restart; break;
        default: return std::nullopt;
    }
    u.text = "(end of) " + text;
    return u;
}

}  // namespace acklab
