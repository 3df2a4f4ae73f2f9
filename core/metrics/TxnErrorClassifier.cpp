#include "metrics/TxnErrorClassifier.h"

#include "metrics/ErrorClassifier.h"

namespace acklab {

std::string_view toString(TxnErrorClass c) {
    switch (c) {
        case TxnErrorClass::None: return "none";
        case TxnErrorClass::Retriable: return "retriable";
        case TxnErrorClass::Abortable: return "abortable";
        case TxnErrorClass::Fatal: return "fatal";
    }
    return "none";
}

TxnErrorInfo TxnErrorClassifier::classify(const rd_kafka_error_t* error) {
    if (!error) return {};
    return classify(rd_kafka_error_code(error), rd_kafka_error_is_retriable(error) != 0,
                    rd_kafka_error_txn_requires_abort(error) != 0, rd_kafka_error_is_fatal(error) != 0,
                    rd_kafka_error_string(error));
}

TxnErrorInfo TxnErrorClassifier::classify(int32_t code, bool retriable, bool abortable, bool fatal, std::string message) {
    TxnErrorInfo info;
    info.code = code;
    info.name = ErrorClassifier::name(code);
    info.message = std::move(message);
    if (fatal) {
        info.txnClass = TxnErrorClass::Fatal;
        info.remedy = code == RD_KAFKA_RESP_ERR__FENCED || code == RD_KAFKA_RESP_ERR_PRODUCER_FENCED ||
                              code == RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH
                          ? "A newer producer with the same transactional.id took over (a zombie was fenced): this "
                            "instance must stop. Its open transaction is aborted by the coordinator, so nothing of it "
                            "reaches read_committed consumers; if this instance should carry on, destroy it and "
                            "build a new producer (init_transactions fences the other one in turn)."
                          : "The producer cannot be used any more: destroy it and build a new one "
                            "(init_transactions again); the open transaction is not committed.";
    } else if (abortable) {
        info.txnClass = TxnErrorClass::Abortable;
        info.remedy = "The transaction cannot commit (a record failed in it): call abort_transaction, then send the "
                      "transaction's records again in a new transaction; the producer stays usable.";
    } else if (retriable) {
        info.txnClass = TxnErrorClass::Retriable;
        info.remedy = "Call the same operation again (e.g. commit_transaction after a timeout): the outcome is not "
                      "known yet and the coordinator will finish it.";
    } else {
        // librdkafka says neither: an application error (wrong state, bad argument), not the cluster's.
        info.txnClass = TxnErrorClass::Abortable;
        info.remedy = "Not retriable and not fatal: abort the transaction if one is open and check the call order "
                      "(begin before produce, one transaction at a time).";
    }
    return info;
}

}  // namespace acklab
