package io.throttleresponder.infra;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.contract.SensorMetrics;
import io.throttleresponder.infra.config.WatchedTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A watched table, or one watched GSI of it: what one set of alarms and dashboard widgets is about. */
public record WatchedTarget(WatchedTable table, Optional<String> index) {

    /** What tells a sensor alarm's name from its signal's: its 10-second period. */
    public static final String SENSOR_ALARM_SUFFIX = "-10s";

    public static List<WatchedTarget> of(WatchedTable table) {
        List<WatchedTarget> targets = new ArrayList<>();
        targets.add(new WatchedTarget(table, Optional.empty()));
        table.indexes().forEach(index -> targets.add(new WatchedTarget(table, Optional.of(index))));
        return targets;
    }

    public boolean isIndex() {
        return index.isPresent();
    }

    public BillingMode billingMode() {
        return table.billingMode();
    }

    /** The AWS/DynamoDB dimensions that select this table's or GSI's metrics. */
    public Map<String, String> dimensions() {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("TableName", table.name());
        index.ifPresent(name -> dimensions.put("GlobalSecondaryIndexName", name));
        return dimensions;
    }

    /** For people: "table orders" or "index orders-by-status of table orders". */
    public String subject() {
        return index.map(name -> "index %s of table %s".formatted(name, table.name()))
                .orElse("table " + table.name());
    }

    /** For names and titles: "orders" or "orders-orders-by-status". */
    public String label() {
        return index.map(name -> table.name() + "-" + name).orElse(table.name());
    }

    /** The name of the stack's alarm on {@code signal} of this target; the sandbox's scenarios name alarms by it too. */
    public String alarmName(String deploymentName, AlarmSignal signal) {
        return "%s-%s-%s".formatted(deploymentName, label(), signal.signalName());
    }

    /**
     * The name of the alarm on the client sensor's reason for {@code signal}: the signal's alarm name with
     * {@code -10s}, the period that tells the two apart.
     */
    public String sensorAlarmName(String deploymentName, AlarmSignal signal) {
        return alarmName(deploymentName, signal) + SENSOR_ALARM_SUFFIX;
    }

    /**
     * The signals the client sensor reports one-to-one, as the reason DynamoDB gives the application
     * (each throttle-events signal of a single limit; not the ones summing every cause).
     */
    public List<AlarmSignal> sensorSignals() {
        return signals().stream()
                .filter(signal -> SensorMetrics.reasonFor(signal.signalName(), isIndex()).isPresent())
                .toList();
    }

    /** The DynamoDB throttling reason the sensor counts for {@code signal} on this table or GSI. */
    public String sensorReason(AlarmSignal signal) {
        return SensorMetrics.reasonFor(signal.signalName(), isIndex())
                .orElseThrow(() -> new IllegalArgumentException(signal + " has no throttling reason"));
    }

    /** How many alarms this table or GSI has: one per signal, and one per sensor reason with the sensor. */
    public int alarmCount(boolean withSensor) {
        return signals().size() + (withSensor ? sensorSignals().size() : 0);
    }

    public List<AlarmSignal> signals() {
        return Arrays.stream(AlarmSignal.values())
                .filter(signal -> signal.appliesTo(billingMode(), isIndex()))
                .toList();
    }
}
