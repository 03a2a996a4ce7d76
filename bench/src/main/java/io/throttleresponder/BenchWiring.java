package io.throttleresponder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.throttleresponder.aws.AwsAdapters;
import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.bench.AwsCalls;
import io.throttleresponder.priming.Priming;
import io.throttleresponder.priming.SnapshotPriming;
import io.throttleresponder.respond.Responder;
import io.throttleresponder.sandbox.Faults;
import io.throttleresponder.sandbox.InMemoryAutoScaling;
import io.throttleresponder.sandbox.InMemoryCloudWatch;
import io.throttleresponder.sandbox.RecordingSns;
import io.throttleresponder.sandbox.RecordingSqs;
import io.throttleresponder.sandbox.SandboxDynamoDb;
import io.throttleresponder.wiring.ResponderConfig;
import io.throttleresponder.wiring.ResponseMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The handler in the two configurations the benchmark compares. DynamoDB is the real SDK client of
 * the configuration, over loopback HTTP to DynamoDB Local; Contributor Insights, the account limits
 * and the other services are the sandbox's in-memory stand-ins. Every call is recorded.
 */
public final class BenchWiring {

    public enum Configuration {
        /** As deployed, on a plain cold start: AwsClients (URL-connection HTTP client, explicit region and credentials) built at init. */
        SHIPPED,
        /** As deployed with SnapStart: the same, and priming run after init, as before the snapshot; the first notification is the restored function's. */
        SHIPPED_PRIMED,
        /** SDK defaults (its default HTTP client and provider chains), everything built on the first request, no priming. */
        NAIVE
    }

    private BenchWiring() {}

    public static RequestStreamHandler handler(Configuration configuration, Map<String, String> env,
                                               List<ScalableTarget> scalableTargets, AwsCalls calls) {
        return switch (configuration) {
            case SHIPPED, SHIPPED_PRIMED -> shipped(env, scalableTargets, calls);
            case NAIVE -> new BuiltOnFirstRequest(env, scalableTargets, calls);
        };
    }

    /** What SnapStart runs before the snapshot (Priming.beforeCheckpoint), its lines marked as priming's. */
    public static void primeAsBeforeSnapshot() {
        SnapshotPriming.beforeSnapshot(Priming::primeForSnapshot);
    }

    /** When each step of the shipped init ended (System.currentTimeMillis), for the benchmark's breakdown. */
    public static final Map<String, Long> SHIPPED_INIT_STEPS = new LinkedHashMap<>();

    private static RequestStreamHandler shipped(Map<String, String> env, List<ScalableTarget> scalableTargets, AwsCalls calls) {
        ResponderConfig config = ResponderConfig.fromEnvironment(env);
        SHIPPED_INIT_STEPS.put("configuration and policy read", System.currentTimeMillis());
        AwsClients clients = AwsClients.create(config.region(), config.endpointOverride());
        payForClientsServedByStandIns(clients.applicationAutoScaling(), clients.cloudWatch(), clients.sns(), clients.sqs());
        DynamoDbClient dynamoDb = clients.dynamoDb();
        SHIPPED_INIT_STEPS.put("SDK clients built", System.currentTimeMillis());
        Responder responder = responder(config, dynamoDb, scalableTargets, calls);
        SHIPPED_INIT_STEPS.put("adapters and responder wired (here over the sandbox's stand-ins)", System.currentTimeMillis());
        AlarmHandler handler = new AlarmHandler(responder, metrics(env));
        SHIPPED_INIT_STEPS.put("metrics (Powertools) and handler", System.currentTimeMillis());
        return handler;
    }

    /**
     * The function's metrics as deployed, in the benchmark's function processes (a Lambda environment by
     * their variables). The launcher also runs the wiring, to count calls, in its own process: there the
     * library would probe EC2 for its environment, so the lines go nowhere.
     */
    private static ResponseMetrics metrics(Map<String, String> env) {
        return System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null
                ? ResponseMetrics.fromEnvironment(env)
                : ResponseMetrics.writingLinesTo(line -> { });
    }

    /** The naive function: a handler whose constructor does nothing and whose first request builds it all. */
    private static final class BuiltOnFirstRequest implements RequestStreamHandler {
        private final Map<String, String> env;
        private final List<ScalableTarget> scalableTargets;
        private final AwsCalls calls;
        private AlarmHandler handler;

        BuiltOnFirstRequest(Map<String, String> env, List<ScalableTarget> scalableTargets, AwsCalls calls) {
            this.env = env;
            this.scalableTargets = scalableTargets;
            this.calls = calls;
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            if (handler == null) {
                ResponderConfig config = ResponderConfig.fromEnvironment(env);
                payForClientsServedByStandIns(ApplicationAutoScalingClient.create(), CloudWatchClient.create(),
                        SnsClient.create(), SqsClient.create());
                handler = new AlarmHandler(responder(config, DynamoDbClient.create(), scalableTargets, calls), metrics(env));
            }
            handler.handleRequest(input, output, context);
        }
    }

    /**
     * The function builds a client per service, so each configuration builds these to pay what it pays;
     * no endpoint here serves those services, so the stand-ins answer their calls and these are closed.
     */
    private static void payForClientsServedByStandIns(SdkClient... clients) {
        for (SdkClient client : clients) {
            client.close();
        }
    }

    /** The production adapters over the configuration's DynamoDB client and the sandbox's stand-ins, as Sandbox wires them. */
    public static Responder responder(ResponderConfig config, DynamoDbClient dynamoDbOverHttp,
                                      List<ScalableTarget> scalableTargets, AwsCalls calls) {
        Clock clock = Clock.systemUTC();
        Faults none = new Faults(clock);
        SandboxDynamoDb sandboxDynamoDb = new SandboxDynamoDb(dynamoDbOverHttp, none, clock);
        InMemoryAutoScaling sandboxAutoScaling = new InMemoryAutoScaling(sandboxDynamoDb, none);
        scalableTargets.forEach(sandboxAutoScaling::put);
        return AwsAdapters.builder()
                .dynamoDb(calls.recording(DynamoDbClient.class, sandboxDynamoDb))
                .applicationAutoScaling(calls.recording(ApplicationAutoScalingClient.class, sandboxAutoScaling))
                .cloudWatch(calls.recording(CloudWatchClient.class, new InMemoryCloudWatch(null, none, clock)))
                .sns(calls.recording(SnsClient.class, new RecordingSns(null, none)))
                .sqs(calls.recording(SqsClient.class, new RecordingSqs(none)))
                .ledgerTableName(config.ledgerTableName())
                .notificationsTopicArn(config.notificationsTopicArn())
                .followUpQueueUrl(config.followUpQueueUrl())
                .ownAccount(config.ownAccount())
                .build()
                .responder(config.policy())
                .build();
    }
}
