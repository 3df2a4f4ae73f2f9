// renderJava(): the kafka-clients program (docs/export.md, "Java").
#include "export/ExportModel.h"
#include "export/JavaProperties.h"

namespace acklab {
namespace {

constexpr const char* kTemplate = R"JAVA(// Producer for AckLab profile @PROFILE_NAME@, exported by @GENERATED_BY@.
@PROFILE_NOTE@//
// Needs kafka-clients 4.x on the class path (Maven: org.apache.kafka:kafka-clients:4.1.1).
// Build: javac -cp 'kafka-libs/*' AckLabProducer.java
// Run:   java -cp 'kafka-libs/*:.' AckLabProducer --bootstrap HOST:PORT --topic @TOPIC@ --count @COUNT@
// What it does (details in AckLab's docs/export.md):
//  - sends --count records to --topic with the profile's settings, translated from librdkafka's names to the
//    Java client's (each commented below; librdkafka-only settings are listed, commented out, with why);
//  - classifies every failed send by its Kafka error code (Errors.forException) with AckLab's table:
//    transient: the client already retried until delivery.timeout.ms; re-queued up to --max-attempts, then
//    counted as undelivered and logged; permanent: written to the DLQ topic as AckLab's envelope (readable by
//    `acklab-cli dlq list`), or to --dlq-file when the DLQ cannot be written; fatal: stop sending, flush, exit 3;
//  - logs each failure with topic, partition, key, error code/name, class and attempt (stderr);
//  - prints its counters as one JSON line on stdout at exit; SIGINT/SIGTERM stop sending and flush.
// Exit status: 0 every record delivered or dead-lettered, 1 some were neither, 2 bad arguments, 3 fatal error.
// Callbacks run on the client's I/O thread: they only count and hand work (re-sends, DLQ writes) to the main
// thread, so a full DLQ buffer can never block the producer's network thread.

import java.io.FileWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public final class AckLabProducer {
    static final String PROFILE = @PROFILE_Q@;

    // ---- The profile's producer settings (librdkafka names translated), and why each is set ----------------
    static Properties producerConfig(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
@CONFIG@        return p;
    }

    // ---- The DLQ producer: same cluster and credentials, its own durable settings ---------------------------
    static Properties dlqConfig(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
@DLQ_CONFIG@        return p;
    }

    static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }

    static String jaas(String module, String user, String password) {
        return module + " required username=" + jsonString(user) + " password=" + jsonString(password) + ";";
    }

    // ---- Error classes, generated from AckLab's ErrorClassifier (librdkafka 2.0.2 codes) --------------------
    // The Java client reports Kafka errors as exceptions; Errors.forException() gives their protocol code, which
    // this table classifies exactly as AckLab does. librdkafka's local codes (negative, from -200) never come
    // from the Java client; they are kept so the table is AckLab's whole. (In Java, `instanceof
    // RetriableException` would also work for timeouts; the table is used so Java, Python and Go agree.)
    //   transient - the same record would succeed later unchanged (broker, network, leadership, timeouts)
    //   permanent - retrying as is cannot help: the record, topic, ACLs or config need a fix -> DLQ
    //   fatal     - the producer instance's idempotence/transaction state is broken: stop, flush, exit
    // A code missing from the table (a newer client or broker) is treated as permanent, so someone looks at it.
    static final String TRANSIENT = "transient", PERMANENT = "permanent", FATAL = "fatal";
    static final Map<Integer, String[]> ERROR_CLASSES = new HashMap<>();

    static void c(int code, String name, String cls) {
        ERROR_CLASSES.put(code, new String[] {name, cls});
    }

    static {
@CODES@    }

    static String classify(int code) {
        String[] e = ERROR_CLASSES.get(code);
        return e == null ? PERMANENT : e[1];
    }

    // The Java client has one fatal state besides the codes the table marks fatal: an idempotent producer that
    // gets no producer id (the principal has neither IdempotentWrite on the cluster nor Write on any topic) fails
    // every batch with ClusterAuthorizationException ("Aborting producer batches due to fatal error") and can
    // send nothing more, as librdkafka raises it as a fatal error. Produce requests themselves never need a
    // cluster ACL, so that exception in a send callback always means this.
    static String classify(Exception e, int code) {
        return e instanceof ClusterAuthorizationException ? FATAL : classify(code);
    }

    // In that state send() throws a KafkaException ("... we are in an error state") whose cause is the error.
    static Exception rootError(Exception e) {
        return !(e instanceof ApiException) && e.getCause() instanceof ApiException ? (ApiException) e.getCause() : e;
    }

    static String errorName(int code) {
        String[] e = ERROR_CLASSES.get(code);
        return e == null ? "UNKNOWN_" + code : e[0];
    }

    // ---- small helpers ----------------------------------------------------------------------------------------
    static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    static String isoMs(long epochMs) {
        return ISO.format(Instant.ofEpochMilli(epochMs));
    }

    static void log(String level, String message) {
        System.err.println(isoMs(System.currentTimeMillis()) + " " + level + " acklab-export: " + message);
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
                    else b.append(ch);
            }
        }
        return b.append('"').toString();
    }

    // Bytes as in AckLab's envelope: text when valid UTF-8, else base64 with a <field>_encoding marker.
    static void putBytes(StringBuilder json, String field, byte[] data) {
        json.append(jsonString(field)).append(':');
        if (data == null) {
            json.append("null");
            return;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
            json.append(jsonString(text));
        } catch (CharacterCodingException e) {
            json.append(jsonString(Base64.getEncoder().encodeToString(data))).append(',')
                .append(jsonString(field + "_encoding")).append(":\"base64\"");
        }
    }

    static String keyText(byte[] key) {
        return key == null ? "None" : new String(key, StandardCharsets.UTF_8);
    }

    // ---- state --------------------------------------------------------------------------------------------
    static final class Message {
        final byte[] key, value;
        final List<Header> headers;
        final long createdMs = System.currentTimeMillis();
        int attempt = 1;

        Message(byte[] key, byte[] value, List<Header> headers) {
            this.key = key;
            this.value = value;
            this.headers = headers;
        }
    }

    final String bootstrap, topic, dlqTopic, dlqFile, runId;
    final long count;
    final int size, maxAttempts;
    final double rate, flushTimeout;
    final AtomicLong sent = new AtomicLong(), delivered = new AtomicLong(), failed = new AtomicLong(),
            transientFailed = new AtomicLong(), permanent = new AtomicLong(), fatalFailed = new AtomicLong(),
            requeued = new AtomicLong(), dlqWritten = new AtomicLong(), dlqToFile = new AtomicLong(),
            outstanding = new AtomicLong(), dlqOutstanding = new AtomicLong();
    final Map<String, Long> errors = new TreeMap<>();
    final AtomicReference<String> fatal = new AtomicReference<>();
    volatile boolean stopping;
    // Work the callbacks hand to the main thread: re-sends and DLQ writes.
    final LinkedBlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
    KafkaProducer<byte[], byte[]> producer, dlq;

    AckLabProducer(Map<String, String> a) {
        bootstrap = a.get("--bootstrap");
        topic = a.get("--topic");
        dlqTopic = a.get("--dlq-topic");
        dlqFile = a.get("--dlq-file");
        runId = a.get("--run-id").isEmpty() ? "export-" + UUID.randomUUID().toString().substring(0, 12) : a.get("--run-id");
        count = Long.parseLong(a.get("--count"));
        size = Integer.parseInt(a.get("--size"));
        rate = Double.parseDouble(a.get("--rate"));
        maxAttempts = Integer.parseInt(a.get("--max-attempts"));
        flushTimeout = Double.parseDouble(a.get("--flush-timeout"));
        if (count < 0 || size < 0 || rate < 0 || maxAttempts < 1 || flushTimeout < 0)
            throw new IllegalArgumentException("--count, --size, --rate, --flush-timeout must not be negative; --max-attempts at least 1");
        if (topic.equals(dlqTopic)) throw new IllegalArgumentException("--dlq-topic must differ from --topic");
    }

    // ---- one failed attempt, from a callback (I/O thread) or from send() (main thread) -----------------------
    void failure(Message m, Exception thrown, int partition) {
        Exception e = rootError(thrown);
        int code = Errors.forException(e).code();
        String name = errorName(code), cls = classify(e, code);
        String text = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        synchronized (errors) {
            errors.merge(name, 1L, Long::sum);
        }
        String context = "topic=" + topic + " partition=" + partition + " key=" + keyText(m.key) + " error=" + name + "(" + code
                + ") class=" + cls + " attempt=" + m.attempt + "/" + maxAttempts + " exception=" + e.getClass().getSimpleName() + ": " + text;
        if (cls.equals(TRANSIENT) && m.attempt < maxAttempts && fatal.get() == null) {
            log("WARNING", "delivery failed, re-queued: " + context);
            m.attempt++;
            requeued.incrementAndGet();
            work.add(() -> send(m));
            return;
        }
        failed.incrementAndGet();
        if (cls.equals(TRANSIENT)) {
            transientFailed.incrementAndGet();
            log("ERROR", "delivery failed, giving up (undelivered): " + context);
        } else if (cls.equals(FATAL)) {
            fatalFailed.incrementAndGet();
            log("CRITICAL", "delivery failed with a fatal error: " + context);
            if (fatal.compareAndSet(null, name + ": " + text)) log("CRITICAL", "fatal producer error " + name + " (" + code + "); stopping");
        } else {
            permanent.incrementAndGet();
            log("ERROR", "delivery failed permanently, to DLQ " + dlqTopic + ": " + context);
            String envelope = envelope(m, partition, code, name, cls, text, e.getClass().getName());
            work.add(() -> writeDlq(m, partition, code, name, cls, text, envelope));
        }
    }

    void send(Message m) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, m.createdMs, m.key, m.value, m.headers);
        outstanding.incrementAndGet();
        // Each send completes once: in its fatal state kafka-clients 4.1 both calls the callback and throws from
        // send() for the same record (measured), so whichever comes first counts it.
        AtomicBoolean done = new AtomicBoolean();
        try {
            producer.send(record, (RecordMetadata md, Exception e) -> {
                if (!done.compareAndSet(false, true)) return;
                try {
                    if (e == null) delivered.incrementAndGet();
                    else failure(m, e, md == null ? -1 : md.partition());
                } finally {
                    outstanding.decrementAndGet();
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            // Refused synchronously (e.g. after a fatal error, or a serializer failure): a failure like any other.
            if (!done.compareAndSet(false, true)) return;
            outstanding.decrementAndGet();
            failure(m, e, -1);
        }
    }

    String envelope(Message m, int partition, int code, String name, String cls, String text, String exceptionClass) {
        StringBuilder j = new StringBuilder("{");
        j.append("\"original_topic\":").append(jsonString(topic)).append(",\"original_partition\":").append(partition).append(',');
        putBytes(j, "original_key", m.key);
        j.append(',');
        putBytes(j, "original_value", m.value);
        j.append(",\"original_headers\":[");
        for (int i = 0; i < m.headers.size(); i++) {
            Header h = m.headers.get(i);
            j.append(i == 0 ? "" : ",").append("{\"key\":").append(jsonString(h.key())).append(',');
            putBytes(j, "value", h.value());
            j.append('}');
        }
        j.append("],\"error\":").append(jsonString(text)).append(",\"error_code\":").append(code)
            .append(",\"error_name\":").append(jsonString(name)).append(",\"error_class\":").append(jsonString(cls))
            .append(",\"exception_class\":").append(jsonString(exceptionClass))
            .append(",\"run_id\":").append(jsonString(runId)).append(",\"profile\":").append(jsonString(PROFILE))
            .append(",\"produced_at\":").append(jsonString(isoMs(m.createdMs)))
            .append(",\"failed_at\":").append(jsonString(isoMs(System.currentTimeMillis()))).append(",\"attempts\":1}");
        return j.toString();
    }

    void writeDlq(Message m, int partition, int code, String name, String cls, String text, String envelope) {
        List<Header> headers = new ArrayList<>();
        String[][] fields = {{"original_topic", topic}, {"original_partition", Integer.toString(partition)}, {"error", text},
            {"error_code", Integer.toString(code)}, {"error_name", name}, {"error_class", cls}, {"run_id", runId},
            {"profile", PROFILE}, {"produced_at", isoMs(m.createdMs)}, {"failed_at", isoMs(System.currentTimeMillis())},
            {"attempts", "1"}};
        for (String[] f : fields) headers.add(new org.apache.kafka.common.header.internals.RecordHeader(
                "acklab.dlq." + f[0], f[1].getBytes(StandardCharsets.UTF_8)));
        dlqOutstanding.incrementAndGet();
        AtomicBoolean done = new AtomicBoolean();  // once, as in send()
        try {
            dlq.send(new ProducerRecord<>(dlqTopic, null, null, m.key, envelope.getBytes(StandardCharsets.UTF_8), headers),
                (md, e) -> {
                    if (!done.compareAndSet(false, true)) return;
                    if (e == null) dlqWritten.incrementAndGet();
                    else toFile(envelope, "DLQ write failed: " + e);
                    dlqOutstanding.decrementAndGet();
                });
        } catch (KafkaException | IllegalStateException e) {
            if (!done.compareAndSet(false, true)) return;
            dlqOutstanding.decrementAndGet();
            toFile(envelope, "DLQ send refused: " + e);
        }
    }

    synchronized void toFile(String envelope, String why) {
        try (Writer w = new FileWriter(dlqFile, StandardCharsets.UTF_8, true)) {
            w.write(envelope + "\n");
            dlqToFile.incrementAndGet();
            log("ERROR", why + "; envelope written to " + dlqFile);
        } catch (IOException e) {
            log("CRITICAL", why + "; and the fallback file failed too: " + e + " -- envelope: " + envelope);
        }
    }

    Message makeMessage(long seq) {
        String prefix = "{\"seq\":" + seq + ",\"run_id\":\"" + runId + "\",\"pad\":\"";
        String value = prefix + "x".repeat(Math.max(0, size - prefix.length() - 2)) + "\"}";
        List<Header> headers = new ArrayList<>();
        headers.add(new org.apache.kafka.common.header.internals.RecordHeader("acklab.export.run_id",
                runId.getBytes(StandardCharsets.UTF_8)));
        return new Message(("key-" + seq).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), headers);
    }

    void drain(long waitMs) throws InterruptedException {
        Runnable r = work.poll(waitMs, TimeUnit.MILLISECONDS);
        while (r != null) {
            r.run();
            r = work.poll();
        }
    }

    int run() throws InterruptedException {
        producer = new KafkaProducer<>(producerConfig(bootstrap));
        dlq = new KafkaProducer<>(dlqConfig(bootstrap));
        long intervalNs = rate > 0 ? (long) (1e9 / rate) : 0;
        long nextAt = System.nanoTime();
        for (long seq = 0; seq < count && !stopping && fatal.get() == null; ) {
            drain(0);
            if (intervalNs > 0) {
                long wait = nextAt - System.nanoTime();
                if (wait > 0) {
                    drain(Math.max(1, wait / 1_000_000));
                    continue;
                }
                nextAt += intervalNs;
            }
            sent.incrementAndGet();
            send(makeMessage(seq));
            seq++;
        }
        // Flush: wait for every outstanding callback, sending re-queued records and DLQ writes as they come.
        long deadline = System.nanoTime() + (long) (flushTimeout * 1e9);
        producer.flush();
        while ((outstanding.get() > 0 || !work.isEmpty()) && System.nanoTime() < deadline) {
            drain(50);
            producer.flush();
        }
        drain(0);
        producer.close(Duration.ofSeconds(5));
        long undelivered = outstanding.get();
        dlq.flush();
        dlq.close(Duration.ofSeconds(10));

        long unaccounted = sent.get() - delivered.get() - failed.get();
        StringBuilder s = new StringBuilder("{");
        s.append("\"delivered\":").append(delivered.get()).append(",\"dlq_file\":").append(dlqToFile.get())
            .append(",\"dlq_topic\":").append(jsonString(dlqTopic)).append(",\"dlq_written\":").append(dlqWritten.get())
            .append(",\"errors\":{");
        synchronized (errors) {
            int i = 0;
            for (Map.Entry<String, Long> e : errors.entrySet())
                s.append(i++ == 0 ? "" : ",").append(jsonString(e.getKey())).append(':').append(e.getValue());
        }
        s.append("},\"failed\":").append(failed.get()).append(",\"fatal\":").append(fatalFailed.get())
            .append(",\"fatal_error\":").append(fatal.get() == null ? "null" : jsonString(fatal.get()))
            .append(",\"permanent\":").append(permanent.get()).append(",\"profile\":").append(jsonString(PROFILE))
            .append(",\"requeued\":").append(requeued.get()).append(",\"run_id\":").append(jsonString(runId))
            .append(",\"sent\":").append(sent.get()).append(",\"topic\":").append(jsonString(topic))
            .append(",\"transient\":").append(transientFailed.get()).append(",\"unaccounted\":").append(unaccounted)
            .append(",\"undelivered\":").append(undelivered).append('}');
        System.out.println(s);
        System.out.flush();
        if (fatal.get() != null) return 3;
        return transientFailed.get() + fatalFailed.get() + undelivered > 0 || unaccounted != 0 ? 1 : 0;
    }

    static Map<String, String> parseArgs(String[] args) {
        Map<String, String> a = new HashMap<>();
        a.put("--bootstrap", @BOOTSTRAP_Q@);
        a.put("--topic", @TOPIC_Q@);
        a.put("--dlq-topic", @DLQ_TOPIC_Q@);
        a.put("--dlq-file", "acklab-dlq-fallback.jsonl");
        a.put("--count", "@COUNT@");
        a.put("--size", "@SIZE@");
        a.put("--rate", "@RATE@");
        a.put("--max-attempts", "@MAX_ATTEMPTS@");
        a.put("--flush-timeout", "@FLUSH_TIMEOUT@");
        a.put("--run-id", "");
        for (int i = 0; i < args.length; i++) {
            if (!a.containsKey(args[i]) || i + 1 >= args.length)
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + " (known: " + a.keySet() + ")");
            a.put(args[i], args[++i]);
        }
        return a;
    }

    public static void main(String[] args) throws InterruptedException {
        AckLabProducer app;
        try {
            app = new AckLabProducer(parseArgs(args));
        } catch (IllegalArgumentException e) {
            System.err.println("AckLabProducer: " + e.getMessage());
            System.exit(2);
            return;
        }
        // SIGINT/SIGTERM: stop sending, let main flush and print, then the JVM exits (status 130/143).
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            app.stopping = true;
            log("WARNING", "signal: stop sending, flush and exit");
            try {
                finished.await((long) app.flushTimeout + 20, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        int status;
        try {
            status = app.run();
        } catch (KafkaException e) {
            log("CRITICAL", "producer not created: " + e);
            status = 2;
        }
        finished.countDown();
        if (app.stopping) return;  // the JVM is already shutting down
        Runtime.getRuntime().removeShutdownHook(hook);
        System.exit(status);
    }
}
)JAVA";

// javac reads \uXXXX escapes everywhere, comments included: "\u000a" in a note would end the comment.
std::string noUnicodeEscape(std::string text) {
    for (size_t at = text.find("\\u"); at != std::string::npos; at = text.find("\\u", at + 3)) text.replace(at, 2, "\\ u");
    return text;
}

std::string javaComment(const std::string& text) { return "        // " + noUnicodeEscape(oneLine(text)) + "\n"; }

std::string configLines(const std::vector<ExportSetting>& settings, bool dlq) {
    std::string out;
    for (const auto& j : toJavaSettings(settings, dlq)) {
        out += javaComment(j.why);
        if (!j.note.empty()) out += javaComment(j.note);
        const std::string value = j.javaExpr.empty() ? quoted(j.value) : j.javaExpr;
        switch (j.kind) {
            case JavaSetting::Kind::Same:
            case JavaSetting::Kind::Renamed:
                out += "        p.put(" + quoted(j.key) + ", " + value + ");\n";
                break;
            case JavaSetting::Kind::LibrdkafkaOnly:
            case JavaSetting::Kind::Manual:
                out += javaComment("(no Java setting) " + j.key + " = " + (j.javaExpr.empty() ? j.value : "<secret>"));
                break;
        }
    }
    return out;
}

std::string javaRow(const ExportedCode& c, const char* cls) {
    return "        c(" + std::to_string(c.code) + ", " + quoted(c.name) + ", " + cls + ");\n";
}

}  // namespace

std::string renderJava(const ExportModel& m) {
    auto values = commonValues(m);
    values.insert(values.end(), {
        {"GENERATED_BY", noUnicodeEscape(oneLine(m.generatedBy))},
        {"PROFILE_NOTE", noUnicodeEscape(commentBlock(m.profileNote, "// "))},
        {"CONFIG", configLines(m.settings, false)},
        {"DLQ_CONFIG", configLines(m.dlqSettings, true)},
        {"CODES", codeRows(m, javaRow)},
    });
    return fillTemplate(kTemplate, values);
}

}  // namespace acklab
