package io.throttleresponder.client;

import io.throttleresponder.contract.KeyMasking;
import io.throttleresponder.contract.SensorMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;

/**
 * Reports an application's throttled DynamoDB calls as they happen, added to its SDK v2 client in one
 * line: {@code DynamoDbClient.builder().overrideConfiguration(c -> c.addExecutionInterceptor(ThrottleSensor.builder().build()))}.
 *
 * <p>On each throttled call (ProvisionedThroughputExceededException, ThrottlingException,
 * RequestLimitExceeded) it counts by table, index and reason, and writes one structured line with the
 * operation, table, index, reason and the request's key. {@link #flush} writes the counts of the past
 * second as one line in CloudWatch embedded metric format with 1-second resolution; a daemon thread
 * calls it every second unless the sensor is built without one. A call that is not throttled never
 * reaches it: the SDK calls {@code onExecutionFailure} only for failures. It never throws into the
 * application's call, and its key lines are capped per second.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ThrottlingReason.html">ThrottlingReason</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">Embedded metric format</a>
 */
public final class ThrottleSensor implements ExecutionInterceptor, AutoCloseable {

    /** What the throttled calls are counted by: table, index and reason. */
    record Source(String table, String index, String reason) {}

    private final String namespace;
    private final boolean maskKeys;
    private final Map<String, KeySchema> keySchemas;
    private final int keyLinesPerSecond;
    private final Consumer<String> lines;
    private final Clock clock;
    private final Map<Source, LongAdder> counts = new ConcurrentHashMap<>();
    private final AtomicLong keyLineSecond = new AtomicLong();
    private final AtomicInteger keyLinesThisSecond = new AtomicInteger();
    private final LongAdder keyLinesDropped = new LongAdder();
    /** The daemon thread that flushes every second; null when the sensor was built without one. */
    private volatile Thread flusher;

    private ThrottleSensor(Builder builder) {
        this.namespace = builder.namespace;
        this.maskKeys = builder.maskKeys;
        this.keySchemas = Map.copyOf(builder.keySchemas);
        this.keyLinesPerSecond = builder.keyLinesPerSecond;
        this.lines = builder.lines;
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
        try {
            List<Throttle> throttles = throttles(context.exception());
            if (throttles.isEmpty()) {
                return;
            }
            SdkRequest request = context.request();
            String operation = request.getClass().getSimpleName().replace("Request", "");
            for (Throttle throttle : throttles) {
                Target target = throttle.target().orElseGet(() -> Requests.target(request));
                counts.computeIfAbsent(new Source(target.table(), target.index(), throttle.reason()), s -> new LongAdder())
                        .increment();
                writeKeyLines(request, operation, target, throttle.reason());
            }
        } catch (RuntimeException | LinkageError e) {
            // Never into the application's call: a sensor that fails reports nothing, nothing more. A
            // LinkageError is an application's SDK older than ThrottlingReasons (the sensor is built on 2.57).
        }
    }

    /**
     * Writes the counts since the last flush as one embedded-metric-format line (nothing when there were
     * none), with the key lines dropped by the per-second cap.
     */
    public void flush() {
        Map<Source, Long> taken = new LinkedHashMap<>();
        counts.forEach((source, adder) -> {
            long count = adder.sumThenReset();
            if (count > 0) {
                taken.put(source, count);
            }
        });
        taken.forEach((source, count) -> lines.accept(emf(source, count)));
        long dropped = keyLinesDropped.sumThenReset();
        if (dropped > 0) {
            lines.accept("{\"throttleSensor\":\"keyLinesDropped\",\"count\":" + dropped + "}");
        }
    }

    /**
     * Stops the every-second flush and writes what was counted since the last: on the application's
     * shutdown. Waits (a second at most) for a flush in progress, so every count is written when it returns.
     */
    @Override
    public void close() {
        Thread running = flusher;
        if (running != null) {
            running.interrupt();
            try {
                running.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    /** A throttled call's reason, and the table or index DynamoDB names with it, when it does. */
    record Throttle(String reason, Optional<Target> target) {}

    /** The table or index a throttle is counted under. */
    record Target(String table, String index) {}

    /**
     * The throttles of a failed call: one per ThrottlingReason DynamoDB gave (a transaction over two
     * tables may give two), else one named after the exception; none for any other failure.
     */
    static List<Throttle> throttles(Throwable exception) {
        String name;
        List<ThrottlingReason> reasons;
        if (exception instanceof ProvisionedThroughputExceededException throughput) {
            name = SensorMetrics.PROVISIONED_THROUGHPUT_EXCEEDED;
            reasons = throughput.hasThrottlingReasons() ? throughput.throttlingReasons() : List.of();
        } else if (exception instanceof ThrottlingException throttling) {
            name = SensorMetrics.THROTTLING_EXCEPTION;
            reasons = throttling.hasThrottlingReasons() ? throttling.throttlingReasons() : List.of();
        } else if (exception instanceof RequestLimitExceededException limit) {
            name = SensorMetrics.REQUEST_LIMIT_EXCEEDED;
            reasons = limit.hasThrottlingReasons() ? limit.throttlingReasons() : List.of();
        } else if (exception instanceof DynamoDbException dynamoDb && dynamoDb.awsErrorDetails() != null
                && "ThrottlingException".equals(dynamoDb.awsErrorDetails().errorCode())) {
            name = SensorMetrics.THROTTLING_EXCEPTION;
            reasons = List.of();
        } else {
            return List.of();
        }
        if (reasons.isEmpty()) {
            return List.of(new Throttle(name, Optional.empty()));
        }
        return reasons.stream()
                .map(reason -> new Throttle(reason.reason() == null ? name : reason.reason(), Requests.targetOfArn(reason.resource())))
                .toList();
    }

    private boolean takeKeyLine() {
        long second = clock.millis() / 1000;
        if (keyLineSecond.getAndSet(second) != second) {
            keyLinesThisSecond.set(0);
        }
        if (keyLinesThisSecond.incrementAndGet() <= keyLinesPerSecond) {
            return true;
        }
        keyLinesDropped.increment();
        return false;
    }

    /** One line per key of the request on the throttled table (a batch has several), each under the cap. */
    private void writeKeyLines(SdkRequest request, String operation, Target target, String reason) {
        List<Map<String, String>> keys = Requests.keyedItems(request, target.table()).stream()
                .map(item -> key(item, target.table()))
                .filter(key -> !key.isEmpty())
                .toList();
        for (Map<String, String> key : keys.isEmpty() ? List.of(Map.<String, String>of()) : keys) {
            if (!takeKeyLine()) {
                return;
            }
            StringBuilder line = new StringBuilder("{\"throttleSensor\":\"" + SensorMetrics.KEY_LINE_MARKER + "\"");
            field(line, "operation", operation);
            field(line, "table", target.table());
            field(line, "index", target.index());
            field(line, "reason", reason);
            key.forEach((name, value) -> field(line, name, name.equals("key") ? value : masked(value)));
            lines.accept(line.append('}').toString());
        }
    }

    /** An item's key: partitionKey and sortKey, read with the table's key schema when the sensor has it. */
    private Map<String, String> key(Requests.KeyedItem item, String table) {
        Map<String, AttributeValue> attributes = item.attributes();
        Map<String, String> key = new LinkedHashMap<>();
        KeySchema schema = keySchemas.get(table);
        if (item.partitionKeyValue() != null) {
            key.put("partitionKey", Requests.text(item.partitionKeyValue()));
        } else if (schema != null) {
            Optional.ofNullable(attributes.get(schema.partitionKey())).ifPresent(value -> key.put("partitionKey", Requests.text(value)));
            Optional.ofNullable(schema.sortKey()).map(attributes::get).ifPresent(value -> key.put("sortKey", Requests.text(value)));
        } else if (!item.isKey() || attributes.isEmpty()) {
            return key;
        } else if (attributes.size() == 1) {
            key.put("partitionKey", Requests.text(attributes.values().iterator().next()));
        } else {
            // Without the table's key schema, two key attributes cannot be told apart: both, by name.
            List<String> names = new ArrayList<>(attributes.keySet());
            names.sort(null);
            key.put("key", String.join(", ", names.stream()
                    .map(name -> name + "=" + masked(Requests.text(attributes.get(name))))
                    .toList()));
        }
        return key;
    }

    private String masked(String keyValue) {
        return maskKeys ? KeyMasking.mask(keyValue) : keyValue;
    }

    private String emf(Source source, long count) {
        StringBuilder dimensions = new StringBuilder();
        quote(dimensions, SensorMetrics.TABLE_DIMENSION);
        if (source.index() != null) {
            dimensions.append(',');
            quote(dimensions, SensorMetrics.INDEX_DIMENSION);
        }
        dimensions.append(',');
        quote(dimensions, SensorMetrics.REASON_DIMENSION);
        StringBuilder line = new StringBuilder("{\"_aws\":{\"Timestamp\":").append(clock.millis())
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":");
        quote(line, namespace);
        line.append(",\"Dimensions\":[[").append(dimensions).append("]],\"Metrics\":[{\"Name\":");
        quote(line, SensorMetrics.THROTTLED_REQUESTS);
        line.append(",\"Unit\":\"Count\",\"StorageResolution\":1}]}]}");
        field(line, SensorMetrics.TABLE_DIMENSION, source.table() == null ? Requests.NO_TABLE : source.table());
        field(line, SensorMetrics.INDEX_DIMENSION, source.index());
        field(line, SensorMetrics.REASON_DIMENSION, source.reason());
        line.append(',');
        quote(line, SensorMetrics.THROTTLED_REQUESTS);
        return line.append(':').append(count).append('}').toString();
    }

    private static void field(StringBuilder line, String name, String value) {
        if (value == null) {
            return;
        }
        line.append(',');
        quote(line, name);
        line.append(':');
        quote(line, value);
    }

    private static void quote(StringBuilder line, String text) {
        line.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }

    /** A table's key attributes, to find the key in a PutItem's item. */
    public record KeySchema(String partitionKey, String sortKey) {
        public KeySchema {
            Objects.requireNonNull(partitionKey, "partitionKey");
        }
    }

    public static final class Builder {
        private String namespace = SensorMetrics.DEFAULT_NAMESPACE;
        private boolean maskKeys;
        private final Map<String, KeySchema> keySchemas = new LinkedHashMap<>();
        private int keyLinesPerSecond = 100;
        private Consumer<String> lines = System.out::println;
        private Clock clock = Clock.systemUTC();
        private boolean flushEverySecond = true;

        private Builder() {}

        /** The metrics' namespace. Default {@code ThrottleSensor}. */
        public Builder namespace(String value) { this.namespace = Objects.requireNonNull(value); return this; }

        /** Replace key values by the responder's stable hash ({@code key#} + 12 hex). Default false. */
        public Builder maskKeys(boolean value) { this.maskKeys = value; return this; }

        /** A table's key attributes, so PutItem's key can be told from the rest of its item. */
        public Builder keySchema(String table, String partitionKey, String sortKey) {
            this.keySchemas.put(table, new KeySchema(partitionKey, sortKey));
            return this;
        }

        /** At most this many key lines a second; the rest are counted and reported by {@link #flush}. Default 100. */
        public Builder keyLinesPerSecond(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("keyLinesPerSecond must be at least 1, was " + value);
            }
            this.keyLinesPerSecond = value;
            return this;
        }

        /** Where the lines go. Default standard output, which Lambda and the CloudWatch agent read. */
        public Builder lines(Consumer<String> value) { this.lines = Objects.requireNonNull(value); return this; }

        public Builder clock(Clock value) { this.clock = Objects.requireNonNull(value); return this; }

        /** Whether a daemon thread flushes the counts every second. Default true; tests call {@link #flush}. */
        public Builder flushEverySecond(boolean value) { this.flushEverySecond = value; return this; }

        public ThrottleSensor build() {
            ThrottleSensor sensor = new ThrottleSensor(this);
            if (flushEverySecond) {
                Thread flusher = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            Thread.sleep(1000);
                            sensor.flush();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (RuntimeException e) {
                            // A failed write loses one second's line; the next second tries again.
                        }
                    }
                }, "throttle-sensor-flush");
                flusher.setDaemon(true);
                sensor.flusher = flusher;
                flusher.start();
            }
            return sensor;
        }
    }
}
