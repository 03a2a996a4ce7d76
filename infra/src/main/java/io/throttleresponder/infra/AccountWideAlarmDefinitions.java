package io.throttleresponder.infra;

import io.throttleresponder.contract.BillingMode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account-wide Metrics Insights alarms of watchAllTables as plain definitions, without CDK:
 * {@link AccountWideAlarms} deploys them and the sandbox evaluates the same ones.
 */
final class AccountWideAlarmDefinitions {

    private AccountWideAlarmDefinitions() {
    }

    /**
     * Every account-wide alarm, by the id of its construct, in the order the construct creates them.
     *
     * @param named whether the configuration also names tables, which their own alarms answer
     */
    static Map<String, AlarmDefinition> byConstructId(String deploymentName, double throttleEventsPerMinute, boolean named) {
        Map<String, AlarmDefinition> definitions = new LinkedHashMap<>();
        for (Scope target : Scope.values()) {
            for (AlarmSignal signal : signals(target)) {
                definitions.put(target.idPrefix + signal.signalName(),
                        definition(deploymentName, target, signal, throttleEventsPerMinute, named));
            }
        }
        return definitions;
    }

    private static AlarmDefinition definition(String deploymentName, Scope target, AlarmSignal signal,
                                              double throttleEventsPerMinute, boolean named) {
        String per = target == Scope.INDEXES ? "index" : "table";
        return new AlarmDefinition(alarmName(deploymentName, target, signal),
                signal.describe(target.subject) + " Metrics Insights, one contributor per " + per
                        + (named ? "; a named table is answered by its own alarms" : "") + ".",
                List.of(AlarmDefinition.Query.metricsInsights("m1", query(signal, target), signal.signalName() + " by " + per,
                        AlarmDefinitions.PERIOD_SECONDS)),
                throttleEventsPerMinute, "GreaterThanThreshold", 1, 1,
                // Ignored by CloudWatch for AWS/DynamoDB metrics: a contributor without data keeps its state.
                "notBreaching");
    }

    /** What one account-wide alarm groups by: every table, or every GSI of every table. */
    enum Scope {
        TABLES("AllTables", "all-tables", "any table of the account", "SCHEMA(\"AWS/DynamoDB\", TableName)", "TableName"),
        INDEXES("AllIndexes", "all-indexes", "any GSI of the account",
                "SCHEMA(\"AWS/DynamoDB\", GlobalSecondaryIndexName, TableName)", "TableName, GlobalSecondaryIndexName");

        private final String idPrefix;
        private final String namePart;
        private final String subject;
        private final String schema;
        private final String groupBy;

        Scope(String idPrefix, String namePart, String subject, String schema, String groupBy) {
            this.idPrefix = idPrefix;
            this.namePart = namePart;
            this.subject = subject;
            this.schema = schema;
            this.groupBy = groupBy;
        }
    }

    /** Throttle signals only: utilization and latency need a per-table threshold or metric math Metrics Insights cannot group. */
    static List<AlarmSignal> signals(Scope scope) {
        return Arrays.stream(AlarmSignal.values())
                .filter(signal -> signal.kind() == AlarmSignal.Kind.THROTTLE_EVENTS)
                .filter(signal -> signal.appliesTo(BillingMode.PROVISIONED, scope == Scope.INDEXES)
                        || signal.appliesTo(BillingMode.PAY_PER_REQUEST, scope == Scope.INDEXES))
                .toList();
    }

    /** How many alarms watchAllTables adds: one per signal of each scope. */
    static int count() {
        return Arrays.stream(Scope.values()).mapToInt(scope -> signals(scope).size()).sum();
    }

    static String alarmName(String deploymentName, Scope scope, AlarmSignal signal) {
        return "%s-%s-%s".formatted(deploymentName, scope.namePart, signal.signalName());
    }

    /**
     * One time series per table (or index), the largest first so that past 500 the busiest are kept; no WHERE clause,
     * so the query's length (at most 2,048 characters) does not grow with the named tables.
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html
     */
    static String query(AlarmSignal signal, Scope scope) {
        return "SELECT SUM(%s) FROM %s GROUP BY %s ORDER BY SUM() DESC"
                .formatted(signal.signalName(), scope.schema, scope.groupBy);
    }
}
