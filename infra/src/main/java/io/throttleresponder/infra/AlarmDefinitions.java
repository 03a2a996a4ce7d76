package io.throttleresponder.infra;

import io.throttleresponder.contract.SensorMetrics;
import io.throttleresponder.infra.config.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stack's alarms on watched tables and GSIs, as plain definitions (no CDK): {@link DynamoDbAlarms}
 * builds them, and the sandbox evaluates the same ones.
 *
 * <p>The AWS/DynamoDB alarms are metric math, so that they return to OK when an incident ends in
 * silence. "Alarms that evaluate metrics in the AWS/DynamoDB namespace always ignore missing data even if
 * you choose a different option for TreatMissingData. When an AWS/DynamoDB metric has missing data, alarms
 * that evaluate that metric remain in their current state." DynamoDB publishes a throttle metric only in a
 * minute that throttled, and Provisioned*CapacityUnits every 5 minutes: a plain metric alarm on a throttle
 * metric stays in ALARM after the throttling stops, sends no OK (no recovery) and nothing at the next
 * incident. {@code FILL(m1, 0)} gives each quiet minute the value 0; {@code FILL(m2, REPEAT)} gives each
 * minute between two provisioned datapoints the latest one. Each alarm still reads the metrics it read
 * before (CloudWatch bills a metric-math alarm per metric) and never more than 10 (DESIGN.md).
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html">PutMetricAlarm, TreatMissingData</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html">Using metric math: FILL(m, value | REPEAT | LINEAR)</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html">DynamoDB metrics: which are aggregated each minute, the others every five</a>
 */
public final class AlarmDefinitions {

    public static final String NAMESPACE = "AWS/DynamoDB";
    /** One 1-minute datapoint: the fastest DynamoDB metrics allow, so the responder hears within two minutes. */
    public static final int PERIOD_SECONDS = 60;
    /**
     * The sensor's high-resolution alarms, evaluated every 10 seconds.
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html">PutMetricAlarm (Period 10, 20, 30 or a multiple of 60)</a>
     */
    public static final int SENSOR_PERIOD_SECONDS = 10;
    /** CDK's id for the expression an alarm watches; the template (and so the notification) carries it. */
    static final String EXPRESSION_ID = "expr_1";

    private AlarmDefinitions() {
    }

    /** Every alarm of a table or GSI: one per signal, and with the sensor one per throttling reason. */
    public static List<AlarmDefinition> forTarget(String deploymentName, WatchedTarget target, Optional<String> sensorNamespace) {
        List<AlarmDefinition> alarms = new ArrayList<>();
        target.signals().forEach(signal -> alarms.add(forSignal(deploymentName, target, signal)));
        sensorNamespace.ifPresent(namespace -> target.sensorSignals()
                .forEach(signal -> alarms.add(forSensor(deploymentName, target, signal, namespace))));
        return alarms;
    }

    /**
     * With watchAllTables: the account-wide Metrics Insights alarms, one contributor per table or GSI.
     *
     * @param named whether the configuration also names tables
     */
    public static List<AlarmDefinition> accountWide(String deploymentName, double throttleEventsPerMinute, boolean named) {
        return List.copyOf(AccountWideAlarmDefinitions.byConstructId(deploymentName, throttleEventsPerMinute, named).values());
    }

    /** The stack's alarm on {@code signal} of the table or GSI. */
    public static AlarmDefinition forSignal(String deploymentName, WatchedTarget target, AlarmSignal signal) {
        Thresholds thresholds = target.table().thresholds();
        return switch (signal.kind()) {
            case THROTTLE_EVENTS -> dynamoDb(deploymentName, target, signal, thresholds.throttleEventsPerMinute(), List.of(
                    // A quiet minute has no throttle datapoint: it counts as 0 throttles, not as missing.
                    AlarmDefinition.Query.expression(EXPRESSION_ID, "FILL(m1, 0)", signal.signalName()),
                    AlarmDefinition.Query.metric("m1", stat(signal.signalName(), target.dimensions(), "Sum"), null, false)));
            case UTILIZATION -> {
                String direction = signal.capacityDirection();
                yield dynamoDb(deploymentName, target, signal, thresholds.utilizationPercent(), List.of(
                        // Consumed capacity is a per-minute Sum, missing in a minute without requests (0 consumed);
                        // provisioned capacity a per-second level published every 5 minutes, the same until changed.
                        AlarmDefinition.Query.expression(EXPRESSION_ID, "(FILL(m1, 0) / 60) / FILL(m2, REPEAT) * 100",
                                "%s capacity utilization (%%)".formatted(direction)),
                        AlarmDefinition.Query.metric("m1", stat("Consumed%sCapacityUnits".formatted(direction),
                                target.dimensions(), "Sum"), null, false),
                        AlarmDefinition.Query.metric("m2", stat("Provisioned%sCapacityUnits".formatted(direction),
                                target.dimensions(), "Average"), null, false)));
            }
            case LATENCY -> {
                List<String> operations = target.table().latencyOperations();
                List<AlarmDefinition.Query> queries = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < operations.size(); i++) {
                    ids.add("m" + (i + 1));
                }
                // The average of the operations that had requests; a minute without any request has no latency: 0.
                queries.add(AlarmDefinition.Query.expression(EXPRESSION_ID,
                        "FILL(AVG([%s]), 0)".formatted(String.join(",", ids)),
                        "average latency of " + String.join(", ", operations) + " (ms)"));
                for (int i = 0; i < operations.size(); i++) {
                    Map<String, String> dimensions = new LinkedHashMap<>(target.dimensions());
                    dimensions.put("Operation", operations.get(i));
                    queries.add(AlarmDefinition.Query.metric(ids.get(i), stat("SuccessfulRequestLatency", dimensions, "Average"),
                            operations.get(i), false));
                }
                yield dynamoDb(deploymentName, target, signal, thresholds.latencyMilliseconds(), queries);
            }
        };
    }

    /**
     * The sensor's count of the throttling reason that maps to {@code signal}, over 10 seconds, with the
     * signal's per-minute threshold scaled to the period. Not AWS/DynamoDB: a 10-second period without a
     * line from the sensor (no throttle) is treated as not breaching, and the alarm returns to OK.
     */
    public static AlarmDefinition forSensor(String deploymentName, WatchedTarget target, AlarmSignal signal, String namespace) {
        Map<String, String> dimensions = new LinkedHashMap<>(target.dimensions());
        dimensions.put(SensorMetrics.REASON_DIMENSION, target.sensorReason(signal));
        return new AlarmDefinition(target.sensorAlarmName(deploymentName, signal),
                "From the applications' client sensor, within 10 seconds: " + signal.describe(target.subject()),
                List.of(AlarmDefinition.Query.metric("m1", new AlarmDefinition.Stat(namespace, SensorMetrics.THROTTLED_REQUESTS,
                        dimensions, "Sum", SENSOR_PERIOD_SECONDS), null, true)),
                target.table().thresholds().throttleEventsPerMinute() * SENSOR_PERIOD_SECONDS / 60.0,
                "GreaterThanThreshold", 1, 1, "notBreaching");
    }

    private static AlarmDefinition dynamoDb(String deploymentName, WatchedTarget target, AlarmSignal signal, double threshold,
                                            List<AlarmDefinition.Query> queries) {
        return new AlarmDefinition(target.alarmName(deploymentName, signal), description(target, signal), queries, threshold,
                "GreaterThanThreshold", 1, 1,
                // Ignored by CloudWatch for AWS/DynamoDB metrics (see above); the expressions leave nothing missing.
                "notBreaching");
    }

    private static String description(WatchedTarget target, AlarmSignal signal) {
        return signal.describe(signal.kind() == AlarmSignal.Kind.LATENCY
                ? "%s (%s)".formatted(target.subject(), String.join(", ", target.table().latencyOperations()))
                : target.subject());
    }

    private static AlarmDefinition.Stat stat(String metricName, Map<String, String> dimensions, String statistic) {
        return new AlarmDefinition.Stat(NAMESPACE, metricName, dimensions, statistic, PERIOD_SECONDS);
    }
}
