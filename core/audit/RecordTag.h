#pragma once
// Reading AckLab's tag (traffic/MessageTag.h) back from a consumed record, shared by the after-run audit and the
// live end-to-end tracker so both recognise exactly the same records.
#include "traffic/MessageTag.h"

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace acklab {

// The run id and sequence number of a record: from its "acklab" header, else from a value tag. False when the
// record carries no well-formed tag.
inline bool readRecordTag(const rd_kafka_message_t* m, std::string_view& runId, int64_t& seq) {
    rd_kafka_headers_t* h = nullptr;
    if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR && h) {
        const void* v = nullptr;
        size_t n = 0;
        if (rd_kafka_header_get_last(h, kMessageTagHeader, &v, &n) == RD_KAFKA_RESP_ERR_NO_ERROR && v)
            return parseMessageTag(std::string_view(static_cast<const char*>(v), n), runId, seq);
    }
    return parseValueTag(std::string_view(static_cast<const char*>(m->payload), m->payload ? m->len : 0), runId, seq);
}

// The order check's scope: "<partition>/<key>" (records of one partition and key must arrive in sequence order).
inline std::string orderScope(const rd_kafka_message_t* m) {
    std::string pk = std::to_string(m->partition) + "/";
    if (m->key) pk.append(static_cast<const char*>(m->key), m->key_len);
    return pk;
}

}  // namespace acklab
