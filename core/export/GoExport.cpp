// renderGo(): the confluent-kafka-go program (docs/export.md, "Go").
#include "export/ExportModel.h"

namespace acklab {
namespace {

constexpr const char* kTemplate = R"GO(// Producer for AckLab profile @PROFILE_NAME@, exported by @GENERATED_BY@.
@PROFILE_NOTE@//
// Needs confluent-kafka-go v2 (go get github.com/confluentinc/confluent-kafka-go/v2@v2.0.2); it bundles
// librdkafka, or links the system's with -tags dynamic (librdkafka >= 2.0).
// Run:  go run . --bootstrap HOST:PORT --topic @TOPIC@ --count @COUNT@
// What it does (details in AckLab's docs/export.md):
//   - produces --count messages to --topic with the profile's settings (each commented below);
//   - classifies every failed delivery by its error code with AckLab's table (transient / permanent / fatal);
//   - transient: librdkafka already retried until delivery.timeout.ms; re-queued up to --max-attempts, then
//     counted as undelivered and logged; permanent: written to the DLQ topic as AckLab's envelope (readable
//     by `acklab-cli dlq list`), or to --dlq-file when the DLQ cannot be written; fatal: the producer instance
//     is unusable: stop producing, flush, exit 3;
//   - logs each failure with topic, partition, key, error code/name, class and attempt (stderr);
//   - prints its counters as one JSON line on stdout at exit, also after SIGINT/SIGTERM (which stop
//     producing and flush).
//
// Exit status: 0 every message delivered or dead-lettered, 1 some were neither, 2 bad arguments, 3 fatal error.
// (This header is not the package's doc comment, so gofmt keeps the profile's note as written.)

package main

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

const profile = @PROFILE_Q@

func set(cfg *kafka.ConfigMap, key string, value kafka.ConfigValue) {
	if err := cfg.SetKey(key, value); err != nil {
		log.Fatalf("config %s: %v", key, err)
	}
}

// The profile's producer settings, and why each is set.
func producerConfig(bootstrap string) *kafka.ConfigMap {
	cfg := &kafka.ConfigMap{"bootstrap.servers": bootstrap}
@CONFIG@	return cfg
}

// The DLQ producer: same cluster and credentials, its own durable settings.
func dlqConfig(bootstrap string) *kafka.ConfigMap {
	cfg := &kafka.ConfigMap{"bootstrap.servers": bootstrap}
@DLQ_CONFIG@	return cfg
}

// Error classes, generated from AckLab's ErrorClassifier (librdkafka 2.0.2 codes).
// Classify by CODE: a delivery report carries only a code (librdkafka's retriable flag belongs to
// rd_kafka_error_t, which delivery reports do not have), so kafka.Error.IsRetriable() is false for them.
//
//	transient - the same message would succeed later unchanged (broker, network, leadership, timeouts)
//	permanent - retrying as is cannot help: the message, topic, ACLs or config need a fix -> DLQ
//	fatal     - the producer instance's idempotence/transaction state is broken: stop, flush, exit
//
// A code missing from the table (a newer client or broker) is treated as permanent, so someone looks at it.
const (
	transient = "transient"
	permanent = "permanent"
	fatal     = "fatal"
)

type errorClass struct{ name, class string }

var errorClasses = map[int]errorClass{}

func c(code int, name, class string) { errorClasses[code] = errorClass{name, class} }

func init() {
@CODES@}

func classify(code int) string {
	if e, ok := errorClasses[code]; ok {
		return e.class
	}
	return permanent
}

func errorName(code int) string {
	if e, ok := errorClasses[code]; ok {
		return e.name
	}
	return fmt.Sprintf("UNKNOWN_%d", code)
}

// isoMs is AckLab's time format: 2026-11-30T07:41:55.123Z (UTC, milliseconds).
func isoMs(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// putBytes writes bytes as AckLab's envelope does: text when valid UTF-8, else base64 with a marker.
func putBytes(obj map[string]interface{}, field string, data []byte) {
	switch {
	case data == nil:
		obj[field] = nil
	case utf8.Valid(data):
		obj[field] = string(data)
	default:
		obj[field] = base64.StdEncoding.EncodeToString(data)
		obj[field+"_encoding"] = "base64"
	}
}

type message struct {
	seq        int64
	key, value []byte
	headers    []kafka.Header
	attempt    int
	created    time.Time
}

type counters struct {
	Sent        int64            `json:"sent"`
	Delivered   int64            `json:"delivered"`
	Failed      int64            `json:"failed"`
	Transient   int64            `json:"transient"`
	Permanent   int64            `json:"permanent"`
	Fatal       int64            `json:"fatal"`
	Requeued    int64            `json:"requeued"`
	DlqWritten  int64            `json:"dlq_written"`
	DlqFile     int64            `json:"dlq_file"`
	Undelivered int64            `json:"undelivered"`
	Unaccounted int64            `json:"unaccounted"`
	Errors      map[string]int64 `json:"errors"`
	RunID       string           `json:"run_id"`
	Profile     string           `json:"profile"`
	Topic       string           `json:"topic"`
	DlqTopic    string           `json:"dlq_topic"`
	FatalError  *string          `json:"fatal_error"`
}

type options struct {
	bootstrap, topic, dlqTopic, dlqFile, runID string
	count                                      int64
	size, maxAttempts                          int
	rate, flushTimeout                         float64
}

type app struct {
	o           options
	producer    *kafka.Producer
	dlq         *kafka.Producer
	c           counters
	requeue     []*message
	outstanding int64
	dlqPending  map[int64]string
	dlqNext     int64
	fatalAt     time.Time
	stopping    bool
	signals     chan os.Signal
}

// setFatal records the first fatal error, which stops the run. librdkafka's generic _FATAL (what Produce()
// returns once the instance has failed) can come before the error that caused it; the cause replaces it.
func (a *app) setFatal(name, text string) {
	if a.c.FatalError != nil && (name == "_FATAL" || !strings.HasPrefix(*a.c.FatalError, "_FATAL:")) {
		return
	}
	if a.c.FatalError == nil {
		a.fatalAt = time.Now()
	}
	s := name + ": " + text
	a.c.FatalError = &s
	log.Printf("CRITICAL fatal producer error %s; stopping", s)
}

// failure handles one failed attempt, from a delivery report or from Produce() itself.
func (a *app) failure(m *message, code int, text string, partition int32) {
	name, class := errorName(code), classify(code)
	if a.c.FatalError != nil && (code == -152 || code == -151) {
		// _PURGE_QUEUE / _PURGE_INFLIGHT after the fatal error: librdkafka purged what the instance still
		// held; those messages are lost to the fatal error, not to a transient one.
		class = fatal
	}
	a.c.Errors[name]++
	context := fmt.Sprintf("topic=%s partition=%d key=%s error=%s(%d) class=%s attempt=%d/%d: %s",
		a.o.topic, partition, m.key, name, code, class, m.attempt, a.o.maxAttempts, text)
	if class == transient && m.attempt < a.o.maxAttempts && a.c.FatalError == nil {
		log.Printf("WARNING delivery failed, re-queued: %s", context)
		m.attempt++
		a.c.Requeued++
		a.requeue = append(a.requeue, m)
		return
	}
	a.c.Failed++
	switch class {
	case transient:
		a.c.Transient++
		log.Printf("ERROR delivery failed, giving up (undelivered): %s", context)
	case fatal:
		a.c.Fatal++
		log.Printf("CRITICAL delivery failed with a fatal error: %s", context)
		a.setFatal(name, text)
	default:
		a.c.Permanent++
		log.Printf("ERROR delivery failed permanently, to DLQ %s: %s", a.o.dlqTopic, context)
		a.writeDlq(m, partition, code, name, class, text)
	}
}

func (a *app) writeDlq(m *message, partition int32, code int, name, class, text string) {
	failedAt := isoMs(time.Now())
	env := map[string]interface{}{"original_topic": a.o.topic, "original_partition": partition}
	putBytes(env, "original_key", m.key)
	putBytes(env, "original_value", m.value)
	headers := []map[string]interface{}{}
	for _, h := range m.headers {
		hj := map[string]interface{}{"key": h.Key}
		putBytes(hj, "value", h.Value)
		headers = append(headers, hj)
	}
	env["original_headers"] = headers
	env["error"], env["error_code"], env["error_name"], env["error_class"] = text, code, name, class
	env["run_id"], env["profile"] = a.o.runID, profile
	env["produced_at"], env["failed_at"], env["attempts"] = isoMs(m.created), failedAt, 1
	line, _ := json.Marshal(env)
	dlqHeaders := []kafka.Header{}
	for _, kv := range [][2]string{
		{"original_topic", a.o.topic}, {"original_partition", fmt.Sprint(partition)}, {"error", text},
		{"error_code", fmt.Sprint(code)}, {"error_name", name}, {"error_class", class}, {"run_id", a.o.runID},
		{"profile", profile}, {"produced_at", isoMs(m.created)}, {"failed_at", failedAt}, {"attempts", "1"},
	} {
		dlqHeaders = append(dlqHeaders, kafka.Header{Key: "acklab.dlq." + kv[0], Value: []byte(kv[1])})
	}
	id := a.dlqNext
	a.dlqNext++
	a.dlqPending[id] = string(line)
	err := a.dlq.Produce(&kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &a.o.dlqTopic, Partition: kafka.PartitionAny},
		Key:            m.key, Value: line, Headers: dlqHeaders, Opaque: id,
	}, nil)
	if err != nil {
		a.toFile(id, "DLQ produce refused: "+err.Error())
	}
}

func (a *app) toFile(id int64, why string) {
	line, ok := a.dlqPending[id]
	if !ok {
		return
	}
	delete(a.dlqPending, id)
	f, err := os.OpenFile(a.o.dlqFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		_, err = f.WriteString(line + "\n")
		f.Close()
	}
	if err != nil {
		log.Printf("CRITICAL %s; and the fallback file failed too: %v -- envelope: %s", why, err, line)
		return
	}
	a.c.DlqFile++
	log.Printf("ERROR %s; envelope written to %s", why, a.o.dlqFile)
}

func (a *app) handle(ev kafka.Event) {
	switch e := ev.(type) {
	case *kafka.Message:
		m := e.Opaque.(*message)
		a.outstanding--
		if e.TopicPartition.Error == nil {
			a.c.Delivered++
			return
		}
		code := int(kafka.ErrUnknown)
		if kerr, ok := e.TopicPartition.Error.(kafka.Error); ok {
			code = int(kerr.Code())
		}
		a.failure(m, code, e.TopicPartition.Error.Error(), e.TopicPartition.Partition)
	case kafka.Error:
		a.onError(a.producer, e)
	}
}

func (a *app) onError(p *kafka.Producer, e kafka.Error) {
	if e.IsFatal() || classify(int(e.Code())) == fatal {
		code, text := int(e.Code()), e.String()
		if ferr, ok := p.GetFatalError().(kafka.Error); ok {
			code, text = int(ferr.Code()), ferr.String()
		}
		a.setFatal(errorName(code), text)
		return
	}
	// Client-level events (_TRANSPORT, _ALL_BROKERS_DOWN, ...): librdkafka reconnects and retries by itself.
	log.Printf("WARNING client error %s (%d): %s", errorName(int(e.Code())), int(e.Code()), e.String())
}

func (a *app) handleDlq(ev kafka.Event) {
	if e, ok := ev.(*kafka.Message); ok {
		id := e.Opaque.(int64)
		if e.TopicPartition.Error == nil {
			delete(a.dlqPending, id)
			a.c.DlqWritten++
		} else {
			a.toFile(id, "DLQ write failed: "+e.TopicPartition.Error.Error())
		}
	}
}

// serve handles delivery reports, DLQ reports and signals for up to d.
func (a *app) serve(d time.Duration) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		select {
		case ev := <-a.producer.Events():
			a.handle(ev)
		case ev := <-a.dlq.Events():
			a.handleDlq(ev)
		case s := <-a.signals:
			log.Printf("WARNING signal %v: stop producing, flush and exit", s)
			a.stopping = true
		case <-timer.C:
			return
		}
	}
}

func (a *app) produce(m *message) {
	for {
		err := a.producer.Produce(&kafka.Message{
			TopicPartition: kafka.TopicPartition{Topic: &a.o.topic, Partition: kafka.PartitionAny},
			Key:            m.key, Value: m.value, Headers: m.headers, Opaque: m,
		}, nil)
		if err == nil {
			a.outstanding++
			return
		}
		kerr, ok := err.(kafka.Error)
		if ok && kerr.Code() == kafka.ErrQueueFull && a.c.FatalError == nil {
			// Local queue full (queue.buffering.max.messages/kbytes): serve delivery reports, try again.
			a.serve(100 * time.Millisecond)
			continue
		}
		code := int(kafka.ErrUnknown)
		if ok {
			code = int(kerr.Code())
		}
		// Refused synchronously (e.g. MSG_SIZE_TOO_LARGE over message.max.bytes): a failure like any other.
		a.failure(m, code, err.Error(), -1)
		return
	}
}

func (a *app) makeMessage(seq int64) *message {
	prefix := fmt.Sprintf(`{"seq":%d,"run_id":"%s","pad":"`, seq, a.o.runID)
	pad := a.o.size - len(prefix) - 2
	if pad < 0 {
		pad = 0
	}
	value := prefix + strings.Repeat("x", pad) + `"}`
	return &message{seq: seq, key: []byte(fmt.Sprintf("key-%d", seq)), value: []byte(value), attempt: 1,
		created: time.Now(), headers: []kafka.Header{{Key: "acklab.export.run_id", Value: []byte(a.o.runID)}}}
}

func (a *app) run() int {
	var interval time.Duration
	if a.o.rate > 0 {
		interval = time.Duration(float64(time.Second) / a.o.rate)
	}
	next := time.Now()
	for seq := int64(0); seq < a.o.count && !a.stopping && a.c.FatalError == nil; {
		for len(a.requeue) > 0 && a.c.FatalError == nil {
			m := a.requeue[0]
			a.requeue = a.requeue[1:]
			a.produce(m)
		}
		if interval > 0 {
			if wait := time.Until(next); wait > 0 {
				a.serve(wait) // serves delivery reports while pacing
				continue
			}
			next = next.Add(interval)
		}
		a.c.Sent++
		a.produce(a.makeMessage(seq))
		seq++
		a.serve(0)
	}
	// Flush: wait for every outstanding delivery report, producing re-queued messages as they come back.
	// After a fatal error the instance can deliver nothing more: wait at most 10 s for the last reports.
	deadline := time.Now().Add(time.Duration(a.o.flushTimeout * float64(time.Second)))
	// Re-queued messages are not produced after a signal or a fatal error: they stay undelivered.
	for (a.outstanding > 0 || (len(a.requeue) > 0 && a.c.FatalError == nil && !a.stopping)) && time.Now().Before(deadline) {
		for len(a.requeue) > 0 && a.c.FatalError == nil && !a.stopping {
			m := a.requeue[0]
			a.requeue = a.requeue[1:]
			a.produce(m)
		}
		if a.c.FatalError != nil && deadline.After(a.fatalAt.Add(10*time.Second)) {
			deadline = a.fatalAt.Add(10 * time.Second)
		}
		a.producer.Flush(100)
		a.serve(100 * time.Millisecond)
	}
	a.c.Undelivered = a.outstanding + int64(len(a.requeue))
	dlqDeadline := time.Now().Add(10 * time.Second)
	for len(a.dlqPending) > 0 && time.Now().Before(dlqDeadline) {
		a.dlq.Flush(100)
		a.serve(100 * time.Millisecond)
	}
	for id := range a.dlqPending {
		a.toFile(id, "DLQ write not acknowledged within 10 s")
	}
	a.c.Unaccounted = a.c.Sent - a.c.Delivered - a.c.Failed
	out, _ := json.Marshal(a.c)
	fmt.Println(string(out))
	if a.c.FatalError != nil {
		return 3
	}
	if a.c.Transient+a.c.Fatal+a.c.Undelivered > 0 || a.c.Unaccounted != 0 {
		return 1
	}
	return 0
}

func main() {
	var o options
	flag.StringVar(&o.bootstrap, "bootstrap", @BOOTSTRAP_Q@, "bootstrap servers, host:port[,host:port]")
	flag.StringVar(&o.topic, "topic", @TOPIC_Q@, "topic")
	flag.StringVar(&o.dlqTopic, "dlq-topic", @DLQ_TOPIC_Q@, "DLQ topic")
	flag.StringVar(&o.dlqFile, "dlq-file", "acklab-dlq-fallback.jsonl", "JSON-lines file for envelopes the DLQ topic did not take")
	flag.Int64Var(&o.count, "count", @COUNT@, "messages to send")
	flag.IntVar(&o.size, "size", @SIZE@, "value size in bytes")
	flag.Float64Var(&o.rate, "rate", @RATE@, "messages per second, 0 = unlimited")
	flag.IntVar(&o.maxAttempts, "max-attempts", @MAX_ATTEMPTS@, "produce attempts per message for transient failures")
	flag.Float64Var(&o.flushTimeout, "flush-timeout", @FLUSH_TIMEOUT@, "seconds to wait for outstanding deliveries at exit")
	flag.StringVar(&o.runID, "run-id", "", "run id written into DLQ envelopes")
	flag.Parse()
	if o.count < 0 || o.size < 0 || o.rate < 0 || o.maxAttempts < 1 || o.flushTimeout < 0 || o.topic == o.dlqTopic {
		fmt.Fprintln(os.Stderr, "--count, --size, --rate, --flush-timeout must not be negative, --max-attempts at least 1, --dlq-topic differ from --topic")
		os.Exit(2)
	}
	if o.runID == "" {
		o.runID = fmt.Sprintf("export-%x", time.Now().UnixNano())
	}
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	a := &app{o: o, dlqPending: map[int64]string{}, signals: make(chan os.Signal, 2)}
	a.c.Errors, a.c.RunID, a.c.Profile, a.c.Topic, a.c.DlqTopic = map[string]int64{}, o.runID, profile, o.topic, o.dlqTopic
	signal.Notify(a.signals, os.Interrupt, syscall.SIGTERM)
	var err error
	if a.producer, err = kafka.NewProducer(producerConfig(o.bootstrap)); err != nil {
		log.Printf("CRITICAL producer not created: %v", err)
		os.Exit(2)
	}
	if a.dlq, err = kafka.NewProducer(dlqConfig(o.bootstrap)); err != nil {
		log.Printf("CRITICAL DLQ producer not created: %v", err)
		os.Exit(2)
	}
	status := a.run()
	a.producer.Close()
	a.dlq.Close()
	os.Exit(status)
}
)GO";

std::string configLines(const std::vector<ExportSetting>& settings) {
    std::string out;
    for (const auto& s : settings) {
        out += "\t// " + s.why + "\n";
        std::string value;
        if (s.secret) {
            out += "\t// A secret: read from the environment variable " + s.envVar + ", never written here.\n";
            value = "os.Getenv(" + quoted(s.envVar) + ")";
        } else if (s.boolean || s.integer) {
            value = s.value;
        } else {
            value = quoted(s.value);
        }
        out += "\tset(cfg, " + quoted(s.key) + ", " + value + ")\n";
    }
    return out;
}

std::string goRow(const ExportedCode& c, const char* cls) {
    std::string lower = cls;
    for (auto& ch : lower) ch = static_cast<char>(ch - 'A' + 'a');
    return "\tc(" + std::to_string(c.code) + ", " + quoted(c.name) + ", " + lower + ")\n";
}

}  // namespace

std::string renderGo(const ExportModel& m) {
    auto values = commonValues(m);
    values.insert(values.end(), {
        {"GENERATED_BY", oneLine(m.generatedBy)},
        {"PROFILE_NOTE", commentBlock(m.profileNote, "// ")},
        {"CONFIG", configLines(m.settings)},
        {"DLQ_CONFIG", configLines(m.dlqSettings)},
        {"CODES", codeRows(m, goRow)},
    });
    return fillTemplate(kTemplate, values);
}

}  // namespace acklab
