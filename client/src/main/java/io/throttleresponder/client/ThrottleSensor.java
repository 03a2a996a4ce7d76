package io.throttleresponder.client;

import io.throttleresponder.contract.KeyMasking;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
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
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

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
public final class ThrottleSensor implements ExecutionInterceptor {

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
            Optional<String> reason = reason(context.exception());
            if (reason.isEmpty()) {
                return;
            }
            SdkRequest request = context.request();
            Target target = target(request);
            counts.computeIfAbsent(new Source(target.table, target.index, reason.get()), s -> new LongAdder()).increment();
            if (takeKeyLine()) {
                lines.accept(keyLine(request, target, reason.get()));
            }
        } catch (RuntimeException e) {
            // Never into the application's call: a sensor that fails reports nothing, nothing more.
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

    /** The reason of a throttled call; empty for any other failure. */
    static Optional<String> reason(Throwable exception) {
        if (exception instanceof ProvisionedThroughputExceededException throughput) {
            return Optional.of(throughput.hasThrottlingReasons() && !throughput.throttlingReasons().isEmpty()
                    ? throughput.throttlingReasons().get(0).reason() : "ProvisionedThroughputExceeded");
        }
        if (exception instanceof ThrottlingException) {
            return Optional.of("ThrottlingException");
        }
        if (exception instanceof RequestLimitExceededException) {
            return Optional.of("RequestLimitExceeded");
        }
        if (exception instanceof DynamoDbException dynamoDb && dynamoDb.awsErrorDetails() != null
                && "ThrottlingException".equals(dynamoDb.awsErrorDetails().errorCode())) {
            return Optional.of("ThrottlingException");
        }
        return Optional.empty();
    }

    private record Target(String operation, String table, String index) {}

    private static Target target(SdkRequest request) {
        String operation = request.getClass().getSimpleName().replace("Request", "");
        if (request instanceof QueryRequest query) {
            return new Target(operation, query.tableName(), query.indexName());
        }
        if (request instanceof ScanRequest scan) {
            return new Target(operation, scan.tableName(), scan.indexName());
        }
        String table = request.getValueForField("TableName", String.class).orElse("-");
        return new Target(operation, table, null);
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

    private String keyLine(SdkRequest request, Target target, String reason) {
        Map<String, String> key = key(request, target.table);
        StringBuilder line = new StringBuilder("{\"throttleSensor\":\"throttled\"");
        field(line, "operation", target.operation);
        field(line, "table", target.table);
        field(line, "index", target.index);
        field(line, "reason", reason);
        key.forEach((name, value) -> field(line, name, name.equals("key") ? value : masked(value)));
        return line.append('}').toString();
    }

    /** The request's key: partitionKey and sortKey, when the request names them. */
    private Map<String, String> key(SdkRequest request, String table) {
        if (request instanceof QueryRequest query) {
            return queryKey(query);
        }
        Map<String, AttributeValue> item = keyAttributes(request, table);
        Map<String, String> key = new LinkedHashMap<>();
        if (item.isEmpty()) {
            return key;
        }
        KeySchema schema = keySchemas.get(table);
        if (schema != null) {
            Optional.ofNullable(item.get(schema.partitionKey())).ifPresent(value -> key.put("partitionKey", text(value)));
            Optional.ofNullable(schema.sortKey()).map(item::get).ifPresent(value -> key.put("sortKey", text(value)));
        } else if (item.size() == 1) {
            key.put("partitionKey", text(item.values().iterator().next()));
        } else {
            // Without the table's key schema, two key attributes cannot be told apart: both, by name.
            List<String> names = new ArrayList<>(item.keySet());
            names.sort(null);
            key.put("key", String.join(", ", names.stream()
                    .map(name -> name + "=" + masked(text(item.get(name))))
                    .toList()));
        }
        return key;
    }

    /** A single-item request's key attributes; a PutItem's only with the table's key schema. */
    private Map<String, AttributeValue> keyAttributes(SdkRequest request, String table) {
        if (request instanceof GetItemRequest get) {
            return get.key();
        }
        if (request instanceof UpdateItemRequest update) {
            return update.key();
        }
        if (request instanceof DeleteItemRequest delete) {
            return delete.key();
        }
        if (request instanceof PutItemRequest put && keySchemas.containsKey(table)) {
            KeySchema schema = keySchemas.get(table);
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            Optional.ofNullable(put.item().get(schema.partitionKey())).ifPresent(v -> key.put(schema.partitionKey(), v));
            Optional.ofNullable(schema.sortKey()).map(put.item()::get).ifPresent(v -> key.put(schema.sortKey(), v));
            return key;
        }
        return Map.of();
    }

    /** The partition key of a query's key condition: {@code pk = :v} or {@code #pk = :v}, possibly AND a sort key condition. */
    private static Map<String, String> queryKey(QueryRequest query) {
        Map<String, String> key = new LinkedHashMap<>();
        if (query.keyConditionExpression() == null) {
            return key;
        }
        String first = query.keyConditionExpression().split("(?i)\\s+AND\\s+")[0].trim();
        String[] sides = first.split("=");
        if (sides.length == 2) {
            AttributeValue value = query.expressionAttributeValues().get(sides[1].trim());
            if (value != null) {
                key.put("partitionKey", text(value));
            }
        }
        return key;
    }

    private String masked(String keyValue) {
        return maskKeys ? KeyMasking.mask(keyValue) : keyValue;
    }

    private static String text(AttributeValue value) {
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return value.n();
        }
        if (value.b() != null) {
            return Base64.getEncoder().encodeToString(value.b().asByteArray());
        }
        return value.toString();
    }

    private String emf(Source source, long count) {
        StringBuilder dimensions = new StringBuilder("\"TableName\"");
        if (source.index() != null) {
            dimensions.append(",\"GlobalSecondaryIndexName\"");
        }
        dimensions.append(",\"Reason\"");
        StringBuilder line = new StringBuilder("{\"_aws\":{\"Timestamp\":").append(clock.millis())
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":");
        quote(line, namespace);
        line.append(",\"Dimensions\":[[").append(dimensions)
                .append("]],\"Metrics\":[{\"Name\":\"ThrottledRequests\",\"Unit\":\"Count\",\"StorageResolution\":1}]}]}");
        field(line, "TableName", source.table());
        field(line, "GlobalSecondaryIndexName", source.index());
        field(line, "Reason", source.reason());
        return line.append(",\"ThrottledRequests\":").append(count).append('}').toString();
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
        private String namespace = "ThrottleSensor";
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
                flusher.start();
            }
            return sensor;
        }
    }
}
