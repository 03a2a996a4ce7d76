package io.throttleresponder.infra;

import io.throttleresponder.infra.config.ResponderConfig;
import io.throttleresponder.infra.config.UnnamedTables;
import java.util.ArrayList;
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
        AccountWideAlarmDefinitions.byConstructId(config.deploymentName(), unnamed.thresholds().throttleEventsPerMinute(),
                !config.tables().isEmpty()).forEach((constructId, definition) -> {
                    AlarmDefinition.Query query = definition.returned();
                    Alarm alarm = Alarm.Builder.create(this, constructId)
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
                });
    }

    List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    /** How many alarms watchAllTables adds: one per signal of each scope. */
    static int count() {
        return AccountWideAlarmDefinitions.count();
    }
}
