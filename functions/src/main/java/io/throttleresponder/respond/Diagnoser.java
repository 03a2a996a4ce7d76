package io.throttleresponder.respond;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.MetricQuery;
import java.util.List;
import java.util.Map;
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

    public static Diagnosis diagnose(AlarmNotification alarm) {
        List<MetricQuery> stats = alarm.metricStats();
        if (stats.isEmpty()) {
            return new Diagnosis.NotActionable("alarm " + alarm.alarmName() + " watches no metric (composite alarm?)");
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

    private static Diagnosis single(AlarmNotification alarm, ResourceId resource, MetricQuery metric) {
        String name = metric.metricName();
        for (Operation operation : Operation.values()) {
            String prefix = operation.capitalized();
            if (name.startsWith(prefix)) {
                Cause cause = CAUSE_BY_METRIC_SUFFIX.get(name.substring(prefix.length()));
                if (cause != null) {
                    return found(resource, operation, cause, name, cause == Cause.UNKNOWN);
                }
            }
            if (name.equals("Consumed" + prefix + "CapacityUnits") || name.equals("Provisioned" + prefix + "CapacityUnits")) {
                return found(resource, operation, Cause.UTILIZATION, name, false);
            }
        }
        if (name.equals("ThrottledRequests")) {
            Operation operation = operationOf(metric.dimension("Operation"));
            if (operation == null) {
                return new Diagnosis.NotActionable("alarm " + alarm.alarmName()
                        + " on ThrottledRequests names no known Operation dimension");
            }
            return found(resource, operation, Cause.UNKNOWN, name, true);
        }
        if (name.equals("SuccessfulRequestLatency")) {
            return found(resource, operationOf(metric.dimension("Operation")), Cause.LATENCY, name, false);
        }
        return new Diagnosis.NotActionable("alarm " + alarm.alarmName() + " watches " + name
                + ", which is not a throttling, capacity or latency signal");
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
