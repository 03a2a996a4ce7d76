package io.throttleresponder.infra;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.infra.config.ResponderConfig;
import io.throttleresponder.infra.config.UnnamedTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * With watchAllTables: one CloudWatch Metrics Insights alarm per throttle signal over every table of
 * the account and Region, and one per signal over every GSI, each table (or index) a contributor
 * with its own ALARM and OK, tables created after the deploy included. The queries use only the
 * documented grammar and list no tables: named tables are covered too, and the responder answers a
 * named table by its own alarms only (functions: respond.Coverage), so no exclusion list grows with them.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html">Alarms
 *     on Metrics Insights queries over multiple time series</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html">Their limits: 200 per
 *     account and Region, 500 time series per query, 100 contributors in ALARM, 3 hours of data</a>
 */
final class AccountWideAlarms extends Construct {

    /** CloudWatch's bound on a MetricDataQuery Expression (API reference, MetricDataQuery). */
    static final int MAX_QUERY_LENGTH = 2048;

    private final List<Alarm> alarms = new ArrayList<>();

    AccountWideAlarms(Construct scope, String id, ResponderConfig config, UnnamedTables unnamed, ITopic alarmTopic) {
        super(scope, id);
        SnsAction toAlarmTopic = new SnsAction(alarmTopic);
        boolean named = !config.tables().isEmpty();
        for (Scope target : Scope.values()) {
            for (AlarmSignal signal : signals(target)) {
                AlarmDefinition definition = definition(config.deploymentName(), target, signal,
                        unnamed.thresholds().throttleEventsPerMinute(), named);
                AlarmDefinition.Query query = definition.returned();
                Alarm alarm = Alarm.Builder.create(this, target.idPrefix + signal.signalName())
                        .alarmName(definition.alarmName())
                        .alarmDescription(definition.description())
                        .metric(MathExpression.Builder.create()
                                .expression(query.expression())
                                .usingMetrics(Map.of())
                                .period(Duration.seconds(query.periodSeconds()))
                                .label(query.label())
                                .build())
                        .threshold(definition.threshold())
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .evaluationPeriods(definition.evaluationPeriods())
                        .datapointsToAlarm(definition.datapointsToAlarm())
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build();
                alarm.addAlarmAction(toAlarmTopic);
                alarm.addOkAction(toAlarmTopic);
                alarms.add(alarm);
            }
        }
    }

    /**
     * Every account-wide alarm, as plain definitions: what the construct deploys and the sandbox evaluates.
     *
     * @param named whether the configuration also names tables, which their own alarms answer
     */
    static List<AlarmDefinition> definitions(String deploymentName, double throttleEventsPerMinute, boolean named) {
        List<AlarmDefinition> definitions = new ArrayList<>();
        for (Scope target : Scope.values()) {
            for (AlarmSignal signal : signals(target)) {
                definitions.add(definition(deploymentName, target, signal, throttleEventsPerMinute, named));
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

    List<Alarm> alarms() {
        return List.copyOf(alarms);
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
