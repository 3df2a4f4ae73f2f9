#include "scenario/HtmlReport.h"

#include "common/BuildInfo.h"
#include "metrics/ErrorClassifier.h"
#include "scenario/SvgChart.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <sstream>

namespace acklab {
namespace {

const char* kColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"};

std::string color(size_t i) { return kColors[i % (sizeof kColors / sizeof kColors[0])]; }

std::string esc(const std::string& s) { return SvgChart::escape(s); }

std::string fixed(double v, int digits = 2) {
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", digits, v);
    return b;
}

double ms(int64_t us) { return static_cast<double>(us) / 1000.0; }

std::string prop(const RunRecord& r, const std::string& key) {
    for (const auto& [k, v] : r.result.effectiveProperties)
        if (k == key) return v;
    return "-";
}

std::string paragraphs(const std::string& text) {
    std::string out, para;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) {
            if (!para.empty()) out += "<p>" + esc(para) + "</p>";
            para.clear();
        } else {
            para += (para.empty() ? "" : " ") + line;
        }
    }
    if (!para.empty()) out += "<p>" + esc(para) + "</p>";
    return out;
}

std::string nowText() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char b[40];
    std::strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return b;
}

const char* kStyle = R"(<style>
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px auto;max-width:1360px;color:#222;padding:0 16px}
h1{font-size:22px;margin-bottom:4px} h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}
.meta{color:#666;font-size:13px}
.desc{background:#f6f8fa;border-left:4px solid #1f77b4;padding:6px 14px;margin:12px 0;font-size:14px;line-height:1.45}
table{border-collapse:collapse;font-size:13px;margin:6px 0}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f4} td.num{text-align:right;font-variant-numeric:tabular-nums}
.met{color:#18794e;font-weight:bold} .notmet{color:#c62828;font-weight:bold}
.summary{font-size:15px;margin:10px 0;padding:8px 12px;border-radius:4px}
.summary.ok{background:#e8f5e9} .summary.bad{background:#fdecea}
.charts{display:flex;flex-wrap:wrap;gap:12px} .charts svg{border:1px solid #e5e5e5;border-radius:3px}
.small{font-size:12px;color:#555} code{background:#f3f3f3;padding:1px 4px;border-radius:3px}
details{margin:6px 0} summary{cursor:pointer}
</style>)";

std::string profilesTable(const std::vector<RunRecord>& recs) {
    std::ostringstream o;
    o << "<table class=\"profiles\"><tr><th></th>";
    for (size_t i = 0; i < recs.size(); ++i)
        o << "<th style=\"border-top:3px solid " << color(i) << "\">" << esc(recs[i].result.profileName) << "</th>";
    o << "</tr>";
    auto row = [&](const std::string& label, auto&& cell, bool numeric = true) {
        o << "<tr><th>" << esc(label) << "</th>";
        for (const auto& r : recs) o << "<td" << (numeric ? " class=\"num\"" : "") << ">" << esc(cell(r)) << "</td>";
        o << "</tr>";
    };
    row("acks", [](const RunRecord& r) { return prop(r, "acks"); });
    row("enable.idempotence", [](const RunRecord& r) { return prop(r, "enable.idempotence"); });
    row("delivery.timeout.ms", [](const RunRecord& r) { return prop(r, "delivery.timeout.ms"); });
    row("sent", [](const RunRecord& r) { return std::to_string(r.result.counters.sent); });
    row("delivered", [](const RunRecord& r) { return std::to_string(r.result.counters.delivered); });
    row("failed", [](const RunRecord& r) { return std::to_string(r.result.counters.failed); });
    row("dlq", [](const RunRecord& r) { return std::to_string(r.result.counters.dlq()); });
    row("in flight at end", [](const RunRecord& r) { return std::to_string(r.result.inFlightAtEnd); });
    row("latency p50 ms", [](const RunRecord& r) { return fixed(ms(r.result.latency.percentile(0.5))); });
    row("latency p95 ms", [](const RunRecord& r) { return fixed(ms(r.result.latency.percentile(0.95))); });
    row("latency p99 ms", [](const RunRecord& r) { return fixed(ms(r.result.latency.percentile(0.99))); });
    row("latency max ms", [](const RunRecord& r) { return fixed(ms(r.result.latency.max())); });
    row("msgs/s", [](const RunRecord& r) { return fixed(r.result.throughputMsgsPerS, 0); });
    auto audit = [](const RunRecord& r, uint64_t AuditResult::*f) {
        return r.audit && r.audit->ok ? std::to_string((*r.audit).*f) : std::string("-");
    };
    row("audit: lost", [&](const RunRecord& r) { return audit(r, &AuditResult::lost); });
    row("audit: duplicated", [&](const RunRecord& r) { return audit(r, &AuditResult::duplicated); });
    row("audit: reordered", [&](const RunRecord& r) { return audit(r, &AuditResult::reordered); });
    if (std::any_of(recs.begin(), recs.end(), [](const RunRecord& r) { return r.e2e.has_value(); })) {
        auto e2e = [](const RunRecord& r, uint64_t E2eTotals::*f) {
            return r.e2e ? std::to_string((*r.e2e).totals.*f) : std::string("-");
        };
        auto e2eMs = [](const RunRecord& r, double q) {
            return r.e2e ? fixed(ms(r.e2e->totals.latency.percentile(q))) : std::string("-");
        };
        row("e2e latency p50 ms", [&](const RunRecord& r) { return e2eMs(r, 0.5); });
        row("e2e latency p99 ms", [&](const RunRecord& r) { return e2eMs(r, 0.99); });
        row("e2e: lost (live)", [&](const RunRecord& r) { return e2e(r, &E2eTotals::lost); });
        row("e2e: duplicated (live)", [&](const RunRecord& r) { return e2e(r, &E2eTotals::duplicated); });
        row("e2e: reordered (live)", [&](const RunRecord& r) { return e2e(r, &E2eTotals::reordered); });
        row("e2e: arrived unacknowledged", [&](const RunRecord& r) { return e2e(r, &E2eTotals::arrivedUnacknowledged); });
    }
    o << "</table>";
    return o.str();
}

std::string charts(const std::vector<RunRecord>& recs) {
    SvgChart lat("Latency per interval (p99 solid, p50 dashed)", "seconds from start", "ms");
    SvgChart thr("Throughput: delivered per second", "seconds from start", "msgs/s");
    SvgChart fail("Failures per interval", "seconds from start", "failed messages");
    for (size_t i = 0; i < recs.size(); ++i) {
        const auto& r = recs[i].result;
        SvgChart::Series p99{r.profileName + " p99", color(i), false, {}}, p50{r.profileName + " p50", color(i), true, {}};
        SvgChart::Series t{r.profileName, color(i), false, {}}, f{r.profileName, color(i), false, {}};
        for (size_t k = 0; k < r.timeline.size(); ++k) {
            const auto& p = r.timeline[k];
            const double x = static_cast<double>(p.tMs) / 1000.0;
            const int64_t width = k + 1 < r.timeline.size() ? r.timeline[k + 1].tMs - p.tMs : 100;
            if (p.delivered + p.failed > 0 || p.p99Ms > 0) {
                p99.points.emplace_back(x, p.p99Ms);
                p50.points.emplace_back(x, p.p50Ms);
            }
            t.points.emplace_back(x, width > 0 ? static_cast<double>(p.delivered) * 1000.0 / static_cast<double>(width) : 0);
            f.points.emplace_back(x, static_cast<double>(p.failed));
        }
        lat.addSeries(std::move(p99));
        lat.addSeries(std::move(p50));
        thr.addSeries(std::move(t));
        fail.addSeries(std::move(f));
    }
    // End to end (the live tracker): consumed minus CreateTime, per interval, and what it counted lost so far.
    SvgChart e2eLat("End-to-end latency per interval (p99 solid, p50 dashed)", "seconds from start", "ms");
    SvgChart e2eLost("Lost so far (live end-to-end tracker)", "seconds from start", "records");
    bool anyE2e = false;
    for (size_t i = 0; i < recs.size(); ++i) {
        if (!recs[i].e2e) continue;
        anyE2e = true;
        const auto& name = recs[i].result.profileName;
        SvgChart::Series p99{name + " e2e p99", color(i), false, {}}, p50{name + " e2e p50", color(i), true, {}};
        SvgChart::Series lost{name, color(i), false, {}};
        for (const auto& p : recs[i].e2e->points) {
            const double x = static_cast<double>(p.tMs) / 1000.0;
            if (p.seen > 0) {
                p99.points.emplace_back(x, p.p99Ms);
                p50.points.emplace_back(x, p.p50Ms);
            }
            lost.points.emplace_back(x, static_cast<double>(p.lost));
        }
        e2eLat.addSeries(std::move(p99));
        e2eLat.addSeries(std::move(p50));
        e2eLost.addSeries(std::move(lost));
    }
    if (!recs.empty())
        for (const auto& fl : recs.front().faults)
            for (SvgChart* c : {&lat, &thr, &fail, &e2eLat, &e2eLost}) c->addMarker(static_cast<double>(fl.atMs) / 1000.0, fl.spec);
    return "<div class=\"charts\">" + lat.render() + (anyE2e ? e2eLat.render() : std::string()) + thr.render() +
           fail.render() + (anyE2e ? e2eLost.render() : std::string()) + "</div>";
}

std::string errorsSection(const std::vector<RunRecord>& recs) {
    std::ostringstream o;
    bool any = false;
    o << "<table><tr><th>profile</th><th>error</th><th>class</th><th>count</th><th>what it means</th><th>remedy</th></tr>";
    for (const auto& rec : recs)
        for (const auto& e : rec.result.errors) {
            any = true;
            const ErrorInfo info = ErrorClassifier::classify(e.code);
            o << "<tr><td>" << esc(rec.result.profileName) << "</td><td><code>" << esc(e.name) << "</code></td><td>"
              << esc(e.errorClass) << "</td><td class=\"num\">" << e.count << "</td><td>" << esc(info.explanation)
              << "</td><td>" << esc(info.remedy) << "</td></tr>";
        }
    o << "</table>";
    std::ostringstream ev;
    size_t shown = 0;
    for (const auto& rec : recs)
        for (const auto& e : rec.result.events) {
            if (e.name.empty() || shown >= 40) continue;
            ++shown;
            ev << "<tr><td>" << esc(rec.result.profileName) << "</td><td class=\"num\">"
               << fixed(static_cast<double>(e.tMs) / 1000.0, 2) << " s</td><td><code>" << esc(e.name) << "</code></td><td>"
               << esc(e.message) << "</td><td>" << esc(e.remedy) << "</td></tr>";
        }
    std::string out = any ? o.str() : "<p>No message failed.</p>";
    std::string retried;
    for (const auto& rec : recs)
        for (const auto& [name, n] : rec.result.retriedRequests)
            retried += "<li>" + esc(rec.result.profileName) + ": <code>" + esc(name) + "</code> × " + std::to_string(n) +
                       " Produce request(s) failed and were retried by librdkafka</li>";
    if (!retried.empty()) out += "<p>Retried inside the producer (not message failures):</p><ul>" + retried + "</ul>";
    if (shown)
        out += "<h3>Events</h3><table><tr><th>profile</th><th>at</th><th>error</th><th>what happened</th><th>remedy</th>"
               "</tr>" + ev.str() + "</table>";
    for (const auto& rec : recs)
        if (rec.result.fatal)
            out += "<p class=\"notmet\">" + esc(rec.result.profileName) + ": FATAL " + esc(rec.result.fatalError) + "</p>";
    return out;
}

std::string faultsSection(const std::vector<RunRecord>& recs) {
    if (recs.empty() || recs.front().faults.empty()) return "<p>No faults.</p>";
    std::ostringstream o;
    o << "<table><tr><th>at</th><th>fault</th><th>result</th></tr>";
    for (const auto& f : recs.front().faults)
        o << "<tr><td class=\"num\">" << fixed(static_cast<double>(f.atMs) / 1000.0, 2) << " s</td><td><code>"
          << esc(f.spec) << "</code></td><td" << (f.ok ? "" : " class=\"notmet\"") << ">" << (f.ok ? "" : "FAILED: ")
          << esc(f.result) << "</td></tr>";
    o << "</table>";
    if (recs.size() > 1 && recs.front().cluster.rfind("embedded", 0) == 0)
        o << "<p class=\"small\">Each profile ran on an embedded cluster of its own with the same faults at the same "
             "moments (times above are the first profile's).</p>";
    return o.str();
}

std::string auditSection(const std::vector<RunRecord>& recs) {
    bool any = false;
    std::ostringstream o;
    o << "<table><tr><th>profile</th><th>checked</th><th>read back</th><th>lost</th><th>duplicated</th><th>reordered</th>"
         "<th>written, not acknowledged</th><th>examples (sequence numbers)</th></tr>";
    for (const auto& rec : recs) {
        if (!rec.audit) continue;
        any = true;
        const auto& a = *rec.audit;
        if (!a.ok) {
            o << "<tr><td>" << esc(rec.result.profileName) << "</td><td colspan=\"7\" class=\"notmet\">audit not completed: "
              << esc(a.error) << "</td></tr>";
            continue;
        }
        auto list = [](const std::vector<int64_t>& v) {
            std::string s;
            for (auto x : v) s += (s.empty() ? "" : ", ") + std::to_string(x);
            return s;
        };
        std::string ex;
        if (!a.lostExamples.empty()) ex += "lost: " + list(a.lostExamples) + " ";
        if (!a.duplicatedExamples.empty()) ex += "duplicated: " + list(a.duplicatedExamples) + " ";
        if (!a.reorderedExamples.empty()) ex += "reordered: " + list(a.reorderedExamples);
        o << "<tr><td>" << esc(rec.result.profileName) << "</td><td class=\"num\">" << a.checked << "</td><td class=\"num\">"
          << a.read << "</td><td class=\"num" << (a.lost ? " notmet" : "") << "\">" << a.lost << "</td><td class=\"num"
          << (a.duplicated ? " notmet" : "") << "\">" << a.duplicated << "</td><td class=\"num\">" << a.reordered
          << "</td><td class=\"num\">" << a.presentNotAcked << "</td><td>" << esc(ex) << "</td></tr>";
    }
    o << "</table><p class=\"small\">The audit reads the topic back and checks every message of the run by its run id and "
         "sequence number: <b>lost</b> = acknowledged but never read; <b>duplicated</b> = extra copies read.</p>";
    return any ? o.str() : "<p>No audit in this run.</p>";
}

std::string propertiesSection(const std::vector<RunRecord>& recs) {
    std::ostringstream o;
    for (const auto& rec : recs) {
        o << "<details><summary>" << esc(rec.result.profileName) << ": effective producer properties</summary><table>";
        for (const auto& [k, v] : rec.result.effectiveProperties)
            o << "<tr><td><code>" << esc(k) << "</code></td><td>" << esc(v) << "</td></tr>";
        o << "</table></details>";
    }
    return o.str();
}

std::string runSections(const std::vector<RunRecord>& recs) {
    std::string s;
    s += "<h3>Profiles side by side</h3>" + profilesTable(recs);
    s += "<h3>Timeline</h3>" + charts(recs);
    s += "<h3>Errors</h3>" + errorsSection(recs);
    s += "<h3>Faults</h3>" + faultsSection(recs);
    s += "<h3>Audit</h3>" + auditSection(recs);
    s += "<h3>Configuration</h3>" + propertiesSection(recs);
    return s;
}

std::string page(const std::string& title, const std::string& body) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>" + kStyle +
           "</head><body>" + body + "<p class=\"small\">Generated by AckLab " + esc(BuildInfo::fullVersion()) +
           " on " + nowText() + ".</p></body></html>\n";
}

}  // namespace

std::string htmlReport(const ScenarioResult& result) {
    std::ostringstream b;
    b << "<h1>Scenario: " << esc(result.name) << "</h1><div class=\"meta\">cluster " << esc(result.cluster) << " · "
      << result.runs.size() << " run(s)</div>";
    if (!result.description.empty()) b << "<div class=\"desc\">" << paragraphs(result.description) << "</div>";
    size_t total = 0;
    for (const auto& r : result.runs) total += r.expectations.size();
    const auto failed = result.failed();
    b << "<h2>Expectations</h2>";
    if (total == 0) b << "<p>This scenario states no expectations.</p>";
    else {
        b << "<div class=\"summary " << (failed.empty() ? "ok" : "bad") << "\">" << (total - failed.size()) << " of " << total
          << " expectation(s) met" << (failed.empty() ? "" : " — " + std::to_string(failed.size()) + " NOT met") << "</div>";
        b << "<table><tr><th>run</th><th>profile</th><th>expectation</th><th>in file</th><th>actual</th><th>result</th></tr>";
        for (const auto& r : result.runs)
            for (const auto& e : r.expectations)
                b << "<tr><td class=\"num\">" << (r.repeat + 1) << "</td><td>" << esc(e.profile) << "</td><td><code>"
                  << esc(e.text) << "</code></td><td>" << esc(e.where) << "</td><td class=\"num\">" << esc(e.actual)
                  << "</td><td class=\"" << (e.met ? "met\">met" : "notmet\">NOT met") << "</td></tr>";
        b << "</table>";
    }
    for (const auto& r : result.runs) {
        b << "<h2>Run " << (r.repeat + 1) << (result.runs.size() > 1 ? " of " + std::to_string(result.runs.size()) : "")
          << " <span class=\"meta\">topic " << esc(r.topic) << "</span></h2>";
        b << runSections(r.records);
    }
    return page("AckLab scenario: " + result.name, b.str());
}

std::string htmlReport(const std::vector<RunRecord>& records, const std::string& title) {
    std::ostringstream b;
    b << "<h1>" << esc(title) << "</h1>";
    if (!records.empty()) b << "<div class=\"meta\">cluster " << esc(records.front().cluster) << "</div>";
    b << runSections(records);
    return page(title, b.str());
}

}  // namespace acklab
