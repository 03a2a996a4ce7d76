package io.throttleresponder.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * DynamoDB Local over HTTP, behind an endpoint that throttles as DynamoDB does what DynamoDB Local
 * never throttles: item writes and GetItems of a provisioned table past its capacity units in the
 * current second are refused with ProvisionedThroughputExceededException and its ThrottlingReasons,
 * on the wire as DynamoDB sends them, so an application's SDK client parses, retries and reports them
 * as it would against AWS. Everything else goes through unchanged.
 *
 * <p>Stricter than DynamoDB in one way: no burst capacity. DynamoDB keeps up to 300 seconds of unused
 * capacity for bursts (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html);
 * here a table gets its provisioned units each second and no more. Item sizes are the request's JSON
 * size, close to DynamoDB's (attribute names and values).
 */
public final class ThrottlingEndpoint implements AutoCloseable {

    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem");
    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "x-amzn-RequestId", "x-amz-crc32");

    private final DynamoDbLocalServer local;
    private final HttpServer server;
    private final HttpClient forward = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final DynamoDbClient admin;
    private final String account;
    private final String region;
    private final Clock clock;
    /** Per table or GSI and operation: the second counted and the units consumed in it. */
    private final Map<String, long[]> consumed = new ConcurrentHashMap<>();

    private ThrottlingEndpoint(String account, String region, Clock clock) throws IOException {
        this.account = account;
        this.region = region;
        this.clock = clock;
        this.local = DynamoDbLocalServer.start();
        this.admin = local.client(Region.of(region));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "throttling-endpoint");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** DynamoDB Local on a free port, and this endpoint in front of it, playing {@code account} in {@code region}. */
    public static ThrottlingEndpoint start(String account, String region, Clock clock) {
        try {
            return new ThrottlingEndpoint(account, region, clock);
        } catch (IOException e) {
            throw new SandboxException("the throttling endpoint could not start: " + e.getMessage());
        }
    }

    /** Where an application's client points: {@code endpointOverride(endpoint.uri())}. */
    public URI uri() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    /** A client straight to DynamoDB Local, never throttled: to create and inspect tables. */
    public DynamoDbClient admin() {
        return admin;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
            String throttled = WRITES.contains(operation) || "GetItem".equals(operation) ? throttle(operation, body) : null;
            if (throttled != null) {
                reply(exchange, 400, Map.of("Content-Type", "application/x-amz-json-1.0"), throttled.getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(local.uri().resolve(exchange.getRequestURI()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            RESPONSE_HEADERS.forEach(name -> response.headers().firstValue(name).ifPresent(value -> headers.put(name, value)));
            reply(exchange, response.statusCode(), headers, response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The throttling error's body when the request exceeds its table's capacity this second; null when it fits. */
    private String throttle(String operation, byte[] body) throws IOException {
        JsonNode request = json.readTree(body);
        String table = request.path("TableName").asText(null);
        if (table == null) {
            return null;
        }
        TableDescription description = admin.describeTable(r -> r.tableName(table)).table();
        boolean onDemand = description.billingModeSummary() != null
                && description.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
        if (onDemand) {
            return null;
        }
        boolean write = WRITES.contains(operation);
        long capacity = write ? description.provisionedThroughput().writeCapacityUnits()
                : description.provisionedThroughput().readCapacityUnits();
        JsonNode item = request.has("Item") ? request.get("Item") : request.path("Key");
        long bytes = json.writeValueAsBytes(item).length;
        // A write unit is 1 KB, a read unit 4 KB strongly consistent, two of them eventually consistent.
        double units = write ? Math.ceil(bytes / 1024.0)
                : Math.ceil(bytes / 4096.0) * (request.path("ConsistentRead").asBoolean(false) ? 1 : 0.5);
        long second = clock.millis() / 1000;
        String resource = table + (write ? "/write" : "/read");
        synchronized (consumed) {
            long[] tally = consumed.computeIfAbsent(resource, r -> new long[2]);
            if (tally[0] != second) {
                tally[0] = second;
                tally[1] = 0;
            }
            // Tallied in half units, so two eventually consistent reads make one.
            long halves = Math.round(units * 2);
            if (tally[1] + halves > capacity * 2) {
                return throttlingError(table, write);
            }
            tally[1] += halves;
        }
        return null;
    }

    /** @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ThrottlingReason.html">ThrottlingReason</a> */
    private String throttlingError(String table, boolean write) throws IOException {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("__type", "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
        error.put("message", "The level of configured provisioned throughput for the table was exceeded."
                + " Consider increasing your provisioning level with the UpdateTable API.");
        error.put("ThrottlingReasons", List.of(Map.of(
                "reason", "Table" + (write ? "Write" : "Read") + "ProvisionedThroughputExceeded",
                "resource", "arn:aws:dynamodb:%s:%s:table/%s".formatted(region, account, table))));
        return json.writeValueAsString(error);
    }

    private static void reply(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        admin.close();
        local.close();
    }
}
