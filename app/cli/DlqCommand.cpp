// acklab-cli dlq list|show|redrive: the dead-letter queue, headless.
#include "Args.h"
#include "Commands.h"

#include "cluster/ExternalCluster.h"
#include "common/Encoding.h"
#include "dlq/DlqDisplay.h"
#include "dlq/DlqExport.h"
#include "dlq/DlqFilter.h"
#include "dlq/DlqReader.h"
#include "dlq/DlqRecordText.h"
#include "dlq/DlqWriter.h"
#include "dlq/Redrive.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace acklab::cli {
namespace {

const char* kDlqUsage = R"(acklab-cli dlq — inspect and redrive a dead-letter queue

usage:
  acklab-cli dlq list    SOURCE [FILTERS] [--limit N] [--json] [--export-csv FILE] [--export-jsonl FILE]
  acklab-cli dlq show    N | --offset O [--partition P]   SOURCE [FILTERS] [--json] [--full]
  acklab-cli dlq redrive SOURCE [FILTERS] [--limit N] [--index 1,3,5-7] [--to TOPIC] [--rate MSGS_PER_S]
                         [--keep-partition] [--dry-run] [--yes] [--json]
                         [--dlq-topic T | --no-dlq-topic] [--dlq-file F] [--delivery-timeout DURATION]

SOURCE (one of):
  --bootstrap HOSTS [--topic T] [--security key=value]...   a DLQ topic (default dead-letter-queue)
  --local                                                     AckLab's local fallback file
  --file FILE                                                 a JSON-lines file (fallback or --export-jsonl)
  redrive reads --local/--file if given, else the topic, and sends to --bootstrap.
  --timeout DURATION bounds reading a topic (default 10s).
FILTERS:
  --error NAME  --original-topic T  --grep TEXT  --since ISO  --until ISO   (times UTC: 2026-11-28T18:04:05Z)

list numbers the records (#): a file in line order, a topic oldest first; show N and redrive --index use those numbers with the same
source and filters. redrive sends the ORIGINAL key, value and headers; without --yes it only says what it
would do (--dry-run lists it). Records that fail again go back to the DLQ with attempts + 1.
exit status: 0 ok, 1 some records were not redriven, 2 bad input, 3 cluster unreachable
)";

enum class SourceKind { Topic, File };

struct Loaded {
    std::string source;  // for messages
    std::vector<DlqRecord> all;
    std::vector<const DlqRecord*> shown;  // filtered, sorted, limited
    size_t filteredTotal = 0;
    std::string warning;
};

std::pair<std::string, std::string> keyValue(const std::string& flag, const std::string& kv) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError(flag + ": '" + kv + "' is not key=value");
    return {kv.substr(0, eq), kv.substr(eq + 1)};
}

// Display width in code points (good enough for a terminal table of mostly ASCII).
size_t width(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string pad(const std::string& s, size_t w) { return s + std::string(w > width(s) ? w - width(s) : 0, ' '); }

std::string fit(const std::string& s, size_t w) {
    if (width(s) <= w) return s;
    std::string out;
    size_t n = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) != 0x80 && ++n > w - 1) break;
        out += s[i];
    }
    return out + "…";
}

std::string shortTime(int64_t ms) { return ms > 0 ? isoTimeMs(ms) : "-"; }

std::vector<size_t> parseIndexList(const std::string& text, size_t max) {
    std::vector<size_t> out;
    std::stringstream ss(text);
    for (std::string part; std::getline(ss, part, ',');) {
        if (part.empty()) continue;
        const auto dash = part.find('-');
        auto num = [&](const std::string& s) -> size_t {
            size_t pos = 0;
            unsigned long v = 0;
            try {
                v = std::stoul(s, &pos);
            } catch (...) {
                pos = 0;
            }
            if (pos != s.size() || s.empty() || v < 1 || v > max)
                throw UsageError("--index: '" + s + "' is not a record number from 1 to " + std::to_string(max));
            return static_cast<size_t>(v);
        };
        size_t a = num(dash == std::string::npos ? part : part.substr(0, dash));
        size_t b = dash == std::string::npos ? a : num(part.substr(dash + 1));
        if (b < a) throw UsageError("--index: range '" + part + "' runs backwards");
        for (size_t i = a; i <= b; ++i) out.push_back(i - 1);
    }
    if (out.empty()) throw UsageError("--index: no record numbers given");
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void printTable(const Loaded& l, std::ostream& out) {
    struct Row {
        std::string cells[8];
        bool bad = false;
    };
    const char* titles[8] = {"#", "time", "original", "key", "error", "class", "attempts", "format"};
    std::vector<Row> rows;
    size_t w[8];
    for (size_t c = 0; c < 8; ++c) w[c] = width(titles[c]);
    for (size_t i = 0; i < l.shown.size(); ++i) {
        const auto& r = *l.shown[i];
        Row row;
        row.cells[0] = std::to_string(i + 1);
        row.cells[1] = shortTime(r.timeMs());
        row.cells[2] = fit(dlqOriginalText(r), 40);
        row.cells[3] = fit(DlqDisplay::cell(r.key, 32), 24);
        row.cells[4] = fit(r.errorName.empty() ? (r.ok() ? "-" : "(unreadable)") : r.errorName, 36);
        row.cells[5] = r.errorClass.empty() ? "-" : r.errorClass;
        row.cells[6] = std::to_string(r.attempts);
        row.cells[7] = std::string(toString(r.format)) + (r.ok() ? "" : " !");
        for (size_t c = 0; c < 8; ++c) w[c] = std::max(w[c], width(row.cells[c]));
        rows.push_back(std::move(row));
    }
    for (size_t c = 0; c < 8; ++c) out << pad(titles[c], w[c]) << (c < 7 ? "  " : "\n");
    for (const auto& row : rows)
        for (size_t c = 0; c < 8; ++c) out << pad(row.cells[c], w[c]) << (c < 7 ? "  " : "\n");
}

void printCounts(const Loaded& l, std::ostream& out) {
    std::map<std::string, size_t> byError;
    size_t malformed = 0;
    for (const auto* r : l.shown) {
        ++byError[r->errorName.empty() ? "(none)" : r->errorName];
        if (!r->ok()) ++malformed;
    }
    out << "\n" << l.shown.size() << " record(s) shown";
    if (l.filteredTotal != l.shown.size()) out << " of " << l.filteredTotal << " matching";
    out << " (" << l.all.size() << " in " << l.source << ")";
    if (malformed) out << "; " << malformed << " could not be fully read (marked !; `show N` says why)";
    out << "\nby error:\n";
    std::vector<std::pair<std::string, size_t>> sorted(byError.begin(), byError.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    size_t nw = 0;
    for (const auto& [name, n] : sorted) nw = std::max(nw, width(name));
    for (const auto& [name, n] : sorted) out << "  " << pad(name, nw) << "  " << n << "\n";
}

nlohmann::json outcomeJson(const RedriveOutcome& o) {
    nlohmann::json j;
    j["index"] = o.index + 1;
    j["status"] = RedriveOutcome::statusName(o.status);
    j["topic"] = o.plan.topic;
    j["partition"] = o.partition;
    j["offset"] = o.offset >= 0 ? nlohmann::json(o.offset) : nlohmann::json(nullptr);
    j["key"] = o.plan.key ? nlohmann::json(isValidUtf8(*o.plan.key) ? *o.plan.key : base64Encode(*o.plan.key)) : nlohmann::json(nullptr);
    if (o.plan.key && !isValidUtf8(*o.plan.key)) j["key_encoding"] = "base64";
    j["value_size"] = o.plan.value ? nlohmann::json(o.plan.value->size()) : nlohmann::json(nullptr);
    nlohmann::json h = nlohmann::json::array();
    for (const auto& [k, v] : o.plan.headers) h.push_back({{"key", k}, {"value", isValidUtf8(v) ? v : base64Encode(v)}});
    j["headers"] = std::move(h);
    if (!o.errorName.empty()) j["error_name"] = o.errorName;
    if (!o.error.empty()) j["error"] = o.error;
    return j;
}

}  // namespace

int dlqCommand(const std::vector<std::string>& argv) {
    Args a(argv,
           {"--bootstrap", "--topic", "--file", "--error", "--original-topic", "--grep", "--since", "--until", "--limit",
            "--to", "--rate", "--dlq-topic", "--dlq-file", "--timeout", "--delivery-timeout", "--export-csv",
            "--export-jsonl", "--index", "--offset", "--partition"},
           {"--local", "--json", "--dry-run", "--yes", "--keep-partition", "--full", "--help", "--no-dlq-topic"},
           {"--security"});
    if (a.has("--help")) {
        std::cout << kDlqUsage;
        return kOk;
    }
    const auto& pos = a.positionals();
    if (pos.empty()) throw UsageError("missing subcommand: list, show or redrive (acklab-cli dlq --help)");
    const std::string sub = pos[0];
    if (sub != "list" && sub != "show" && sub != "redrive")
        throw UsageError("'" + sub + "': unknown subcommand (list, show or redrive)");
    if (sub != "show" && pos.size() > 1) throw UsageError("unexpected argument '" + pos[1] + "'");
    if (sub == "show" && pos.size() > 2) throw UsageError("unexpected argument '" + pos[2] + "'");

    // Flags that belong to one subcommand only.
    auto only = [&](const std::string& flag, const std::string& allowed) {
        if (a.has(flag) && sub != allowed) throw UsageError(flag + ": only for `dlq " + allowed + "`");
    };
    for (const char* f : {"--to", "--rate", "--dlq-topic", "--dlq-file", "--delivery-timeout", "--index", "--dry-run",
                          "--yes", "--keep-partition", "--no-dlq-topic"})
        only(f, "redrive");
    for (const char* f : {"--export-csv", "--export-jsonl"}) only(f, "list");
    for (const char* f : {"--offset", "--partition", "--full"}) only(f, "show");

    // Source.
    const bool local = a.has("--local"), file = a.has("--file"), bootstrap = a.has("--bootstrap");
    if (local && file) throw UsageError("--local and --file: choose one source");
    SourceKind kind = SourceKind::Topic;
    std::string path;
    if (local || file) {
        kind = SourceKind::File;
        path = local ? DlqWriter::defaultFallbackPath() : *a.value("--file");
        if (path.empty()) throw UsageError("--file: empty path");
        if (bootstrap && sub != "redrive")
            throw UsageError("--bootstrap: with --local/--file only for `dlq redrive` (the cluster to send to)");
        if (a.has("--topic")) throw UsageError("--topic: names a DLQ topic; the source here is a file");
    } else if (!bootstrap) {
        throw UsageError("--bootstrap HOSTS, --local or --file FILE: say where the DLQ is");
    }
    const std::string hosts = a.value("--bootstrap").value_or("");
    if (bootstrap && hosts.empty()) throw UsageError("--bootstrap: empty");
    std::vector<std::pair<std::string, std::string>> security;
    for (const auto& kv : a.values("--security")) security.push_back(keyValue("--security", kv));
    const std::string topic = a.value("--topic").value_or("dead-letter-queue");
    if (topic.empty()) throw UsageError("--topic: empty");
    const int64_t timeoutMs = a.durationMs("--timeout").value_or(10'000);
    if (timeoutMs <= 0) throw UsageError("--timeout: must be more than 0");

    // Filters (checked before any I/O so bad input is exit 2 whatever the cluster does).
    DlqFilter filter;
    filter.text = a.value("--grep").value_or("");
    filter.errorName = a.value("--error").value_or("");
    filter.originalTopic = a.value("--original-topic").value_or("");
    if (auto s = a.value("--since")) {
        filter.sinceMs = DlqFilter::parseTime(*s, false);
        if (!filter.sinceMs) throw UsageError("--since: '" + *s + "' is not a UTC time like 2026-11-28T18:04:05Z or 2026-11-28");
    }
    if (auto s = a.value("--until")) {
        filter.untilMs = DlqFilter::parseTime(*s, true);
        if (!filter.untilMs) throw UsageError("--until: '" + *s + "' is not a UTC time like 2026-11-28T18:04:05Z or 2026-11-28");
    }
    if (filter.sinceMs && filter.untilMs && *filter.untilMs < *filter.sinceMs) throw UsageError("--until: before --since");
    const int64_t limit = a.integer("--limit", 0, 1, 100'000'000);
    const bool json = a.has("--json");

    // Redrive options, also checked up front.
    RedriveOptions ro;
    std::vector<size_t> picked;
    if (sub == "redrive") {
        if (!bootstrap && !a.has("--dry-run")) throw UsageError("--bootstrap: redrive needs the cluster to send to");
        if (a.has("--dlq-topic") && a.has("--no-dlq-topic")) throw UsageError("--dlq-topic and --no-dlq-topic: choose one");
        ro.bootstrap = hosts;
        ro.clientProperties = security;
        ro.toTopic = a.value("--to").value_or("");
        if (a.has("--to") && ro.toTopic.empty()) throw UsageError("--to: empty topic name");
        ro.rate = a.number("--rate", 0, 0, 10'000'000);
        if (a.has("--rate") && ro.rate <= 0) throw UsageError("--rate: must be more than 0 messages per second");
        ro.dryRun = a.has("--dry-run");
        ro.keepPartition = a.has("--keep-partition");
        ro.deliveryTimeoutMs = a.durationMs("--delivery-timeout").value_or(30'000);
        if (ro.deliveryTimeoutMs <= 0) throw UsageError("--delivery-timeout: must be more than 0");
        ro.dlqTopic = a.has("--no-dlq-topic") ? "" : a.value("--dlq-topic").value_or(kind == SourceKind::Topic ? topic : "dead-letter-queue");
        ro.dlqFile = a.value("--dlq-file").value_or("");
    }
    std::optional<size_t> showIndex;
    if (sub == "show") {
        if (pos.size() == 2 && a.has("--offset")) throw UsageError("--offset: give either a record number or --offset");
        if (pos.size() < 2 && !a.has("--offset")) throw UsageError("show needs a record number (as in `dlq list`) or --offset O");
        if (a.has("--partition") && !a.has("--offset")) throw UsageError("--partition: only with --offset");
        if (pos.size() == 2) {
            size_t p = 0;
            unsigned long v = 0;
            try {
                v = std::stoul(pos[1], &p);
            } catch (...) {
                p = 0;
            }
            if (p != pos[1].size() || v < 1) throw UsageError("show: '" + pos[1] + "' is not a record number (1, 2, ... as in `dlq list`)");
            showIndex = v;
        }
    }
    const int64_t offset = a.integer("--offset", -1, 0, INT64_MAX);       // -1: not given
    const int64_t partition = a.integer("--partition", -1, 0, INT32_MAX);  // -1: any

    // Read.
    Loaded l;
    DlqReadResult read;
    if (kind == SourceKind::File) {
        l.source = path;
        if (file && !std::ifstream(path).good() && !local) {
            throw UsageError("--file: '" + path + "' cannot be read");
        }
        read = DlqReader::readFile(path);
        if (read.missing && local && !json) std::cerr << "acklab-cli dlq: no local DLQ file yet (" << path << ")\n";
    } else {
        l.source = topic + " on " + hosts;
        DlqReaderOptions o;
        o.bootstrap = hosts;
        o.clientProperties = security;
        o.topic = topic;
        o.timeoutMs = timeoutMs;
        read = DlqReader::readTopic(o);
        if (read.unreachable) {
            std::cerr << "acklab-cli dlq: cluster unreachable at " << hosts << ": " << read.error << "\n";
            return kUnreachable;
        }
        if (read.missing && !json) std::cerr << "acklab-cli dlq: " << read.error << " (an empty DLQ)\n";
    }
    if (!read.ok) {
        if (read.records.empty() && kind == SourceKind::File) {
            std::cerr << "acklab-cli dlq: " << read.error << "\n";
            return kBadInput;
        }
        std::cerr << "acklab-cli dlq: warning: " << read.error << "; showing what was read\n";
    }
    l.all = std::move(read.records);
    // Deterministic order so `list` numbers mean the same in show/redrive: a file in its line order; a topic
    // (whose partitions arrive interleaved) by the DLQ records' timestamps, then partition and offset.
    if (kind == SourceKind::Topic)
        std::stable_sort(l.all.begin(), l.all.end(), [](const DlqRecord& x, const DlqRecord& y) {
            if (x.timestampMs != y.timestampMs) return x.timestampMs < y.timestampMs;
            if (x.source.partition != y.source.partition) return x.source.partition < y.source.partition;
            return x.source.offset < y.source.offset;
        });
    for (const auto& r : l.all)
        if (filter.matches(r)) l.shown.push_back(&r);
    l.filteredTotal = l.shown.size();
    if (limit > 0 && l.shown.size() > static_cast<size_t>(limit)) l.shown.resize(static_cast<size_t>(limit));

    if (sub == "list") {
        if (json) {
            for (size_t i = 0; i < l.shown.size(); ++i) {
                auto j = l.shown[i]->toJson();
                j["index"] = i + 1;
                std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            }
        } else {
            printTable(l, std::cout);
            printCounts(l, std::cout);
        }
        if (auto p = a.value("--export-csv")) {
            if (auto e = DlqExport::csvFile(l.shown, *p); !e.empty()) throw UsageError("--export-csv: " + e);
            std::cerr << "exported " << l.shown.size() << " record(s) to " << *p << "\n";
        }
        if (auto p = a.value("--export-jsonl")) {
            if (auto e = DlqExport::jsonLinesFile(l.shown, *p); !e.empty()) throw UsageError("--export-jsonl: " + e);
            std::cerr << "exported " << l.shown.size() << " record(s) to " << *p << "\n";
        }
        return kOk;
    }

    if (sub == "show") {
        const DlqRecord* found = nullptr;
        size_t number = 0;
        if (showIndex) {
            if (*showIndex > l.shown.size())
                throw UsageError("show: record " + std::to_string(*showIndex) + " does not exist (" +
                                 std::to_string(l.shown.size()) + " record(s) with these filters)");
            found = l.shown[*showIndex - 1];
            number = *showIndex;
        } else {
            std::vector<size_t> hits;
            for (size_t i = 0; i < l.shown.size(); ++i) {
                const auto& s = l.shown[i]->source;
                const int64_t at = s.kind == DlqSource::Kind::Topic ? s.offset : s.line;
                if (at == offset && (partition < 0 || s.partition == partition)) hits.push_back(i);
            }
            if (hits.empty())
                throw UsageError("--offset: no record at offset " + std::to_string(offset) +
                                 (partition >= 0 ? " of partition " + std::to_string(partition) : std::string()));
            if (hits.size() > 1)
                throw UsageError("--offset: " + std::to_string(hits.size()) + " partitions have offset " +
                                 std::to_string(offset) + "; add --partition");
            found = l.shown[hits[0]];
            number = hits[0] + 1;
        }
        if (json) {
            auto j = found->toJson();
            j["index"] = number;
            std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        } else {
            DlqRecordTextOptions to;
            to.full = a.has("--full");
            std::cout << "record #" << number << "  " << dlqRecordText(*found, to);
        }
        return kOk;
    }

    // redrive
    std::vector<DlqRecord> selected;
    std::vector<size_t> numbers;
    if (auto idx = a.value("--index")) {
        if (l.shown.empty()) throw UsageError("--index: no records match");
        for (size_t i : parseIndexList(*idx, l.shown.size())) {
            selected.push_back(*l.shown[i]);
            numbers.push_back(i + 1);
        }
    } else {
        for (size_t i = 0; i < l.shown.size(); ++i) {
            selected.push_back(*l.shown[i]);
            numbers.push_back(i + 1);
        }
    }
    if (selected.empty()) {
        std::cerr << "acklab-cli dlq redrive: no records match; nothing to do\n";
        return kOk;
    }
    if (!ro.dryRun && !a.has("--yes")) {
        std::set<std::string> targets;
        for (const auto& r : selected) targets.insert(ro.toTopic.empty() ? (r.originalTopic.empty() ? "?" : r.originalTopic) : ro.toTopic);
        std::string t;
        for (const auto& s : targets) t += (t.empty() ? "" : ", ") + s;
        std::cerr << "acklab-cli dlq redrive: would send " << selected.size() << " record(s) to " << t << " on "
                  << hosts << ".\nNothing was sent. Re-run with --dry-run to see each record, or add --yes to send them.\n";
        return kBadInput;
    }
    if (!ro.dryRun) {
        std::string err;
        const auto view = ExternalCluster::metadataView(hosts, security, "", static_cast<int>(std::min<int64_t>(timeoutMs, 10'000)), &err);
        if (view.brokers.empty()) {
            std::cerr << "acklab-cli dlq: cluster unreachable at " << hosts << ": " << (err.empty() ? "no brokers answered" : err) << "\n";
            return kUnreachable;
        }
    }
    const auto summary = Redrive::run(selected, ro, nullptr, [&](const RedriveOutcome& o) {
        if (json) {
            auto j = outcomeJson(o);
            j["index"] = numbers[o.index];
            std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            return;
        }
        std::cout << "#" << numbers[o.index] << "  " << RedriveOutcome::statusName(o.status);
        switch (o.status) {
            case RedriveOutcome::Status::WouldSend:
                std::cout << "  -> " << o.plan.topic << " partition " << (o.plan.partition >= 0 ? std::to_string(o.plan.partition) : "any")
                          << "  key " << DlqDisplay::cell(o.plan.key, 32) << "  value "
                          << (o.plan.value ? std::to_string(o.plan.value->size()) + " bytes" : "null") << "  headers "
                          << o.plan.headers.size();
                for (const auto& [k, v] : o.plan.headers) std::cout << " " << k << "=" << DlqDisplay::cell(v, 24);
                break;
            case RedriveOutcome::Status::Sent:
                std::cout << "  -> " << o.plan.topic << "[" << o.partition << "]@" << o.offset;
                break;
            case RedriveOutcome::Status::FailedAgain:
                std::cout << "  -> " << o.plan.topic << ": " << o.errorName << " (" << o.error << "); back to the DLQ";
                break;
            case RedriveOutcome::Status::Skipped:
                std::cout << "  " << o.error;
                break;
        }
        std::cout << "\n";
    });
    if (json) {
        nlohmann::json s;
        s["dry_run"] = summary.dryRun;
        s["would_send"] = summary.wouldSend;
        s["redriven"] = summary.redriven;
        s["failed_again"] = summary.failedAgain;
        s["requeued_to_topic"] = summary.requeuedToTopic;
        s["requeued_to_file"] = summary.requeuedToFile;
        s["requeue_lost"] = summary.requeueLost;
        s["skipped"] = summary.skipped;
        s["dlq_topic"] = summary.dlqTopic;
        s["dlq_file"] = summary.dlqFile;
        if (!summary.error.empty()) s["error"] = summary.error;
        std::cout << nlohmann::json{{"summary", s}}.dump() << "\n";
    } else {
        std::cout << summary.text() << "\n";
    }
    if (!summary.error.empty()) return kBadInput;
    return summary.allOk() ? kOk : kConditionFailed;
}

}  // namespace acklab::cli
