#pragma once
// DLQ records out to files, for the CLI's --export-csv / --export-jsonl and the inspector's Export button.
// JSON lines are DlqRecord::toJson (read back by DlqReader::readFile); CSV has one row per record with the
// full key and value (text, or base64 with an encoding column) so nothing is cut.
#include "dlq/DlqRecord.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace acklab {

class DlqExport {
public:
    static void jsonLines(const std::vector<const DlqRecord*>& records, std::ostream& out);
    static void csv(const std::vector<const DlqRecord*>& records, std::ostream& out);
    // Write to a file; returns "" or why not ("<path>: cannot open for writing").
    static std::string jsonLinesFile(const std::vector<const DlqRecord*>& records, const std::string& path);
    static std::string csvFile(const std::vector<const DlqRecord*>& records, const std::string& path);
    static std::string csvField(const std::string& text);  // RFC 4180 quoting when needed
};

}  // namespace acklab
