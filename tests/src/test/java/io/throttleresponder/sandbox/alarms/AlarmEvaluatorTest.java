package io.throttleresponder.sandbox.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.infra.AlarmDefinition;
import io.throttleresponder.infra.AlarmDefinitions;
import io.throttleresponder.infra.AlarmSignal;
import io.throttleresponder.infra.WatchedTarget;
import io.throttleresponder.infra.config.ConfigLoader;
import io.throttleresponder.infra.config.Thresholds;
import io.throttleresponder.infra.config.WatchedTable;
import io.throttleresponder.sandbox.Faults;
import io.throttleresponder.sandbox.InMemoryCloudWatch;
import io.throttleresponder.sandbox.SandboxClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The stack's alarms evaluated as CloudWatch evaluates them, on timelines where an incident ends in
 * silence (DynamoDB publishes no throttle datapoint in a quiet minute) and a second one comes hours later.
 */
class AlarmEvaluatorTest {

    private static final Instant START = Instant.parse("2026-11-20T03:00:00Z");
    private static final String DEPLOYMENT = ConfigLoader.DEFAULT_DEPLOYMENT_NAME;
    private static final WatchedTable ORDERS = new WatchedTable("orders", BillingMode.PROVISIONED, List.of("by-status"),
            Thresholds.SEED, ConfigLoader.DEFAULT_LATENCY_OPERATIONS, Map.of());
    private static final WatchedTable SESSIONS = new WatchedTable("sessions", BillingMode.PAY_PER_REQUEST, List.of("by-user"),
            Thresholds.SEED, ConfigLoader.DEFAULT_LATENCY_OPERATIONS, Map.of());
    private static final double PROVISIONED_UNITS = 100;

    private final SandboxClock clock = new SandboxClock(START);
    private final InMemoryCloudWatch cloudWatch = new InMemoryCloudWatch(null, new Faults(Clock.systemUTC()), clock);

    @Test
    void plainMetricAlarm_asSynthesizedBefore_staysInAlarmAfterSilence_andTheNextIncidentSendsNothing() {
        WatchedTarget orders = new WatchedTarget(ORDERS, Optional.empty());
        AlarmDefinition current = AlarmDefinitions.forSignal(DEPLOYMENT, orders, AlarmSignal.WRITE_PROVISIONED_THROTTLES);
        // The alarm as infra synthesized it before: the metric itself, TreatMissingData notBreaching.
        AlarmDefinition before = new AlarmDefinition(current.alarmName(), current.description(),
                List.of(AlarmDefinition.Query.metric("m1", current.metrics().get(0), null, true)), current.threshold(),
                "GreaterThanThreshold", 1, 1, "notBreaching");
        AlarmEvaluator evaluator = new AlarmEvaluator(List.of(before), cloudWatch);

        List<AlarmEvaluator.StateChange> changes = twoIncidentsEndingInSilence(evaluator,
                metric("WriteProvisionedThroughputThrottleEvents", orders.dimensions()), 412);

        // The AWS/DynamoDB rule: missing data leaves the alarm as it is, whatever TreatMissingData says.
        assertThat(changes).extracting(c -> c.at().toString(), AlarmEvaluator.StateChange::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-11-20T03:11:00Z", StateValue.ALARM));
        assertThat(cloudWatch.alarmState(before.alarmName())).isEqualTo(StateValue.ALARM);
    }

    @Test
    void throttleAlarm_asSynthesizedNow_returnsToOkAfterSilence_andFiresAgainAtTheNextIncident() {
        WatchedTarget orders = new WatchedTarget(ORDERS, Optional.empty());
        AlarmEvaluator evaluator = new AlarmEvaluator(
                List.of(AlarmDefinitions.forSignal(DEPLOYMENT, orders, AlarmSignal.WRITE_PROVISIONED_THROTTLES)), cloudWatch);

        List<AlarmEvaluator.StateChange> changes = twoIncidentsEndingInSilence(evaluator,
                metric("WriteProvisionedThroughputThrottleEvents", orders.dimensions()), 412);

        assertThat(changes).extracting(c -> c.at().toString(), AlarmEvaluator.StateChange::from, AlarmEvaluator.StateChange::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-11-20T03:00:00Z", StateValue.INSUFFICIENT_DATA, StateValue.OK),
                        org.assertj.core.groups.Tuple.tuple("2026-11-20T03:11:00Z", StateValue.OK, StateValue.ALARM),
                        org.assertj.core.groups.Tuple.tuple("2026-11-20T03:31:00Z", StateValue.ALARM, StateValue.OK),
                        org.assertj.core.groups.Tuple.tuple("2026-11-20T08:01:00Z", StateValue.OK, StateValue.ALARM),
                        org.assertj.core.groups.Tuple.tuple("2026-11-20T08:21:00Z", StateValue.ALARM, StateValue.OK));
        assertThat(changes.get(1).reason()).isEqualTo("Threshold Crossed: 1 out of the last 1 datapoints [412.0 (20/11/26"
                + " 03:10:00)] was greater than the threshold (50.0) (minimum 1 datapoint for OK -> ALARM transition).");
        assertThat(changes.get(2).reason()).isEqualTo("Threshold Crossed: 1 out of the last 1 datapoints [0.0 (20/11/26"
                + " 03:30:00)] was not greater than the threshold (50.0) (minimum 1 datapoint for ALARM -> OK transition).");
        assertThat(changes.get(2).datapoints()).containsExactly(
                new AlarmEvaluator.Datapoint(Instant.parse("2026-11-20T03:30:00Z"), 0.0));
    }

    /** Every alarm the stack creates for a provisioned table, its GSI, an on-demand table and its GSI. */
    static Stream<Named<AlarmCase>> everyAlarmKind() {
        List<Named<AlarmCase>> cases = new ArrayList<>();
        for (WatchedTable table : List.of(ORDERS, SESSIONS)) {
            for (WatchedTarget target : WatchedTarget.of(table)) {
                for (AlarmSignal signal : target.signals()) {
                    cases.add(Named.of(target.label() + " " + signal.signalName(), new AlarmCase(target, signal)));
                }
            }
        }
        return cases.stream();
    }

    record AlarmCase(WatchedTarget target, AlarmSignal signal) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyAlarmKind")
    void everyAlarmTheStackCreates_goesBackToOkOnceTheSignalStops_andFiresAgainAtTheNextIncident(AlarmCase alarmCase) {
        WatchedTarget target = alarmCase.target();
        AlarmDefinition alarm = AlarmDefinitions.forSignal(DEPLOYMENT, target, alarmCase.signal());
        AlarmEvaluator evaluator = new AlarmEvaluator(List.of(alarm), cloudWatch);
        Signal signal = switch (alarmCase.signal().kind()) {
            // Throttle events above the threshold, then none published.
            case THROTTLE_EVENTS -> metric(alarmCase.signal().signalName(), target.dimensions());
            // 95 % of the provisioned units consumed, then no request at all.
            case UTILIZATION -> metric("Consumed%sCapacityUnits".formatted(
                    alarmCase.signal().signalName().startsWith("Read") ? "Read" : "Write"), target.dimensions());
            // One operation slow, then no request at all.
            case LATENCY -> {
                Map<String, String> dimensions = new LinkedHashMap<>(target.dimensions());
                dimensions.put("Operation", target.table().latencyOperations().get(0));
                yield metric("SuccessfulRequestLatency", dimensions);
            }
        };
        double breaching = switch (alarmCase.signal().kind()) {
            case THROTTLE_EVENTS -> alarm.threshold() + 1;
            case UTILIZATION -> 0.95 * PROVISIONED_UNITS * 60;
            case LATENCY -> alarm.threshold() * 2;
        };

        List<AlarmEvaluator.StateChange> changes = twoIncidentsEndingInSilence(evaluator, signal, breaching);

        assertThat(changes).extracting(AlarmEvaluator.StateChange::to)
                .containsExactly(StateValue.OK, StateValue.ALARM, StateValue.OK, StateValue.ALARM, StateValue.OK);
        assertThat(changes.get(1).at()).isBetween(Instant.parse("2026-11-20T03:10:00Z"), Instant.parse("2026-11-20T03:12:00Z"));
        assertThat(changes.get(3).at()).isBetween(Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-20T08:02:00Z"));
    }

    @Test
    void utilizationAlarm_carriesTheFiveMinuteProvisionedDatapointThroughTheMinutesBetween() {
        WatchedTarget orders = new WatchedTarget(ORDERS, Optional.empty());
        AlarmDefinition alarm = AlarmDefinitions.forSignal(DEPLOYMENT, orders, AlarmSignal.WRITE_CAPACITY_UTILIZATION);
        AlarmEvaluator evaluator = new AlarmEvaluator(List.of(alarm), cloudWatch);
        cloudWatch.set("ConsumedWriteCapacityUnits", orders.dimensions(), START, 0.95 * PROVISIONED_UNITS * 60);

        List<AlarmEvaluator.StateChange> changes = runUntil(evaluator, START.plus(Duration.ofMinutes(12)));

        // Without REPEAT the expression has a value one minute in five; with it, every minute breaches from the first.
        assertThat(changes).extracting(AlarmEvaluator.StateChange::to).containsExactly(StateValue.ALARM);
        assertThat(changes.get(0).datapoints()).extracting(AlarmEvaluator.Datapoint::value).containsExactly(95.0);
    }

    @Test
    void alarmWithoutAnyDatapoint_onAnotherNamespace_followsTreatMissingData() {
        WatchedTarget orders = new WatchedTarget(ORDERS, Optional.empty());
        AlarmDefinition sensor = AlarmDefinitions.forSensor(DEPLOYMENT, orders, AlarmSignal.WRITE_PROVISIONED_THROTTLES,
                "ThrottleResponder/Client");
        AlarmEvaluator evaluator = new AlarmEvaluator(List.of(sensor), cloudWatch);

        List<AlarmEvaluator.StateChange> changes = runUntil(evaluator, START.plus(Duration.ofMinutes(1)));

        assertThat(evaluator.shortestPeriodSeconds()).isEqualTo(10);
        assertThat(changes).extracting(AlarmEvaluator.StateChange::to).containsExactly(StateValue.OK);
        assertThat(changes.get(0).reason()).isEqualTo("Threshold Crossed: no datapoints were received for 1 period and 1"
                + " missing datapoint was treated as [NonBreaching].");
    }

    @Test
    void setAlarmStateToOk_whileTheMetricStillBreaches_isEvaluatedBackToAlarmAtTheNextPeriod() {
        WatchedTarget orders = new WatchedTarget(ORDERS, Optional.empty());
        AlarmDefinition alarm = AlarmDefinitions.forSignal(DEPLOYMENT, orders, AlarmSignal.WRITE_PROVISIONED_THROTTLES);
        AlarmEvaluator evaluator = new AlarmEvaluator(List.of(alarm), cloudWatch);
        cloudWatch.set("WriteProvisionedThroughputThrottleEvents", orders.dimensions(), START, 412);
        runUntil(evaluator, START.plus(Duration.ofMinutes(2)));
        clock.advanceTo(START.plusSeconds(150));

        cloudWatch.setAlarmState(r -> r.alarmName(alarm.alarmName()).stateValue(StateValue.OK).stateReason("set by hand"));

        assertThat(cloudWatch.drainSetStates()).singleElement().satisfies(change -> {
            assertThat(change.from()).isEqualTo(StateValue.ALARM);
            assertThat(change.to()).isEqualTo(StateValue.OK);
            assertThat(change.reason()).isEqualTo("set by hand");
        });
        assertThat(runUntil(evaluator, START.plus(Duration.ofMinutes(3)))).extracting(c -> c.at().toString(), AlarmEvaluator.StateChange::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-11-20T03:03:00Z", StateValue.ALARM));
    }

    @Test
    void setAlarmState_ofAnAlarmCloudWatchDoesNotHave_isResourceNotFound() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cloudWatch.setAlarmState(r -> r.alarmName("nobody")
                        .stateValue(StateValue.OK).stateReason("x")))
                .isInstanceOf(software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException.class);
    }

    @Test
    void accountWideAlarm_eachTableIsAContributor_andOneThatEndsInSilenceStaysInAlarm_soItsNextIncidentSendsNothing() {
        AlarmDefinition allTables = AlarmDefinitions.accountWide(DEPLOYMENT, Thresholds.SEED.throttleEventsPerMinute(), false)
                .stream().filter(a -> a.alarmName().endsWith("all-tables-WriteThrottleEvents")).findFirst().orElseThrow();
        AlarmEvaluator evaluator = new AlarmEvaluator(List.of(allTables), cloudWatch);
        // sessions throttles on and on, under the threshold: a contributor, in OK.
        cloudWatch.set("WriteThrottleEvents", Map.of("TableName", "sessions"), START, 10);
        // The GSI's series has other dimensions: SCHEMA(..., TableName) does not read it.
        cloudWatch.set("WriteThrottleEvents", Map.of("TableName", "orders", "GlobalSecondaryIndexName", "by-status"), START, 900);

        List<AlarmEvaluator.StateChange> changes = twoIncidentsEndingInSilence(evaluator,
                metric("WriteThrottleEvents", Map.of("TableName", "orders")), 412);

        assertThat(changes).extracting(c -> c.at().toString(), c -> c.contributor() == null ? "alarm"
                                : c.contributor().contributorAttributes().toString(), AlarmEvaluator.StateChange::from,
                        AlarmEvaluator.StateChange::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-11-20T03:01:00Z", "alarm", StateValue.INSUFFICIENT_DATA,
                                StateValue.OK),
                        org.assertj.core.groups.Tuple.tuple("2026-11-20T03:11:00Z", "alarm", StateValue.OK, StateValue.ALARM),
                        org.assertj.core.groups.Tuple.tuple("2026-11-20T03:11:00Z", "{TableName=orders}", StateValue.OK,
                                StateValue.ALARM));
        assertThat(changes.get(1).reason()).isEqualTo("1 out of 2 time series evaluated to ALARM");
        assertThat(changes.get(2).contributor().contributorId()).hasSize(16);
        // No datapoint for orders since 03:30, none at all in the 5 periods read since 03:35: it keeps ALARM.
        assertThat(cloudWatch.alarmState(allTables.alarmName())).isEqualTo(StateValue.ALARM);
    }

    private record Signal(String metricName, Map<String, String> dimensions) {}

    private static Signal metric(String metricName, Map<String, String> dimensions) {
        return new Signal(metricName, dimensions);
    }

    /** Calm from 03:00, an incident 03:10-03:30 that ends in silence, another 08:00-08:20; evaluated to 09:00. */
    private List<AlarmEvaluator.StateChange> twoIncidentsEndingInSilence(AlarmEvaluator evaluator, Signal signal, double value) {
        List<AlarmEvaluator.StateChange> changes = new ArrayList<>();
        changes.addAll(runUntil(evaluator, Instant.parse("2026-11-20T03:10:00Z")));
        cloudWatch.set(signal.metricName(), signal.dimensions(), clock.instant(), value);
        changes.addAll(runUntil(evaluator, Instant.parse("2026-11-20T03:30:00Z")));
        cloudWatch.stop(signal.metricName(), signal.dimensions(), clock.instant());
        changes.addAll(runUntil(evaluator, Instant.parse("2026-11-20T08:00:00Z")));
        cloudWatch.set(signal.metricName(), signal.dimensions(), clock.instant(), value);
        changes.addAll(runUntil(evaluator, Instant.parse("2026-11-20T08:20:00Z")));
        cloudWatch.stop(signal.metricName(), signal.dimensions(), clock.instant());
        changes.addAll(runUntil(evaluator, Instant.parse("2026-11-20T09:00:00Z")));
        return changes;
    }

    /**
     * Each period boundary after the clock's time up to {@code until}: DynamoDB's 5-minute provisioned
     * datapoints for orders, orders/by-status and sessions' GSIs alike, then the evaluation.
     */
    private List<AlarmEvaluator.StateChange> runUntil(AlarmEvaluator evaluator, Instant until) {
        List<AlarmEvaluator.StateChange> changes = new ArrayList<>();
        long period = evaluator.shortestPeriodSeconds();
        Instant boundary = clock.instant().equals(START) ? START
                : Instant.ofEpochSecond((clock.instant().getEpochSecond() / period + 1) * period);
        for (; !boundary.isAfter(until); boundary = boundary.plusSeconds(evaluator.shortestPeriodSeconds())) {
            clock.advanceTo(boundary);
            if (boundary.getEpochSecond() % 300 == 0) {
                for (WatchedTarget target : WatchedTarget.of(ORDERS)) {
                    cloudWatch.publish("ProvisionedReadCapacityUnits", target.dimensions(), boundary, PROVISIONED_UNITS);
                    cloudWatch.publish("ProvisionedWriteCapacityUnits", target.dimensions(), boundary, PROVISIONED_UNITS);
                }
            }
            changes.addAll(evaluator.evaluate(boundary));
        }
        return changes;
    }
}
