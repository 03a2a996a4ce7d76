package io.throttleresponder.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds every SDK client the functions use, once, at init: explicit region, credentials from the
 * environment on Lambda (no provider-chain probing), the light URL-connection HTTP client shared by
 * all clients, bounded timeouts, and the endpoint overridable for LocalStack.
 */
public final class AwsClients {

    /** A control-plane call that takes longer than this is better retried than waited for. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private final Region region;
    private final URI endpointOverride;
    private final SdkHttpClient httpClient;
    private final AwsCredentialsProvider credentials;
    private final Map<Class<?>, SdkClient> built = new ConcurrentHashMap<>();

    private AwsClients(String region, URI endpointOverride, AwsCredentialsProvider credentials, SdkHttpClient httpClient) {
        this.region = Region.of(region);
        this.endpointOverride = endpointOverride;
        this.credentials = credentials;
        this.httpClient = httpClient;
    }

    /** On Lambda the credentials are in the environment; elsewhere (the local runner) the default chain finds them. */
    public static AwsClients create(String region, URI endpointOverride) {
        return create(region, endpointOverride, httpClient());
    }

    /**
     * The same clients over {@code httpClient}: the benchmark wraps {@link #httpClient()} to send DynamoDB's calls
     * over HTTP and answer the other services in the process.
     */
    public static AwsClients create(String region, URI endpointOverride, SdkHttpClient httpClient) {
        boolean onLambda = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;
        return new AwsClients(region, endpointOverride,
                onLambda ? EnvironmentVariableCredentialsProvider.create() : DefaultCredentialsProvider.builder().build(),
                httpClient);
    }

    /** The HTTP client all the clients share: the light URL-connection client, with bounded connect and socket timeouts. */
    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(ATTEMPT_TIMEOUT)
                .build();
    }

    /**
     * The same clients, configured as {@link #create} configures them, over {@code priming}: requests are
     * built, signed (with made-up credentials) and answered without leaving the process.
     */
    public static AwsClients inProcess(String region, PrimingHttpClient priming) {
        return new AwsClients(region, null,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")), priming);
    }

    public DynamoDbClient dynamoDb() {
        return client(DynamoDbClient.class, () -> configure(DynamoDbClient.builder()).build());
    }

    public CloudWatchClient cloudWatch() {
        return client(CloudWatchClient.class, () -> configure(CloudWatchClient.builder()).build());
    }

    public SnsClient sns() {
        return client(SnsClient.class, () -> configure(SnsClient.builder()).build());
    }

    public SqsClient sqs() {
        return client(SqsClient.class, () -> configure(SqsClient.builder()).build());
    }

    public CloudWatchLogsClient cloudWatchLogs() {
        return client(CloudWatchLogsClient.class, () -> configure(CloudWatchLogsClient.builder()).build());
    }

    public ApplicationAutoScalingClient applicationAutoScaling() {
        return client(ApplicationAutoScalingClient.class, () -> configure(ApplicationAutoScalingClient.builder()).build());
    }

    /** One client per service, however many adapters ask for it. */
    private <T extends SdkClient> T client(Class<T> type, Supplier<T> build) {
        return type.cast(built.computeIfAbsent(type, t -> build.get()));
    }

    /**
     * A builder set up as every client here is (Region, credentials, HTTP client, timeouts, endpoint), for a
     * client of a service the functions do not call: the local runner's STS, which stays out of their jar.
     */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                // Standard retries: backoff with jitter and a retry quota, right for throttled control-plane calls.
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT)
                        .build());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder;
    }
}
