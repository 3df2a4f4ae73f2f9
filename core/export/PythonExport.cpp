// renderPython(): the confluent_kafka program (docs/export.md, "Python").
#include "export/ExportModel.h"

namespace acklab {
namespace {

constexpr const char* kTemplate = R"PY(#!/usr/bin/env python3
# Producer for AckLab profile @PROFILE_NAME@, exported by @GENERATED_BY@.
@PROFILE_NOTE@#
# Needs confluent_kafka (Debian: apt install python3-confluent-kafka; PyPI: pip install confluent-kafka).
# Run:  python3 acklab_producer.py --bootstrap HOST:PORT --topic @TOPIC@ --count @COUNT@
# What it does (details in AckLab's docs/export.md):
#  - produces --count messages to --topic with the profile's settings (each commented below);
#  - classifies every failed delivery by its error code with AckLab's table (transient / permanent / fatal);
#  - transient: librdkafka already retried until delivery.timeout.ms; re-queued up to --max-attempts, then
#    counted as undelivered and logged; permanent: written to the DLQ topic as AckLab's envelope (readable
#    by `acklab-cli dlq list`), or to --dlq-file when the DLQ cannot be written; fatal: the producer instance
#    is unusable: stop producing, flush, exit 3;
#  - logs each failure with topic, partition, key, error code/name, class and attempt (stderr);
#  - prints its counters as one JSON line on stdout at exit, also after SIGINT/SIGTERM (which stop
#    producing and flush).
# Exit status: 0 every message delivered or dead-lettered, 1 some were neither (counted as undelivered),
#              2 bad arguments, 3 fatal producer error.
import argparse
import base64
import json
import logging
import os
import signal
import sys
import time
import uuid
from datetime import datetime, timezone

from confluent_kafka import KafkaException, Producer

PROFILE = @PROFILE_Q@
log = logging.getLogger("acklab-export")

# ---- The profile's producer settings, and why each is set ----------------------------------------------
CONFIG = {
@CONFIG@}

# ---- The DLQ producer: same cluster and credentials, its own durable settings ---------------------------
DLQ_CONFIG = {
@DLQ_CONFIG@}

# ---- Error classes, generated from AckLab's ErrorClassifier (librdkafka 2.0.2 codes) --------------------
# Classify by CODE, never by err.retriable(): confluent_kafka builds delivery-report errors without the
# retriable flag, so err.retriable() is False for every failed delivery (measured with python3-confluent-kafka
# 1.7.0 on librdkafka 2.0.2: _MSG_TIMED_OUT gives retriable() == False), which would send timeouts and
# NOT_ENOUGH_REPLICAS to the DLQ as if they were permanent.
#   transient - the same message would succeed later unchanged (broker, network, leadership, timeouts)
#   permanent - retrying as is cannot help: the message, topic, ACLs or config need a fix -> DLQ
#   fatal     - the producer instance's idempotence/transaction state is broken: stop, flush, exit
# A code missing from the table (a newer client or broker) is treated as permanent, so someone looks at it.
TRANSIENT, PERMANENT, FATAL = "transient", "permanent", "fatal"
ERROR_CLASSES = {
@CODES@}


def classify(code):
    entry = ERROR_CLASSES.get(code)
    return entry[1] if entry else PERMANENT


def error_name(code):
    entry = ERROR_CLASSES.get(code)
    return entry[0] if entry else "UNKNOWN_%d" % code


def iso_ms(epoch_ms):
    """AckLab's time format: 2026-11-30T07:41:55.123Z (UTC, milliseconds)."""
    secs, ms = divmod(int(epoch_ms), 1000)
    return datetime.fromtimestamp(secs, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % ms


def now_ms():
    return int(time.time() * 1000)


def put_bytes(obj, field, data):
    """Bytes as in AckLab's envelope: text when valid UTF-8, else base64 with a <field>_encoding marker."""
    if data is None:
        obj[field] = None
        return
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        obj[field] = data.decode("utf-8")
    except UnicodeDecodeError:
        obj[field] = base64.b64encode(data).decode("ascii")
        obj[field + "_encoding"] = "base64"


class Message:
    __slots__ = ("seq", "key", "value", "headers", "attempt", "created_ms")

    def __init__(self, seq, key, value, headers):
        self.seq, self.key, self.value, self.headers = seq, key, value, headers
        self.attempt = 1
        self.created_ms = now_ms()


class Counters:
    def __init__(self):
        self.sent = 0          # messages handed to produce() (re-queued attempts not counted again)
        self.delivered = 0     # acknowledged by the cluster
        self.failed = 0        # finally failed: transient (gave up) + permanent + fatal
        self.transient = 0
        self.permanent = 0
        self.fatal = 0
        self.requeued = 0      # transient failures produced again (--max-attempts)
        self.dlq_written = 0   # envelopes acknowledged by the DLQ topic
        self.dlq_file = 0      # envelopes written to --dlq-file instead
        self.errors = {}       # error name -> count of failed attempts

    def as_dict(self):
        return dict(self.__dict__)


class DeadLetterQueue:
    """Writes AckLab's DLQ envelope (JSON value + acklab.dlq.* headers, keyed by the original key)."""

    def __init__(self, bootstrap, topic, fallback_path, run_id, counters):
        self.topic, self.fallback_path, self.run_id, self.counters = topic, fallback_path, run_id, counters
        self.pending = {}
        self.next_id = 0
        self.fatal = None  # the DLQ producer's own fatal error: from then on envelopes go to the file
        config = dict(DLQ_CONFIG)
        config["bootstrap.servers"] = bootstrap
        self.producer = Producer(config)

    def write(self, original_topic, partition, msg, code, name, cls, text, produced_ms):
        envelope = {"original_topic": original_topic, "original_partition": partition}
        put_bytes(envelope, "original_key", msg.key)
        put_bytes(envelope, "original_value", msg.value)
        headers = []
        for hkey, hvalue in msg.headers:
            h = {"key": hkey}
            put_bytes(h, "value", hvalue)
            headers.append(h)
        envelope.update({
            "original_headers": headers, "error": text, "error_code": code, "error_name": name,
            "error_class": cls, "run_id": self.run_id, "profile": PROFILE,
            "produced_at": iso_ms(produced_ms) if produced_ms > 0 else None, "failed_at": iso_ms(now_ms()),
            "attempts": 1,
        })
        line = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))
        dlq_headers = [
            ("acklab.dlq.original_topic", original_topic), ("acklab.dlq.original_partition", str(partition)),
            ("acklab.dlq.error", text), ("acklab.dlq.error_code", str(code)), ("acklab.dlq.error_name", name),
            ("acklab.dlq.error_class", cls), ("acklab.dlq.run_id", self.run_id), ("acklab.dlq.profile", PROFILE),
            ("acklab.dlq.produced_at", envelope["produced_at"] or ""), ("acklab.dlq.failed_at", envelope["failed_at"]),
            ("acklab.dlq.attempts", "1"),
        ]
        ident = self.next_id
        self.next_id += 1
        self.pending[ident] = line
        if self.fatal is not None:
            self._to_file(ident, "DLQ producer stopped after its fatal error %s" % self.fatal)
            return
        try:
            self.producer.produce(self.topic, value=line.encode("utf-8"), key=msg.key, headers=dlq_headers,
                                  on_delivery=lambda err, _m, ident=ident: self._delivered(ident, err))
        except (BufferError, KafkaException) as e:
            self._to_file(ident, "DLQ produce refused: %s" % e)
        self.poll()

    def _delivered(self, ident, err):
        if err is None:
            self.pending.pop(ident, None)
            self.counters.dlq_written += 1
        else:
            self._to_file(ident, "DLQ write failed: %s (%s)" % (err.str(), error_name(err.code())))

    def _to_file(self, ident, why):
        line = self.pending.pop(ident, None)
        if line is None:
            return
        with open(self.fallback_path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
        self.counters.dlq_file += 1
        log.error("%s; envelope written to %s", why, self.fallback_path)

    # The DLQ producer is idempotent too, so librdkafka can raise a fatal error from it (e.g. no producer id for a
    # principal without IdempotentWrite), from poll() and flush() like the main producer's: the envelopes then go
    # to the fallback file instead of ending the program.
    def _serve(self, call):
        try:
            call()
        except KafkaException as e:
            err = e.args[0]
            if self.fatal is None:
                self.fatal = "%s: %s" % (error_name(err.code()), err.str())
                log.critical("DLQ producer fatal error %s (%d): %s; envelopes go to %s", error_name(err.code()),
                             err.code(), err.str(), self.fallback_path)

    def poll(self):
        self._serve(lambda: self.producer.poll(0))

    def close(self, timeout_s):
        self._serve(lambda: self.producer.flush(timeout_s))
        for ident in list(self.pending):
            self._to_file(ident, "DLQ write not acknowledged within %.0f s" % timeout_s)


class ExportedProducer:
    def __init__(self, args):
        self.args = args
        self.run_id = args.run_id or "export-" + uuid.uuid4().hex[:12]
        self.counters = Counters()
        self.requeue = []
        self.fatal = None       # "NAME: text" once the producer raised a fatal error
        self.fatal_at = 0.0
        self.stopping = False   # SIGINT/SIGTERM: stop producing, then flush
        config = dict(CONFIG)
        config["bootstrap.servers"] = args.bootstrap
        config["error_cb"] = self.on_error
        self.producer = Producer(config)
        self.dlq = DeadLetterQueue(args.bootstrap, args.dlq_topic, args.dlq_file, self.run_id, self.counters)

    # -- serving delivery reports --
    # confluent_kafka raises librdkafka's fatal error from poll() and flush() as a KafkaException whose error
    # has fatal() == True (measured with 1.7.0: OUT_OF_ORDER_SEQUENCE_NUMBER on an idempotent producer), so
    # both are wrapped: the run stops as it does when the error callback reports it.
    def serve(self, timeout):
        try:
            return self.producer.poll(timeout)
        except KafkaException as e:
            self.on_error(e.args[0])
            return 0

    def flush(self, timeout):
        try:
            return self.producer.flush(timeout)
        except KafkaException as e:
            self.on_error(e.args[0])
            return len(self.producer)

    def set_fatal(self, code, text):
        # The first fatal error stops the run. librdkafka's generic _FATAL ("Local: Fatal error", what produce()
        # raises once the instance has failed) can come before the error that caused it (seen on a loaded
        # machine: produce() refused with _FATAL, then 100 delivery reports with OUT_OF_ORDER_SEQUENCE_NUMBER),
        # so the cause replaces it.
        if self.fatal is not None and (code == -150 or not self.fatal.startswith("_FATAL:")):
            return
        if self.fatal is None:
            self.fatal_at = time.monotonic()
        self.fatal = "%s: %s" % (error_name(code), text)
        log.critical("fatal producer error %s (%d): %s; stopping", error_name(code), code, text)

    # -- callbacks (run inside poll()/flush() on this thread) --
    def on_error(self, err):
        if err.fatal() or classify(err.code()) == FATAL:
            self.set_fatal(err.code(), err.str())
        else:
            # Client-level events (_TRANSPORT, _ALL_BROKERS_DOWN, ...): librdkafka reconnects and retries by itself.
            log.warning("client error %s (%d): %s", error_name(err.code()), err.code(), err.str())

    def on_delivery(self, msg, err, report):
        if err is None:
            self.counters.delivered += 1
            return
        ts = report.timestamp()[1] if report is not None else 0
        # A record failed before it had a partition (purged after a fatal error) reports None for it.
        partition = report.partition() if report is not None else None
        self.failure(msg, err.code(), err.str(), -1 if partition is None else partition,
                     ts if ts and ts > 0 else msg.created_ms)

    # -- one failed attempt, from a delivery report or from produce() itself --
    def failure(self, msg, code, text, partition, produced_ms):
        name, cls = error_name(code), classify(code)
        if self.fatal is not None and code in (-152, -151):
            # _PURGE_QUEUE / _PURGE_INFLIGHT after the fatal error: librdkafka purged what the instance still
            # held; those records are lost to the fatal error, not to a transient one.
            cls = FATAL
        self.counters.errors[name] = self.counters.errors.get(name, 0) + 1
        context = "topic=%s partition=%d key=%s error=%s(%d) class=%s attempt=%d/%d: %s" % (
            self.args.topic, partition, msg.key.decode("utf-8", "replace") if msg.key else None, name, code, cls,
            msg.attempt, self.args.max_attempts, text)
        if cls == TRANSIENT and msg.attempt < self.args.max_attempts and self.fatal is None:
            log.warning("delivery failed, re-queued: %s", context)
            msg.attempt += 1
            self.counters.requeued += 1
            self.requeue.append(msg)
            return
        self.counters.failed += 1
        if cls == TRANSIENT:
            self.counters.transient += 1
            log.error("delivery failed, giving up (undelivered): %s", context)
        elif cls == FATAL:
            self.counters.fatal += 1
            log.critical("delivery failed with a fatal error: %s", context)
            self.set_fatal(code, text)
        else:
            self.counters.permanent += 1
            log.error("delivery failed permanently, to DLQ %s: %s", self.args.dlq_topic, context)
            self.dlq.write(self.args.topic, partition, msg, code, name, cls, text, produced_ms)

    def produce(self, msg):
        while True:
            try:
                self.producer.produce(self.args.topic, value=msg.value, key=msg.key, headers=msg.headers,
                                      on_delivery=lambda err, report, msg=msg: self.on_delivery(msg, err, report))
                return
            except BufferError:
                # Local queue full (queue.buffering.max.messages/kbytes): serve delivery reports, try again.
                self.serve(0.1)
                if self.fatal is not None:
                    self.failure(msg, -150, "producer stopped after a fatal error", -1, msg.created_ms)
                    return
            except KafkaException as e:
                # Refused synchronously (e.g. MSG_SIZE_TOO_LARGE over message.max.bytes): a failure like any other.
                err = e.args[0]
                self.failure(msg, err.code(), err.str(), -1, msg.created_ms)
                return

    def make_message(self, seq):
        prefix = '{"seq":%d,"run_id":"%s","pad":"' % (seq, self.run_id)
        value = (prefix + "x" * max(0, self.args.size - len(prefix) - 2) + '"}').encode("utf-8")
        return Message(seq, ("key-%d" % seq).encode("utf-8"), value, [("acklab.export.run_id", self.run_id)])

    def run(self):
        interval = 1.0 / self.args.rate if self.args.rate > 0 else 0.0
        next_at = time.monotonic()
        seq = 0
        while seq < self.args.count and not self.stopping and self.fatal is None:
            while self.requeue and self.fatal is None:
                self.produce(self.requeue.pop(0))
            if interval:
                wait = next_at - time.monotonic()
                if wait > 0:
                    self.serve(wait)  # serves delivery reports while pacing
                    continue
                next_at += interval
            self.counters.sent += 1
            self.produce(self.make_message(seq))
            seq += 1
            self.serve(0)
            self.dlq.poll()
        return self.finish()

    def finish(self):
        # Flush: wait for every outstanding delivery report, producing re-queued messages as they come back.
        # After a fatal error the instance can deliver nothing more: wait at most 10 s for the last reports.
        deadline = time.monotonic() + self.args.flush_timeout
        while True:
            while self.requeue and self.fatal is None and not self.stopping:
                self.produce(self.requeue.pop(0))
            if self.fatal is not None:
                deadline = min(deadline, self.fatal_at + 10.0)
            left = deadline - time.monotonic()
            remaining = self.flush(max(0.0, min(1.0, left)))
            # Re-queued messages are not produced after a signal or a fatal error: they stay undelivered.
            resending = self.requeue and self.fatal is None and not self.stopping
            if (remaining == 0 and not resending) or left <= 0:
                break
        undelivered = len(self.producer) + len(self.requeue)
        self.dlq.close(10)
        summary = self.counters.as_dict()
        summary.update({"undelivered": undelivered, "run_id": self.run_id, "profile": PROFILE,
                        "topic": self.args.topic, "dlq_topic": self.args.dlq_topic, "fatal_error": self.fatal})
        summary["unaccounted"] = summary["sent"] - summary["delivered"] - summary["failed"]
        print(json.dumps(summary, sort_keys=True), flush=True)
        if self.fatal is not None:
            return 3
        lost = summary["transient"] + summary["fatal"] + undelivered
        return 1 if lost > 0 or summary["unaccounted"] != 0 else 0


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Producer exported from AckLab profile " + PROFILE)
    ap.add_argument("--bootstrap", default=@BOOTSTRAP_Q@, help="bootstrap servers, host:port[,host:port]")
    ap.add_argument("--topic", default=@TOPIC_Q@)
    ap.add_argument("--dlq-topic", default=@DLQ_TOPIC_Q@)
    ap.add_argument("--dlq-file", default="acklab-dlq-fallback.jsonl",
                    help="JSON-lines file for envelopes the DLQ topic did not take (acklab-cli dlq list --file F)")
    ap.add_argument("--count", type=int, default=@COUNT@, help="messages to send")
    ap.add_argument("--size", type=int, default=@SIZE@, help="value size in bytes")
    ap.add_argument("--rate", type=float, default=@RATE@, help="messages per second, 0 = unlimited")
    ap.add_argument("--max-attempts", type=int, default=@MAX_ATTEMPTS@,
                    help="produce attempts per message for transient failures (1 = no re-queue)")
    ap.add_argument("--flush-timeout", type=float, default=@FLUSH_TIMEOUT@,
                    help="seconds to wait for outstanding deliveries at exit")
    ap.add_argument("--run-id", default="", help="run id written into DLQ envelopes")
    ap.add_argument("--log-level", default="INFO")
    args = ap.parse_args(argv)
    if args.count < 0 or args.size < 0 or args.rate < 0 or args.max_attempts < 1 or args.flush_timeout < 0:
        ap.error("--count, --size, --rate and --flush-timeout must not be negative; --max-attempts at least 1")
    if args.topic == args.dlq_topic:
        ap.error("--dlq-topic must differ from --topic")
    return args


def main(argv):
    args = parse_args(argv)
    logging.basicConfig(level=getattr(logging, args.log_level.upper(), logging.INFO), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        app = ExportedProducer(args)
    except KafkaException as e:
        log.critical("producer not created: %s", e)
        return 2

    def stop(signum, _frame):
        log.warning("signal %d: stop producing, flush and exit", signum)
        app.stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    return app.run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
)PY";

std::string configLines(const std::vector<ExportSetting>& settings) {
    std::string out;
    for (const auto& s : settings) {
        out += "    # " + s.why + "\n";
        std::string value;
        if (s.secret) value = "os.environ.get(" + quoted(s.envVar) + ", \"\")";
        else if (s.boolean) value = s.value == "true" ? "True" : "False";
        else if (s.integer) value = s.value;
        else value = quoted(s.value);
        if (s.secret) out += "    # A secret: read from the environment variable " + s.envVar + ", never written here.\n";
        out += "    " + quoted(s.key) + ": " + value + ",\n";
    }
    return out;
}

std::string pythonRow(const ExportedCode& c, const char* cls) {
    return "    " + std::to_string(c.code) + ": (" + quoted(c.name) + ", " + cls + "),\n";
}

}  // namespace

std::string renderPython(const ExportModel& m) {
    auto values = commonValues(m);
    values.insert(values.end(), {
        {"GENERATED_BY", oneLine(m.generatedBy)},
        {"PROFILE_NOTE", commentBlock(m.profileNote, "# ")},
        {"CONFIG", configLines(m.settings)},
        {"DLQ_CONFIG", configLines(m.dlqSettings)},
        {"CODES", codeRows(m, pythonRow)},
    });
    return fillTemplate(kTemplate, values);
}

}  // namespace acklab
