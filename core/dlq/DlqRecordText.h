#pragma once
// One DLQ record as readable text: what `acklab-cli dlq show` prints and the window's DLQ tab shows, so both
// describe a record the same way (format, original position, error, attempts, key/value/headers, value hex).
#include "dlq/DlqRecord.h"

#include <string>

namespace acklab {

struct DlqRecordTextOptions {
    bool full = false;                     // every byte; else key/value to 4 KiB, headers to 256 bytes
    std::string cutHint = "--full shows all";  // said where something was cut ("Export has all of it")
};

// "orders[2]@1234", "orders[-]" or "?" when the original topic is unknown.
std::string dlqOriginalText(const DlqRecord& r);
// Several lines, ending with a newline; the first is "<source>  format <format>".
std::string dlqRecordText(const DlqRecord& r, const DlqRecordTextOptions& options = {});

}  // namespace acklab
