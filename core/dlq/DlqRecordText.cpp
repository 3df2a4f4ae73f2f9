#include "dlq/DlqRecordText.h"

#include "common/Encoding.h"
#include "dlq/DlqDisplay.h"

#include <sstream>

namespace acklab {
namespace {

std::string timeText(int64_t ms) { return ms > 0 ? isoTimeMs(ms) : "-"; }

std::string label(const std::string& s) {
    return s.size() >= 16 ? s + " " : s + std::string(16 - s.size(), ' ');
}

void headersText(const DlqHeaders& h, std::ostream& out, size_t limit) {
    if (h.empty()) out << "  (none)\n";
    for (const auto& [k, v] : h) {
        const auto d = DlqDisplay::show(std::string_view(v), limit, DlqDisplay::Mode::Auto, true);
        out << "  " << DlqDisplay::escapeControl(k) << " = " << (d.encoding == "hex" ? "hex:" : "") << d.text
            << (d.truncated ? "… (" + std::to_string(d.totalBytes) + " bytes)" : "") << "\n";
    }
}

void bytesText(const char* what, const std::optional<std::string>& b, const DlqRecordTextOptions& o, std::ostream& out) {
    if (!b) {
        out << what << ": (null)\n";
        return;
    }
    const auto d = DlqDisplay::show(b, o.full ? DlqDisplay::kAll : 4096, DlqDisplay::Mode::PrettyJson, false);
    out << what << " (" << d.encoding << ", " << d.totalBytes << " bytes" << (d.truncated ? ", cut: " + o.cutHint : "")
        << "):\n";
    if (d.encoding == "hex") out << hexDump(*b, o.full ? b->size() : 512);
    else out << d.text << (d.text.empty() || d.text.back() == '\n' ? "" : "\n");
}

}  // namespace

std::string dlqOriginalText(const DlqRecord& r) {
    if (r.originalTopic.empty()) return "?";
    std::string s = r.originalTopic + "[" + (r.originalPartition >= 0 ? std::to_string(r.originalPartition) : "-") + "]";
    if (r.originalOffset >= 0) s += "@" + std::to_string(r.originalOffset);
    return s;
}

std::string dlqRecordText(const DlqRecord& r, const DlqRecordTextOptions& o) {
    std::ostringstream out;
    const size_t headerLimit = o.full ? DlqDisplay::kAll : 256;
    out << r.source.describe() << "  format " << toString(r.format) << "\n";
    if (!r.ok()) out << label("PARSE ERROR") << r.parseError << "\n";
    out << label("time") << timeText(r.timeMs());
    if (r.source.kind == DlqSource::Kind::Topic && r.timestampMs > 0 && r.timestampMs != r.timeMs())
        out << "  (DLQ record written " << timeText(r.timestampMs) << ")";
    out << "\n";
    out << label("original") << dlqOriginalText(r) << "\n";
    out << label("error") << (r.errorName.empty() ? "-" : r.errorName);
    if (!r.errorClass.empty() || r.errorCode)
        out << " (" << r.errorClass << (r.errorCode ? std::string(r.errorClass.empty() ? "" : ", ") + "code " + std::to_string(r.errorCode) : "")
            << ")";
    out << "\n";
    if (!r.errorMessage.empty()) out << label("message") << DlqDisplay::escapeControl(r.errorMessage) << "\n";
    if (!r.exceptionClass.empty()) out << label("exception") << r.exceptionClass << "\n";
    out << label("attempts") << r.attempts << "\n";
    if (!r.runId.empty()) out << label("run id") << r.runId << "\n";
    if (!r.profile.empty()) out << label("profile") << r.profile << "\n";
    if (r.producedAtMs > 0) out << label("produced at") << timeText(r.producedAtMs) << "\n";
    if (r.failedAtMs > 0) out << label("failed at") << timeText(r.failedAtMs) << "\n";
    for (const auto& [k, v] : r.details) {
        if (k == "stacktrace") continue;
        out << label(DlqDisplay::escapeControl(k)) << DlqDisplay::escapeControl(v) << "\n";
    }
    bytesText("key", r.key, o, out);
    bytesText("value", r.value, o, out);
    out << "headers (sent on redrive):\n";
    headersText(r.headers, out, headerLimit);
    if (r.source.kind == DlqSource::Kind::Topic) {
        out << "DLQ record headers:\n";
        headersText(r.rawHeaders, out, headerLimit);
    }
    if (auto it = r.details.find("stacktrace"); it != r.details.end()) {
        const auto d = DlqDisplay::show(std::string_view(it->second), o.full ? DlqDisplay::kAll : 2048);
        out << "stacktrace" << (d.truncated ? " (cut: " + o.cutHint + ")" : "") << ":\n" << d.text << "\n";
    }
    if (r.value && !r.value->empty()) {
        out << "value hex" << (!o.full && r.value->size() > 256 ? " (first 256 bytes)" : "") << ":\n";
        out << hexDump(*r.value, o.full ? r.value->size() : 256);
    }
    return out.str();
}

}  // namespace acklab
