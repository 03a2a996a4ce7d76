package io.throttleresponder.infra;

import io.throttleresponder.infra.config.SensorConfig;
import io.throttleresponder.infra.config.WatchedTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * One alarm per signal for each of the given tables and their watched GSIs, each notifying the alarm topic
 * on ALARM and on OK; with the client sensor, one 10-second alarm per throttling reason besides.
 */
public final class DynamoDbAlarms extends Construct {

    private final List<Alarm> alarms = new ArrayList<>();

    public DynamoDbAlarms(Construct scope, String id, String deploymentName, List<WatchedTable> tables, ITopic alarmTopic,
                          Optional<SensorConfig> sensor) {
        super(scope, id);
        SnsAction toAlarmTopic = new SnsAction(alarmTopic);
        for (WatchedTable table : tables) {
            // Scopes named after the table and index keep each alarm's logical id when tables are
            // added or reordered; a changed id would make CloudFormation replace, and so delete, a same-named alarm.
            Construct tableScope = new Construct(this, table.name());
            Construct indexesScope = new Construct(tableScope, "Indexes");
            for (WatchedTarget target : WatchedTarget.of(table)) {
                Construct targetScope = target.index().<Construct>map(index -> new Construct(indexesScope, index)).orElse(tableScope);
                for (AlarmSignal signal : target.signals()) {
                    add(alarm(targetScope, deploymentName, target, signal), toAlarmTopic);
                }
                if (sensor.isPresent()) {
                    for (AlarmSignal signal : target.sensorSignals()) {
                        add(sensorAlarm(targetScope, deploymentName, target, signal, sensor.get().namespace()), toAlarmTopic);
                    }
                }
            }
        }
    }

    /** OK matters as much as ALARM: it starts the responder's recovery. */
    private void add(Alarm alarm, SnsAction toAlarmTopic) {
        alarm.addAlarmAction(toAlarmTopic);
        alarm.addOkAction(toAlarmTopic);
        alarms.add(alarm);
    }

    /** Every alarm, in the order of the configuration: the dashboard shows their status. */
    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    private static Alarm alarm(Construct scope, String deploymentName, WatchedTarget target, AlarmSignal signal) {
        return build(scope, signal.signalName(), AlarmDefinitions.forSignal(deploymentName, target, signal));
    }

    private static Alarm sensorAlarm(Construct scope, String deploymentName, WatchedTarget target, AlarmSignal signal,
                                     String namespace) {
        return build(scope, signal.signalName() + "Sensor", AlarmDefinitions.forSensor(deploymentName, target, signal, namespace));
    }

    /** The CDK alarm of a definition: its one metric, or its expression over the metrics it uses. */
    private static Alarm build(Construct scope, String id, AlarmDefinition definition) {
        IMetric metric = definition.singleMetric().<IMetric>map(stat -> metric(stat, null)).orElseGet(() -> {
            Map<String, IMetric> byId = new LinkedHashMap<>();
            definition.queries().stream().filter(query -> !query.isExpression())
                    .forEach(query -> byId.put(query.id(), metric(query.stat(), query.label())));
            MathExpression.Builder expression = MathExpression.Builder.create()
                    .expression(definition.returned().expression())
                    .usingMetrics(byId)
                    .period(Duration.seconds(definition.periodSeconds()));
            if (definition.returned().label() != null) {
                expression.label(definition.returned().label());
            }
            return expression.build();
        });
        return Alarm.Builder.create(scope, id)
                .alarmName(definition.alarmName())
                .alarmDescription(definition.description())
                .metric(metric)
                .threshold(definition.threshold())
                .comparisonOperator(ComparisonOperator.valueOf(constant(definition.comparisonOperator())))
                .evaluationPeriods(definition.evaluationPeriods())
                .datapointsToAlarm(definition.datapointsToAlarm())
                .treatMissingData(TreatMissingData.valueOf(constant(definition.treatMissingData())))
                .build();
    }


    /** CloudFormation's GreaterThanThreshold or notBreaching as CDK's enum constant. */
    private static String constant(String value) {
        return value.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static Metric metric(AlarmDefinition.Stat stat, String label) {
        Metric.Builder builder = Metric.Builder.create()
                .namespace(stat.namespace())
                .metricName(stat.metricName())
                .dimensionsMap(stat.dimensions())
                .statistic(stat.statistic())
                .period(Duration.seconds(stat.periodSeconds()));
        if (label != null) {
            builder.label(label);
        }
        return builder.build();
    }
}
