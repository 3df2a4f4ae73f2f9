#include "monitor/Monitor.h"

#include "common/Format.h"
#include "monitor/PrometheusWriter.h"
#include "scenario/RunReport.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

namespace acklab {
namespace {

constexpr int64_t kForeverMs = 10LL * 365 * 24 * 3600 * 1000;  // "until stopped"

double seconds(int64_t us) { return static_cast<double>(us) / 1e6; }

}  // namespace

Monitor::Monitor(MonitorOptions options, Cluster& cluster) : options_(std::move(options)), clusterLabel_(cluster.describe()) {
    if (!(options_.rate > 0) || options_.rate > 1'000'000) throw RunError("rate: must be more than 0 and at most 1,000,000 messages/s");
    if (options_.createTopic)
        if (auto err = cluster.prepareTopic(options_.topic, options_.partitions); !err.empty())
            throw RunError("topic '" + options_.topic + "': " + err);
    RunOptions o;
    o.profile = options_.profile;
    o.bootstrap = cluster.bootstrapServers();
    o.clusterProperties = cluster.clientProperties();
    o.traffic.topic = options_.topic;
    o.traffic.partitions = options_.partitions;
    o.traffic.durationMs = kForeverMs;
    o.traffic.rate = options_.rate;
    o.traffic.valueSize = options_.valueSize;
    o.dlqTopic = options_.dlqTopic;
    o.dlqFile = options_.dlqFile;
    o.intervalMs = kProducerIntervalMs;  // the producer's own timeline grows by one point a second
    if (options_.availabilityThresholdMs < 1) throw RunError("availability threshold: must be at least 1 ms");
    o.overdueAfterMs = options_.availabilityThresholdMs;
    run_ = std::make_unique<ProducerRun>(std::move(o));
    E2eOptions e;
    e.bootstrap = cluster.bootstrapServers();
    e.clientProperties = cluster.clientProperties();
    e.topic = options_.topic;
    e.runId = run_->runId();
    e.expectedMessages = 0;  // a ring, recycled as it is judged
    e.ringChunks = options_.ringChunks;
    e.intervalMs = 250;  // the sampler reads the tracker once a second: keep what it reads fresh
    e.graceMs = options_.graceMs;
    e.maxPoints = 60;
    e.finishTimeoutMs = 3 * options_.graceMs + 10'000;
    try {
        tracker_ = std::make_unique<E2eTracker>(std::move(e));
    } catch (const E2eError& err) {
        throw RunError(err.what());
    }
    run_->setOutcomeBoard(&tracker_->board());
    windows_.emplace_back("1m", 1, 60);
    windows_.emplace_back("5m", 5, 60);
    windows_.emplace_back("1h", 60, 60);
}

Monitor::~Monitor() {
    stop();
    run_.reset();  // the producer goes before the board it writes to
    tracker_.reset();
}

void Monitor::start() {
    if (sampler_.joinable()) return;
    t0_ = ProducerRun::Clock::now();
    {
        std::lock_guard lock(mutex_);
        started_ = true;
    }
    tracker_->start(t0_);
    run_->start(t0_);
    sampler_ = std::thread([this] { samplerMain(); });
}

void Monitor::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopped_ || !started_) return;
        stopping_ = true;
        stoppedAtMs_ = std::chrono::duration_cast<std::chrono::milliseconds>(ProducerRun::Clock::now() - t0_).count();
    }
    cv_.notify_all();
    sampler_.join();
    run_->requestStop();
    run_->wait();
    tracker_->producerFinished(static_cast<int64_t>(run_->snapshot(SIZE_MAX, SIZE_MAX).counters.sent));
    tracker_->finish(std::chrono::milliseconds(tracker_->options().finishTimeoutMs + 5000));
    sampleOnce(true);
    std::lock_guard lock(mutex_);
    stopped_ = true;
}

void Monitor::samplerMain() {
    std::unique_lock lock(mutex_);
    // Half a second after each of the producer's 1 s interval boundaries: each sample then holds exactly one
    // published interval (sampling on the boundary would see 0 and 2 intervals by turns).
    for (int64_t s = 1;; ++s) {
        if (cv_.wait_until(lock, t0_ + std::chrono::milliseconds(1000 * s + 500), [this] { return stopping_; })) return;
        lock.unlock();
        sampleOnce(false);
        lock.lock();
    }
}

void Monitor::sampleOnce(bool final) {
    const RunSnapshot rs = run_->snapshot(SIZE_MAX, SIZE_MAX);
    E2eSnapshot es = tracker_->snapshot(0);
    if (!final) {
        // The producer publishes its counters at the end of each 1 s interval; the tracker publishes every 250 ms,
        // so its totals run up to 750 ms ahead (seen in the window: "sent 700 ... read back 712"). Its counts are
        // taken back to the producer's last boundary, so read back never runs ahead of sent and each sample holds
        // the same second of both. (The latency histogram is the tracker's latest.)
        const int64_t asOfMs = static_cast<int64_t>(rs.timelineEnd) * kProducerIntervalMs;
        for (const auto& p : es.points) {
            if (p.tMs < asOfMs) continue;
            es.totals.seen -= std::min(es.totals.seen, p.seen);
            es.totals.duplicated -= std::min(es.totals.duplicated, p.duplicated);
            es.totals.reordered -= std::min(es.totals.reordered, p.reordered);
        }
    }
    es.points.clear();
    MonitorSample s;
    s.sent = rs.counters.sent - std::min(rs.counters.sent, prevCounters_.sent);
    s.delivered = rs.counters.delivered - std::min(rs.counters.delivered, prevCounters_.delivered);
    s.failed = rs.counters.failed - std::min(rs.counters.failed, prevCounters_.failed);
    std::map<std::string, uint64_t> errors;
    for (const auto& e : rs.errors) errors[e.errorClass.empty() ? "unknown" : e.errorClass] += e.count;
    for (const auto& [cls, n] : errors)
        if (n > prevErrors_[cls]) s.errorsByClass[cls] = n - prevErrors_[cls];
    s.delivery = rs.latency;
    s.delivery.subtract(prevDelivery_);
    s.late = std::min(s.delivered, s.delivery.countAbove(options_.availabilityThresholdMs * 1000));
    s.overdueChange = static_cast<int64_t>(rs.overdue) - static_cast<int64_t>(prevOverdue_);
    prevOverdue_ = rs.overdue;
    const auto& t = es.totals;
    s.e2e = t.latency;
    s.e2e.subtract(prevE2e_);
    s.seen = t.seen - std::min(t.seen, prevE2eTotals_.seen);
    s.duplicated = t.duplicated - std::min(t.duplicated, prevE2eTotals_.duplicated);
    s.reordered = t.reordered - std::min(t.reordered, prevE2eTotals_.reordered);
    s.newlyLost = t.lost > prevE2eTotals_.lost ? t.lost - prevE2eTotals_.lost : 0;
    prevCounters_ = rs.counters;
    prevErrors_ = std::move(errors);
    prevDelivery_ = rs.latency;
    prevE2e_ = t.latency;
    prevE2eTotals_ = t;
    prevE2eTotals_.latency.reset();  // kept in prevE2e_

    const int64_t second = final ? std::max<int64_t>(sampledSecond_, 0)
                                 : std::chrono::duration_cast<std::chrono::seconds>(ProducerRun::Clock::now() - t0_).count();
    MonitorSecond p;
    p.tS = second;
    p.produceAvailability = s.produceAvailability();
    p.e2eAvailability = s.e2eAvailability();
    p.deliveryP99Ms = static_cast<double>(s.delivery.percentile(0.99)) / 1000.0;
    p.e2eP99Ms = static_cast<double>(s.e2e.percentile(0.99)) / 1000.0;
    p.sent = s.sent;
    p.delivered = s.delivered;
    p.failed = s.failed;
    p.seen = s.seen;
    p.duplicated = s.duplicated;
    p.lost = t.lost;
    std::lock_guard lock(mutex_);
    sampledSecond_ = second;
    for (auto& w : windows_) w.add(second, s);
    seconds_.push_back(p);
    if (seconds_.size() > options_.historySeconds) {
        seconds_.pop_front();
        ++secondsDropped_;
    }
    counters_ = rs.counters;
    delivery_ = rs.latency;
    e2e_ = es;
    errors_ = rs.errors;
}

MonitorSnapshot Monitor::snapshot(size_t secondsFrom) const {
    MonitorSnapshot m;
    m.runId = run_->runId();
    m.profile = options_.profile.name();
    m.cluster = clusterLabel_;
    m.topic = options_.topic;
    m.rate = options_.rate;
    std::lock_guard lock(mutex_);
    m.uptimeMs = !started_  ? 0
                 : stopping_ ? stoppedAtMs_
                             : std::chrono::duration_cast<std::chrono::milliseconds>(ProducerRun::Clock::now() - t0_).count();
    m.state = stopped_ ? "stopped" : stopping_ ? "stopping" : started_ ? "running" : "starting";
    m.counters = counters_;
    m.delivery = delivery_;
    m.e2e = e2e_;
    m.errors = errors_;
    for (const auto& w : windows_) m.windows.push_back({w.name(), w.seconds(), w.total(sampledSecond_)});
    const size_t end = secondsDropped_ + seconds_.size();
    const size_t from = secondsFrom == SIZE_MAX ? end : std::max(secondsFrom, secondsDropped_);
    if (from < end) m.seconds.assign(seconds_.begin() + static_cast<std::ptrdiff_t>(from - secondsDropped_), seconds_.end());
    m.secondsEnd = end;
    return m;
}

std::string Monitor::prometheusText() const {
    const MonitorSnapshot m = snapshot();
    PrometheusWriter w;
    const PrometheusWriter::Labels base = {{"profile", m.profile}, {"cluster", m.cluster}};
    auto with = [&](std::vector<std::pair<std::string, std::string>> more) {
        PrometheusWriter::Labels l = base;
        for (auto& kv : more) l.push_back(std::move(kv));
        return l;
    };
    auto counter = [&](const std::string& name, const std::string& help, double v) {
        w.family(name, "counter", help);
        w.sample(name, base, v);
    };
    auto gauge = [&](const std::string& name, const std::string& help, double v) {
        w.family(name, "gauge", help);
        w.sample(name, base, v);
    };
    auto summary = [&](const std::string& name, const std::string& help, const LatencyHistogram& h) {
        w.family(name, "summary", help);
        for (const char* q : {"0.5", "0.99", "0.999"})
            w.sample(name, with({{"quantile", q}}), seconds(h.percentile(std::stod(q))));
        w.sample(name + "_sum", base, h.mean() * static_cast<double>(h.count()) / 1e6);
        w.sample(name + "_count", base, static_cast<double>(h.count()));
    };
    const auto& c = m.counters;
    const auto& e = m.e2e.totals;
    gauge("acklab_monitor_uptime_seconds", "Time since the monitor started.", static_cast<double>(m.uptimeMs) / 1000.0);
    gauge("acklab_monitor_target_rate", "Messages per second the monitor sends.", m.rate);
    counter("acklab_produce_sent_total", "Messages handed to the producer.", static_cast<double>(c.sent));
    counter("acklab_produce_delivered_total", "Messages acknowledged by the cluster.", static_cast<double>(c.delivered));
    counter("acklab_produce_failed_total", "Messages whose delivery failed.", static_cast<double>(c.failed));
    w.family("acklab_produce_errors_total", "counter", "Failed messages by error class.");
    std::map<std::string, uint64_t> byClass = {{"transient", 0}, {"permanent", 0}, {"fatal", 0}};
    for (const auto& er : m.errors) byClass[er.errorClass.empty() ? "unknown" : er.errorClass] += er.count;
    for (const auto& [cls, n] : byClass) w.sample("acklab_produce_errors_total", with({{"error_class", cls}}), static_cast<double>(n));
    summary("acklab_delivery_latency_seconds", "produce() to acknowledgement, since the start.", m.delivery);
    counter("acklab_e2e_seen_total", "Records of the monitor read back by its consumer (first sightings).", static_cast<double>(e.seen));
    counter("acklab_e2e_duplicated_total", "Extra copies read.", static_cast<double>(e.duplicated));
    counter("acklab_e2e_reordered_total", "Records read after a higher sequence of the same partition and key.",
            static_cast<double>(e.reordered));
    gauge("acklab_e2e_lost", "Acknowledged records not read after catch-up and grace, so far (a late read takes one back).",
          static_cast<double>(e.lost));
    gauge("acklab_e2e_arrived_unacknowledged", "Records read although their delivery failed or was never reported.",
          static_cast<double>(e.arrivedUnacknowledged));
    summary("acklab_e2e_latency_seconds", "Record CreateTime to consumed (1 ms resolution), since the start.", e.latency);

    auto windowed = [&](const std::string& name, const std::string& help, auto&& value) {
        w.family(name, "gauge", help);
        for (const auto& win : m.windows) w.sample(name, with({{"window", win.name}}), value(win.sum));
    };
    windowed("acklab_produce_availability_ratio", "Acknowledged within the threshold / judged (on time, late, failed, overdue) over the window.",
             [](const MonitorSample& s) { return s.produceAvailability(); });
    windowed("acklab_e2e_availability_ratio", "Read / max(read + lost, sent) over the window.",
             [](const MonitorSample& s) { return s.e2eAvailability(); });
    windowed("acklab_e2e_loss_ratio", "Lost / (read + lost) over the window.", [](const MonitorSample& s) { return s.lossRatio(); });
    windowed("acklab_e2e_duplicate_ratio", "Copies / read over the window.", [](const MonitorSample& s) { return s.duplicateRatio(); });
    auto windowedQuantiles = [&](const std::string& name, const std::string& help, LatencyHistogram MonitorSample::*h) {
        w.family(name, "gauge", help);
        for (const auto& win : m.windows)
            for (const char* q : {"0.5", "0.99", "0.999"})
                w.sample(name, with({{"window", win.name}, {"quantile", q}}), seconds((win.sum.*h).percentile(std::stod(q))));
    };
    windowedQuantiles("acklab_delivery_latency_window_seconds", "Delivery latency quantiles over the window.", &MonitorSample::delivery);
    windowedQuantiles("acklab_e2e_latency_window_seconds", "End-to-end latency quantiles over the window.", &MonitorSample::e2e);
    w.family("acklab_produce_window_errors", "gauge", "Failed messages by error class over the window.");
    for (const auto& win : m.windows)
        for (const auto& [cls, zero] : byClass) {
            (void)zero;
            const auto it = win.sum.errorsByClass.find(cls);
            w.sample("acklab_produce_window_errors", with({{"window", win.name}, {"error_class", cls}}),
                     it == win.sum.errorsByClass.end() ? 0.0 : static_cast<double>(it->second));
        }
    return w.text();
}

nlohmann::json Monitor::report() const {
    const MonitorSnapshot m = snapshot(0);
    nlohmann::json j;
    j["run_id"] = m.runId;
    j["mode"] = "monitor";
    j["profile"] = m.profile;
    j["cluster"] = m.cluster;
    j["topic"] = m.topic;
    j["rate"] = m.rate;
    j["uptime_ms"] = m.uptimeMs;
    j["messages"] = {{"sent", m.counters.sent}, {"delivered", m.counters.delivered}, {"failed", m.counters.failed},
                     {"dlq", m.counters.dlq()}, {"possibly_persisted", m.counters.possiblyPersisted}};
    j["latency_ms"] = latencyMsJson(m.delivery);
    nlohmann::json e2e = e2eJson(m.e2e);
    e2e.erase("timeline");
    j["e2e"] = e2e;
    nlohmann::json errs = nlohmann::json::array();
    for (const auto& e : m.errors) errs.push_back({{"code", e.code}, {"name", e.name}, {"class", e.errorClass}, {"count", e.count}});
    j["errors"] = errs;
    nlohmann::json windows = nlohmann::json::object();
    for (const auto& w : m.windows)
        windows[w.name] = {{"seconds", w.seconds},
                           {"produce_availability", w.sum.produceAvailability()},
                           {"e2e_availability", w.sum.e2eAvailability()},
                           {"loss_ratio", w.sum.lossRatio()},
                           {"duplicate_ratio", w.sum.duplicateRatio()},
                           {"sent", w.sum.sent},
                           {"delivered", w.sum.delivered},
                           {"failed", w.sum.failed},
                           {"seen", w.sum.seen},
                           {"lost", w.sum.newlyLost},
                           {"duplicated", w.sum.duplicated},
                           {"errors_by_class", w.sum.errorsByClass},
                           {"latency_ms", latencyMsJson(w.sum.delivery)},
                           {"e2e_latency_ms", latencyMsJson(w.sum.e2e)}};
    j["windows"] = windows;
    nlohmann::json secs = nlohmann::json::array();
    for (const auto& s : m.seconds)
        secs.push_back({{"t_s", s.tS}, {"produce_availability", s.produceAvailability}, {"e2e_availability", s.e2eAvailability},
                        {"delivery_p99_ms", s.deliveryP99Ms}, {"e2e_p99_ms", s.e2eP99Ms}, {"sent", s.sent},
                        {"delivered", s.delivered}, {"failed", s.failed}, {"seen", s.seen}, {"duplicated", s.duplicated},
                        {"lost", s.lost}});
    j["seconds"] = secs;
    return j;
}

std::string Monitor::summaryText() const {
    const MonitorSnapshot m = snapshot();
    std::ostringstream o;
    char line[256];
    o << "monitor " << m.runId << "  profile " << m.profile << "  cluster " << m.cluster << "  topic " << m.topic << "  "
      << m.uptimeMs / 1000 << " s at " << m.rate << " msgs/s\n";
    o << "  messages   sent " << thousands(m.counters.sent) << "  delivered " << thousands(m.counters.delivered)
      << "  failed " << thousands(m.counters.failed) << "\n";
    const auto& e = m.e2e.totals;
    o << "  e2e        seen " << thousands(e.seen) << "  lost " << thousands(e.lost) << "  duplicated "
      << thousands(e.duplicated) << "  reordered " << thousands(e.reordered) << "  arrived-unacknowledged "
      << thousands(e.arrivedUnacknowledged) << (m.e2e.error.empty() ? "" : "  (" + m.e2e.error + ")") << "\n";
    std::snprintf(line, sizeof line, "  %-6s %9s %9s %10s %10s %10s %10s %8s %8s\n", "window", "prod.av", "e2e.av",
                  "dlv p99ms", "e2e p50ms", "e2e p99ms", "e2e p999", "lost", "dup");
    o << line;
    for (const auto& w : m.windows) {
        std::snprintf(line, sizeof line, "  %-6s %9.4f %9.4f %10.2f %10.2f %10.2f %10.2f %8llu %8llu\n", w.name.c_str(),
                      w.sum.produceAvailability(), w.sum.e2eAvailability(),
                      static_cast<double>(w.sum.delivery.percentile(0.99)) / 1000.0,
                      static_cast<double>(w.sum.e2e.percentile(0.5)) / 1000.0,
                      static_cast<double>(w.sum.e2e.percentile(0.99)) / 1000.0,
                      static_cast<double>(w.sum.e2e.percentile(0.999)) / 1000.0,
                      static_cast<unsigned long long>(w.sum.newlyLost), static_cast<unsigned long long>(w.sum.duplicated));
        o << line;
    }
    for (const auto& er : m.errors) o << "  error      " << er.name << " (" << er.errorClass << ") × " << thousands(er.count) << "\n";
    return o.str();
}

}  // namespace acklab
