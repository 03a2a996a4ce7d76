package io.throttleresponder.infra;

import io.throttleresponder.contract.SensorMetrics;
import io.throttleresponder.infra.config.SensorConfig;
import io.throttleresponder.infra.config.Thresholds;
import io.throttleresponder.infra.config.WatchedTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
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

    static final Duration SENSOR_PERIOD = Duration.seconds(10);

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
        return Alarm.Builder.create(scope, signal.signalName())
                .alarmName(target.alarmName(deploymentName, signal))
                .alarmDescription(signal.describe(signal.kind() == AlarmSignal.Kind.LATENCY
                        ? "%s (%s)".formatted(target.subject(), String.join(", ", target.table().latencyOperations()))
                        : target.subject()))
                .metric(DynamoDbMetrics.forSignal(signal, target))
                .threshold(threshold(signal, target.table().thresholds()))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                // One 1-minute datapoint: the fastest DynamoDB metrics allow, so the responder hears within two minutes.
                .evaluationPeriods(1)
                .datapointsToAlarm(1)
                // DynamoDB publishes throttle metrics only while throttling; silence means healthy.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    /**
     * The sensor's count of the throttling reason that maps to {@code signal}, over 10 seconds: a
     * high-resolution alarm (period 10), evaluated every 10 seconds on the sensor's 1-second metric, with
     * the signal's per-minute threshold scaled to the period.
     *
     * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html">PutMetricAlarm (Period 10, 20, 30 or a multiple of 60)</a>
     */
    private static Alarm sensorAlarm(Construct scope, String deploymentName, WatchedTarget target, AlarmSignal signal,
                                     String namespace) {
        Map<String, String> dimensions = new LinkedHashMap<>(target.dimensions());
        dimensions.put(SensorMetrics.REASON_DIMENSION, target.sensorReason(signal));
        return Alarm.Builder.create(scope, signal.signalName() + "Sensor")
                .alarmName(target.sensorAlarmName(deploymentName, signal))
                .alarmDescription("From the applications' client sensor, within 10 seconds: " + signal.describe(target.subject()))
                .metric(Metric.Builder.create()
                        .namespace(namespace)
                        .metricName(SensorMetrics.THROTTLED_REQUESTS)
                        .dimensionsMap(dimensions)
                        .statistic("Sum")
                        .period(SENSOR_PERIOD)
                        .build())
                .threshold(target.table().thresholds().throttleEventsPerMinute() * SENSOR_PERIOD.toSeconds().doubleValue() / 60.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .datapointsToAlarm(1)
                // The sensor writes a line only in a second with throttles; silence means none.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    private static double threshold(AlarmSignal signal, Thresholds thresholds) {
        return switch (signal.kind()) {
            case THROTTLE_EVENTS -> thresholds.throttleEventsPerMinute();
            case UTILIZATION -> thresholds.utilizationPercent();
            case LATENCY -> thresholds.latencyMilliseconds();
        };
    }
}
