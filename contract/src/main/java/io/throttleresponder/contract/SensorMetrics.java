package io.throttleresponder.contract;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The client sensor's metric, which its 10-second alarms watch and the responder diagnoses: the
 * namespace, metric and dimension names, and the throttling reasons it counts.
 *
 * <p>DynamoDB names a throttling reason ResourceType + OperationType + LimitType
 * ({@code TableWriteKeyRangeThroughputExceeded}); each maps one-to-one to the AWS/DynamoDB metric of the
 * same table or index, operation and limit ({@code WriteKeyRangeThroughputThrottleEvents}), so the
 * responder answers a sensor alarm as it answers that metric's alarm.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ThrottlingReason.html">ThrottlingReason</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/throttling-diagnosing-workflow.html">Diagnosing throttling</a>
 */
public final class SensorMetrics {

    public static final String DEFAULT_NAMESPACE = "ThrottleSensor";
    public static final String THROTTLED_REQUESTS = "ThrottledRequests";
    public static final String TABLE_DIMENSION = "TableName";
    public static final String INDEX_DIMENSION = "GlobalSecondaryIndexName";
    public static final String REASON_DIMENSION = "Reason";
    /**
     * What the sensor counts a throttle under when DynamoDB gave no ThrottlingReasons: the exception's name
     * (ProvisionedThroughputExceededException, ThrottlingException, RequestLimitExceeded).
     */
    public static final String PROVISIONED_THROUGHPUT_EXCEEDED = "ProvisionedThroughputExceeded";
    public static final String THROTTLING_EXCEPTION = "ThrottlingException";
    public static final String REQUEST_LIMIT_EXCEEDED = "RequestLimitExceeded";

    /** What the sensor's key lines are marked with, which the Logs Insights query filters on. */
    public static final String KEY_LINE_MARKER = "throttled";

    /** A DynamoDB limit type, with the suffix of the AWS/DynamoDB metric that counts its throttles. */
    public enum Limit {
        PROVISIONED("ProvisionedThroughputExceeded", "ProvisionedThroughputThrottleEvents"),
        KEY_RANGE("KeyRangeThroughputExceeded", "KeyRangeThroughputThrottleEvents"),
        MAX_ON_DEMAND("MaxOnDemandThroughputExceeded", "MaxOnDemandThroughputThrottleEvents"),
        ACCOUNT_LIMIT("AccountLimitExceeded", "AccountLimitThrottleEvents");

        private final String reasonSuffix;
        private final String metricSuffix;

        Limit(String reasonSuffix, String metricSuffix) {
            this.reasonSuffix = reasonSuffix;
            this.metricSuffix = metricSuffix;
        }
    }

    private static final Map<String, Limit> LIMIT_BY_METRIC_SUFFIX = Map.of(
            Limit.PROVISIONED.metricSuffix, Limit.PROVISIONED,
            Limit.KEY_RANGE.metricSuffix, Limit.KEY_RANGE,
            Limit.MAX_ON_DEMAND.metricSuffix, Limit.MAX_ON_DEMAND,
            Limit.ACCOUNT_LIMIT.metricSuffix, Limit.ACCOUNT_LIMIT);

    /**
     * One Logs Insights query reads at most 10 log groups.
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html">StartQuery</a>
     */
    public static final int MAX_LOG_GROUPS = 10;

    /**
     * A custom namespace: 1-255 of letters, digits and {@code . - _ / # :} or space, not under {@code AWS/},
     * which is AWS's own.
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Namespace">Namespaces</a>
     */
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9.\\-_/#: ]{1,255}");
    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html">CreateLogGroup</a> */
    private static final Pattern LOG_GROUP_NAME = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");

    private SensorMetrics() {}

    public static boolean isValidNamespace(String namespace) {
        return namespace != null && NAMESPACE.matcher(namespace).matches() && !namespace.startsWith("AWS/")
                && !namespace.startsWith(":");
    }

    public static boolean isValidLogGroupName(String name) {
        return name != null && LOG_GROUP_NAME.matcher(name).matches();
    }

    /**
     * The throttling reason DynamoDB gives for an AWS/DynamoDB throttle metric of a table or index,
     * e.g. {@code IndexReadProvisionedThroughputExceeded} for {@code ReadProvisionedThroughputThrottleEvents}
     * of a GSI; empty for a metric that counts no single limit (ReadThrottleEvents).
     */
    public static Optional<String> reasonFor(String dynamoDbMetric, boolean index) {
        for (String operation : new String[] {"Read", "Write"}) {
            if (dynamoDbMetric.startsWith(operation)) {
                Limit limit = LIMIT_BY_METRIC_SUFFIX.get(dynamoDbMetric.substring(operation.length()));
                if (limit != null) {
                    return Optional.of((index ? "Index" : "Table") + operation + limit.reasonSuffix);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The AWS/DynamoDB throttle metric a throttling reason maps to ({@code WriteKeyRangeThroughputThrottleEvents}
     * for {@code TableWriteKeyRangeThroughputExceeded}); empty for what is not such a reason
     * (the sensor's {@code ThrottlingException} or {@code RequestLimitExceeded} without reasons).
     */
    public static Optional<String> metricFor(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        String rest = reason.startsWith("Table") ? reason.substring(5)
                : reason.startsWith("Index") ? reason.substring(5) : null;
        if (rest == null) {
            return Optional.empty();
        }
        for (String operation : new String[] {"Read", "Write"}) {
            if (rest.startsWith(operation)) {
                String limitType = rest.substring(operation.length());
                for (Limit limit : Limit.values()) {
                    if (limit.reasonSuffix.equals(limitType)) {
                        return Optional.of(operation + limit.metricSuffix);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the sensor counted a throttle under its exception's name, DynamoDB having given no reason. */
    public static boolean isExceptionName(String reason) {
        return PROVISIONED_THROUGHPUT_EXCEEDED.equals(reason) || THROTTLING_EXCEPTION.equals(reason)
                || REQUEST_LIMIT_EXCEEDED.equals(reason);
    }

    /** Whether a reason names an index (a GSI) rather than its table. */
    public static boolean isIndexReason(String reason) {
        return reason != null && reason.startsWith("Index");
    }
}
