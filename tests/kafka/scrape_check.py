#!/usr/bin/env python3
"""Scrapes an AckLab monitor's /metrics, parses it with prometheus_client's text parser (python3-prometheus-client)
and checks it against the monitor's final JSON report: exit 0 when they agree, 1 with the reasons, 2 on bad use.

usage: scrape_check.py URL REPORT.json [SAMPLE_OUT]
"""
import json
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    url, report_path = sys.argv[1], sys.argv[2]
    text = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as f:
            f.write(text)
    report = json.load(open(report_path))
    samples = {}
    types = {}
    for fam in text_string_to_metric_families(text):  # raises on malformed exposition text
        types[fam.name] = fam.type
        for s in fam.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    problems = []

    def one(name, **labels):
        base = {"profile": report["profile"], "cluster": report["cluster"]}
        base.update(labels)
        key = (name, tuple(sorted(base.items())))
        if key not in samples:
            problems.append("missing %s%s" % (name, labels))
            return None
        return samples[key]

    def expect_equal(name, want, **labels):
        got = one(name, **labels)
        if got is not None and abs(got - want) > 1e-9 * max(1.0, abs(want)):
            problems.append("%s%s = %s, report says %s" % (name, labels, got, want))

    m, e = report["messages"], report["e2e"]
    expect_equal("acklab_produce_sent_total", m["sent"])
    expect_equal("acklab_produce_delivered_total", m["delivered"])
    expect_equal("acklab_produce_failed_total", m["failed"])
    expect_equal("acklab_e2e_seen_total", e["seen"])
    expect_equal("acklab_e2e_duplicated_total", e["duplicated"])
    expect_equal("acklab_e2e_reordered_total", e["reordered"])
    expect_equal("acklab_e2e_lost", e["lost"])
    expect_equal("acklab_e2e_arrived_unacknowledged", e["arrived_unacknowledged"])
    expect_equal("acklab_e2e_latency_seconds_count", e["latency_ms"]["count"])
    expect_equal("acklab_delivery_latency_seconds_count", report["latency_ms"]["count"])
    for q, field in (("0.5", "p50"), ("0.99", "p99"), ("0.999", "p999")):
        got = one("acklab_e2e_latency_seconds", quantile=q)
        want = e["latency_ms"][field] / 1000.0
        if got is not None and abs(got - want) > 0.00001 + 0.001 * want:  # the report rounds to 0.01 ms
            problems.append("e2e quantile %s: %s s, report %s ms" % (q, got, e["latency_ms"][field]))
    for win, w in report["windows"].items():
        expect_equal("acklab_produce_availability_ratio", w["produce_availability"], window=win)
        expect_equal("acklab_e2e_availability_ratio", w["e2e_availability"], window=win)
        expect_equal("acklab_e2e_loss_ratio", w["loss_ratio"], window=win)
        expect_equal("acklab_e2e_duplicate_ratio", w["duplicate_ratio"], window=win)
    for name, want in (("acklab_produce_sent", "counter"), ("acklab_e2e_latency_seconds", "summary"),
                       ("acklab_e2e_availability_ratio", "gauge")):
        if types.get(name) != want:
            problems.append("type of %s: %s, expected %s" % (name, types.get(name), want))
    print("parsed %d families, %d samples" % (len(types), len(samples)))
    for p in problems:
        print("MISMATCH " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
