#pragma once
// Reads a dead-letter queue: a DLQ topic on any cluster (assign() from the beginning up to the high watermarks
// seen at the start, bounded by a timeout), AckLab's local fallback file, or an exported JSON-lines file.
// Never throws on content and never drops a record: what cannot be understood becomes a record with
// parseError set (DlqRecordParser). For a live view, see DlqTail.
#include "dlq/DlqRecord.h"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace acklab {

struct DlqReaderOptions {
    std::string bootstrap;
    std::vector<std::pair<std::string, std::string>> clientProperties;  // security etc.
    std::string topic = "dead-letter-queue";
    int64_t timeoutMs = 10'000;  // whole read; metadata gets at most this too
};

struct DlqReadResult {
    std::vector<DlqRecord> records;
    bool ok = false;           // read to the end (of the file, or of every partition's high watermark)
    bool unreachable = false;  // no broker answered (CLI exit 3)
    bool missing = false;      // the topic or file does not exist (ok stays true: an empty DLQ)
    std::string error;         // why not ok, or the note for `missing`
    size_t malformed() const;  // records with a parse error
};

class DlqReader {
public:
    static DlqReadResult readTopic(const DlqReaderOptions& options);
    // A missing file is an empty DLQ (missing = true); a file that cannot be read is an error.
    static DlqReadResult readFile(const std::string& path);
    static DlqReadResult readStream(std::istream& in, const std::string& name);
};

}  // namespace acklab
