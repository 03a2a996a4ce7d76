package io.throttleresponder.diagnose;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.MetricQuery;
import io.throttleresponder.contract.DynamoDbNames;
import io.throttleresponder.contract.SensorMetrics;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads table, index, operation and cause from the metrics an alarm watches. Pure. */
public final class Diagnoser {

    public static final String NAMESPACE = "AWS/DynamoDB";
    public static final String TABLE_DIMENSION = "TableName";
    public static final String INDEX_DIMENSION = "GlobalSecondaryIndexName";

    private static final Map<String, Cause> CAUSE_BY_METRIC_SUFFIX = Map.of(
            "KeyRangeThroughputThrottleEvents", Cause.KEY_RANGE,
            "ProvisionedThroughputThrottleEvents", Cause.PROVISIONED,
            "MaxOnDemandThroughputThrottleEvents", Cause.MAX_ON_DEMAND,
            "AccountLimitThrottleEvents", Cause.ACCOUNT_LIMIT,
            "ThrottleEvents", Cause.UNKNOWN);
    private static final Set<String> READ_OPERATIONS =
            Set.of("GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems", "ExecuteStatement", "BatchExecuteStatement");
    private static final Set<String> WRITE_OPERATIONS =
            Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");

    private Diagnoser() {}

    /** Without a client sensor: only AWS/DynamoDB's metrics (and Metrics Insights over them) are answered. */
    public static Diagnosis diagnose(AlarmNotification alarm) {
        return diagnose(alarm, Optional.empty());
    }

    /**
     * @param sensorNamespace the namespace of the applications' client sensor, whose alarms are answered
     *     as the AWS/DynamoDB metric each throttling reason maps to; empty without a sensor
     */
    public static Diagnosis diagnose(AlarmNotification alarm, Optional<String> sensorNamespace) {
        if (alarm.isComposite()) {
            return new Diagnosis.NotActionable("composite alarm " + alarm.alarmName() + " (" + alarm.alarmRule()
                    + "): the responder answers the metric alarms it combines, each on its own");
        }
        if (alarm.state() == AlarmState.ALARM) {
            Optional<String> below = BelowThreshold.breach(alarm);
            if (below.isPresent()) {
                return new Diagnosis.NotActionable("alarm " + alarm.source() + " " + below.get());
            }
        }
        String query = alarm.metricsInsightsQuery();
        if (query != null) {
            return alarm.contributor() == null
                    ? new Diagnosis.NotActionable("Metrics Insights alarm " + alarm.alarmName() + " over several time series:"
                            + " its own state change is not answered; each contributor (one table or index) is, on its own")
                    : MetricsInsightsDiagnosis.diagnose(alarm, query);
        }
        List<MetricQuery> stats = alarm.metricStats();
        if (stats.isEmpty()) {
            return new Diagnosis.NotActionable("alarm " + alarm.alarmName() + " watches no metric");
        }
        if (alarm.state() == AlarmState.ALARM) {
            Optional<String> notAbove = BandBreach.notAbove(alarm);
            if (notAbove.isPresent()) {
                return new Diagnosis.NotActionable("anomaly-detection alarm " + alarm.alarmName() + " " + notAbove.get());
            }
        }
        if (sensorNamespace.isPresent() && stats.stream().anyMatch(m -> sensorNamespace.get().equals(m.namespace()))) {
            return sensor(alarm, stats);
        }
        List<MetricQuery> dynamo = stats.stream().filter(m -> NAMESPACE.equals(m.namespace())).toList();
        if (dynamo.isEmpty()) {
            return new Diagnosis.NotActionable("alarm " + alarm.alarmName() + " watches namespace "
                    + stats.get(0).namespace() + ", not " + NAMESPACE);
        }
        String table = dynamo.get(0).dimension(TABLE_DIMENSION);
        if (table == null) {
            return new Diagnosis.NotActionable("alarm " + alarm.alarmName() + " on " + dynamo.get(0).metricName()
                    + " has no " + TABLE_DIMENSION + " dimension");
        }
        for (MetricQuery metric : dynamo) {
            if (!table.equals(metric.dimension(TABLE_DIMENSION))) {
                return new Diagnosis.NotActionable("alarm " + alarm.alarmName() + " combines metrics of several tables");
            }
        }
        ResourceId resource = new ResourceId(table, dynamo.get(0).dimension(INDEX_DIMENSION));
        return dynamo.size() == 1
                ? single(alarm, resource, dynamo.get(0))
                : metricMath(alarm, resource, dynamo);
    }

    static Diagnosis single(AlarmNotification alarm, ResourceId resource, MetricQuery metric) {
        return single(alarm, resource, metric.metricName(), metric.dimension("Operation"),
                alarmedRate(alarm, metric.metricName(), "Sum".equals(metric.stat()), metric.period()));
    }

    /**
     * The consumption a consumed-capacity alarm reported, in units per second: its Sum (the datapoint
     * that breached, else the threshold) over its period, as DynamoDB's own example sizes such an alarm
     * (240 units per 60 s = 4 units/s, 80 % of 5).
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/creating-alarms.html">Creating
     *     CloudWatch alarms to monitor DynamoDB</a>
     */
    static Double alarmedRate(AlarmNotification alarm, String metricName, boolean sum, Integer period) {
        if (!sum || period == null || period <= 0 || !metricName.startsWith("Consumed")) {
            return null;
        }
        OptionalDouble datapoint = alarm.largestDatapoint();
        Double value = datapoint.isPresent() ? Double.valueOf(datapoint.getAsDouble()) : alarm.threshold();
        return value == null ? null : value / period;
    }

    static Diagnosis single(AlarmNotification alarm, ResourceId resource, String name, String apiOperation,
                            Double alarmedRate) {
        for (Operation operation : Operation.values()) {
            String prefix = operation.capitalized();
            if (name.startsWith(prefix)) {
                Cause cause = CAUSE_BY_METRIC_SUFFIX.get(name.substring(prefix.length()));
                if (cause != null) {
                    return found(resource, operation, cause, name, cause == Cause.UNKNOWN);
                }
            }
            if (name.equals("Consumed" + prefix + "CapacityUnits") || name.equals("Provisioned" + prefix + "CapacityUnits")) {
                return new Diagnosis.Found(new Incident(resource, operation, Cause.UTILIZATION, name, false, alarmedRate));
            }
        }
        if (name.equals("ThrottledRequests")) {
            Operation operation = operationOf(apiOperation);
            if (operation == null) {
                return new Diagnosis.NotActionable("alarm " + alarm.alarmName()
                        + " on ThrottledRequests names no known Operation dimension");
            }
            return found(resource, operation, Cause.UNKNOWN, name, true);
        }
        if (name.equals("SuccessfulRequestLatency")) {
            return found(resource, operationOf(apiOperation), Cause.LATENCY, name, false);
        }
        return new Diagnosis.NotActionable("alarm " + alarm.alarmName() + " watches " + name
                + ", which is not a throttling, capacity or latency signal");
    }

    /**
     * An alarm on the client sensor's ThrottledRequests of one table (or GSI) and reason: the reason names
     * the operation and the limit one-to-one, so it is the incident of the AWS/DynamoDB metric it maps to.
     * A throttle without a reason (an older SDK's, or RequestLimitExceeded) is throttling of unknown
     * operation and cause, which the per-cause metrics refine.
     */
    private static Diagnosis sensor(AlarmNotification alarm, List<MetricQuery> stats) {
        if (stats.size() != 1 || !SensorMetrics.THROTTLED_REQUESTS.equals(stats.get(0).metricName())) {
            return new Diagnosis.NotActionable("alarm " + alarm.alarmName() + " on the client sensor's namespace "
                    + stats.get(0).namespace() + " watches " + stats.stream().map(MetricQuery::metricName).distinct().toList()
                    + ", not its " + SensorMetrics.THROTTLED_REQUESTS + " of one table and reason");
        }
        MetricQuery metric = stats.get(0);
        String table = metric.dimension(SensorMetrics.TABLE_DIMENSION);
        String reason = metric.dimension(SensorMetrics.REASON_DIMENSION);
        if (table == null || reason == null || !DynamoDbNames.isValid(table)) {
            return new Diagnosis.NotActionable("alarm " + alarm.alarmName() + " on the client sensor's "
                    + SensorMetrics.THROTTLED_REQUESTS + " names no table (" + table + ") or no reason (" + reason + ")");
        }
        String index = metric.dimension(SensorMetrics.INDEX_DIMENSION);
        if (SensorMetrics.isIndexReason(reason) && index == null) {
            return new Diagnosis.NotActionable("alarm " + alarm.alarmName() + " on the client sensor: reason " + reason
                    + " is an index's, but the alarm names no " + SensorMetrics.INDEX_DIMENSION);
        }
        ResourceId resource = new ResourceId(table, index);
        Optional<String> dynamoDbMetric = SensorMetrics.metricFor(reason);
        if (dynamoDbMetric.isEmpty()) {
            return SensorMetrics.isExceptionName(reason) ? found(resource, null, Cause.UNKNOWN, reason, true)
                    : new Diagnosis.NotActionable("alarm " + alarm.alarmName() + " on the client sensor: " + reason
                            + " is not a throttling reason DynamoDB gives");
        }
        Diagnosis mapped = single(alarm, resource, dynamoDbMetric.get(), null, null);
        return mapped instanceof Diagnosis.Found found
                ? new Diagnosis.Found(new Incident(resource, found.incident().operation(), found.incident().cause(), reason, false))
                : mapped;
    }

    /** Metric-math alarms are recognised by the metrics they combine, never by their label or name. */
    private static Diagnosis metricMath(AlarmNotification alarm, ResourceId resource, List<MetricQuery> metrics) {
        Set<String> names = metrics.stream().map(MetricQuery::metricName).collect(Collectors.toSet());
        for (Operation operation : Operation.values()) {
            String consumed = "Consumed" + operation.capitalized() + "CapacityUnits";
            String provisioned = "Provisioned" + operation.capitalized() + "CapacityUnits";
            if (names.equals(Set.of(consumed, provisioned))) {
                return found(resource, operation, Cause.UTILIZATION, operation.capitalized() + "CapacityUtilization", false);
            }
        }
        if (names.equals(Set.of("SuccessfulRequestLatency"))) {
            Set<Operation> operations = metrics.stream()
                    .map(m -> operationOf(m.dimension("Operation")))
                    .collect(Collectors.toSet());
            Operation operation = operations.size() == 1 ? operations.iterator().next() : null;
            return found(resource, operation, Cause.LATENCY, "SuccessfulRequestLatency", false);
        }
        if (names.equals(Set.of("ReadThrottleEvents", "WriteThrottleEvents"))) {
            // Reads and writes summed: the per-cause metrics tell which throttles (Responder refines the operation).
            return found(resource, null, Cause.UNKNOWN, "ReadThrottleEvents+WriteThrottleEvents", true);
        }
        if (names.size() == 1) {
            return single(alarm, resource, metrics.get(0));
        }
        return new Diagnosis.NotActionable("alarm " + alarm.alarmName() + " combines " + names.stream().sorted().toList()
                + ", which the responder does not recognise");
    }

    private static Diagnosis found(ResourceId resource, Operation operation, Cause cause, String signal, boolean aggregate) {
        return new Diagnosis.Found(new Incident(resource, operation, cause, signal, aggregate));
    }

    static Operation operationOf(String apiOperation) {
        if (apiOperation == null) {
            return null;
        }
        if (READ_OPERATIONS.contains(apiOperation)) {
            return Operation.READ;
        }
        return WRITE_OPERATIONS.contains(apiOperation) ? Operation.WRITE : null;
    }
}
