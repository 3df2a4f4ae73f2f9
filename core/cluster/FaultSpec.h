#pragma once
// A fault spec (docs/architecture.md): a kind, then key=value words; at= is the time from the run's start, for= makes
// it end by itself.   down broker=2 at=1s for=3s | rtt broker=1 ms=50 at=0s | error code=X count=5 at=0s |
// leader partition=0 broker=3 at=2s | kill|stop|cont|restart broker=2 at=1s
// Transactional runs only, carried out by the producer itself: abort at=2s (the open transaction is aborted now) |
// zombie at=2s (a second producer with the same transactional.id initialises and fences the first)
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace acklab {

class FaultSpecError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct FaultSpec {
    enum class Kind { Down, Up, Rtt, Error, Leader, Kill, Stop, Cont, Restart, Abort, Zombie };

    Kind kind = Kind::Down;
    std::string broker;              // a node id ("2"), "leader", or "coordinator" (process faults: the transaction
                                     // coordinator of transactionalId); "" when the kind takes none
    std::string transactionalId;     // for broker=coordinator: set by RunSession from the run's profile
    int32_t partition = 0;           // leader
    int32_t rttMs = 0;               // rtt
    int32_t errorCode = 0;           // error (an rd_kafka_resp_err_t)
    int32_t count = 1;               // error
    int64_t atMs = 0;
    std::optional<int64_t> forMs;    // when set, the fault is undone at atMs + forMs
    std::string text;                // the spec as written (normalised), for reports

    // Throws FaultSpecError naming the word that is wrong ("fault 'down broker=x': broker: expected ...").
    static FaultSpec parse(const std::string& text);
    bool isEmbeddedKind() const;     // down, up, rtt, error, leader
    bool isProcessKind() const;      // kill, stop, cont, restart (local Kafka)
    bool isProducerKind() const;     // abort, zombie (the run's own producer; any cluster)
    std::string kindName() const;
    // The action that undoes this one at atMs + forMs (down -> up, rtt -> rtt ms=0, stop -> cont, kill -> restart).
    // nullopt when there is nothing to undo.
    std::optional<FaultSpec> undo() const;
};

}  // namespace acklab
