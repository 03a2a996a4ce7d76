package io.throttleresponder.sample;

import io.throttleresponder.client.ThrottleSensor;
import io.throttleresponder.sandbox.ThrottlingEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * An application with the client sensor: it writes orders to a table of 1 WCU on DynamoDB Local (behind
 * the sandbox's throttling endpoint), seven in ten of them for one customer, from a few threads for a
 * few seconds. The sensor writes its lines to {@code lines} (the application's log): a key line per
 * throttled call and, each second, the counts in embedded metric format. The sandbox replays those
 * lines as the Logs Insights answer ({@code responder-local.jar --sensor-lines}).
 *
 * <p>{@code java -cp tests/target/responder-local.jar io.throttleresponder.sample.SampleApplication [seconds]}
 */
public final class SampleApplication {

    public static final String TABLE = "orders";
    public static final String HOT_CUSTOMER = "customer#1042";
    private static final int WRITERS = 6;

    /** What the application saw: the calls it made and those that still failed throttled after the SDK's retries. */
    public record Outcome(int calls, int throttled) {}

    private SampleApplication() {}

    public static void main(String[] args) throws InterruptedException {
        Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 3);
        Outcome outcome = run(duration, System.out::println);
        System.err.printf("%d writes, %d throttled after the SDK's retries%n", outcome.calls(), outcome.throttled());
    }

    public static Outcome run(Duration duration, Consumer<String> log) throws InterruptedException {
        try (ThrottlingEndpoint dynamoDb = ThrottlingEndpoint.start("123456789012", "us-east-1", Clock.systemUTC())) {
            dynamoDb.admin().createTable(t -> t.tableName(TABLE)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                    .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L)));

            // The one line the application adds: the sensor, as an interceptor of its client.
            ThrottleSensor sensor = ThrottleSensor.builder().keySchema(TABLE, "pk", "sk").lines(log).build();
            DynamoDbClient orders = DynamoDbClient.builder()
                    .endpointOverride(dynamoDb.uri())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sample", "sample")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(sensor).retryStrategy(RetryMode.STANDARD))
                    .build();

            AtomicInteger calls = new AtomicInteger();
            AtomicInteger throttled = new AtomicInteger();
            long end = System.nanoTime() + duration.toNanos();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                writers.submit(() -> {
                    while (System.nanoTime() < end) {
                        int n = calls.incrementAndGet();
                        String customer = n % 10 < 7 ? HOT_CUSTOMER : "customer#" + (2000 + n % 13);
                        try {
                            orders.putItem(p -> p.tableName(TABLE).item(Map.of(
                                    "pk", AttributeValue.fromS(customer), "sk", AttributeValue.fromS("order#" + n),
                                    "total", AttributeValue.fromN(Integer.toString(10 + n % 90)))));
                        } catch (ProvisionedThroughputExceededException e) {
                            throttled.incrementAndGet();
                        }
                    }
                });
            }
            writers.shutdown();
            writers.awaitTermination(duration.toSeconds() + 30, TimeUnit.SECONDS);
            orders.close();
            sensor.close();
            return new Outcome(calls.get(), throttled.get());
        }
    }
}
