#pragma once
// Errors of librdkafka's transactional API (rd_kafka_init_transactions, begin / commit / abort_transaction) are
// rd_kafka_error_t objects that carry their own flags, and the flags decide what the application must do -- not
// the error code alone (the same _TIMED_OUT is retriable from commit and fatal nowhere):
//   retriable  (rd_kafka_error_is_retriable)        the call may simply be made again
//   abortable  (rd_kafka_error_txn_requires_abort)  the transaction cannot commit: abort it, then carry on
//   fatal      (rd_kafka_error_is_fatal)            the producer is unusable (e.g. _FENCED): rebuild it
// The per-record classes of ErrorClassifier (transient / permanent / fatal) stay what they are for delivery
// reports; this class is for the transaction calls.
#include <librdkafka/rdkafka.h>

#include <string>
#include <string_view>

namespace acklab {

enum class TxnErrorClass { None, Retriable, Abortable, Fatal };

std::string_view toString(TxnErrorClass c);  // "none", "retriable", "abortable", "fatal"

struct TxnErrorInfo {
    TxnErrorClass txnClass = TxnErrorClass::None;
    int32_t code = 0;
    std::string name;     // the code's name (ErrorClassifier::name): "_FENCED", "_TIMED_OUT", ...
    std::string message;  // librdkafka's text
    std::string remedy;   // what to do, one line, for the class (and the code where it says more)
};

class TxnErrorClassifier {
public:
    // Null error: class None. Does not take ownership of the error.
    static TxnErrorInfo classify(const rd_kafka_error_t* error);
    // The same from the flags (fatal wins over abortable, abortable over retriable, as librdkafka documents).
    static TxnErrorInfo classify(int32_t code, bool retriable, bool abortable, bool fatal, std::string message);
};

}  // namespace acklab
