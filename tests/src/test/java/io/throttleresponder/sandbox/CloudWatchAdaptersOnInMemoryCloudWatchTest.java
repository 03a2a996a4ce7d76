package io.throttleresponder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.aws.CloudWatchAlarmStates;
import io.throttleresponder.aws.CloudWatchInsightsReader;
import io.throttleresponder.aws.CloudWatchMetricsReader;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.summary.InsightRuleReport;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/** The responder's production CloudWatch adapters against the strict stand-in: their real requests are answered. */
class CloudWatchAdaptersOnInMemoryCloudWatchTest {

    private static final Instant NOW = Instant.parse("2026-11-27T15:04:30Z");

    private final SandboxClock clock = new SandboxClock(NOW);
    private final InMemoryCloudWatch cloudWatch = new InMemoryCloudWatch(Path.of("..", "events", "insights"), new Faults(Clock.systemUTC()), clock);

    @Test
    void metricsReader_throttleEventsByCause_sumsTheLastMinutesOfEachCause() {
        cloudWatch.put("WriteKeyRangeThroughputThrottleEvents", Map.of("TableName", "orders"), List.of(120.0, 340.0));
        cloudWatch.put("WriteAccountLimitThrottleEvents", Map.of("TableName", "orders"), List.of(7.0));
        // Ten minutes ago: outside the reader's five-minute window.
        cloudWatch.set("WriteProvisionedThroughputThrottleEvents", Map.of("TableName", "orders"), NOW.minus(Duration.ofMinutes(10)), 50);
        cloudWatch.set("WriteProvisionedThroughputThrottleEvents", Map.of("TableName", "orders"), NOW.minus(Duration.ofMinutes(6)), 0);

        Map<Cause, Double> events = new CloudWatchMetricsReader(cloudWatch)
                .throttleEventsByCause(ResourceId.table("orders"), Operation.WRITE, NOW);

        assertThat(events).containsEntry(Cause.KEY_RANGE, 460.0).containsEntry(Cause.ACCOUNT_LIMIT, 7.0)
                .containsEntry(Cause.PROVISIONED, 0.0).doesNotContainKey(Cause.MAX_ON_DEMAND);
    }

    @Test
    void metricsReader_consumedPeak_ofAnIndex_isItsBusiestMinutePerSecond() {
        cloudWatch.put("ConsumedReadCapacityUnits", Map.of("TableName", "orders", "GlobalSecondaryIndexName", "by-status"),
                List.of(6_000.0, 24_000.0, 12_000.0));

        assertThat(new CloudWatchMetricsReader(cloudWatch)
                .consumedPeak(new ResourceId("orders", "by-status"), Operation.READ, NOW))
                .hasValue(400.0);
    }

    @Test
    void insightsReader_report_readsTheReplayedRecording() {
        Instant created = NOW.minus(Duration.ofMinutes(10));

        InsightRuleReport report = new CloudWatchInsightsReader(null, cloudWatch)
                .report("DynamoDBContributorInsights-PKT-orders-" + created.toEpochMilli(), created.minus(Duration.ofMinutes(5)), NOW);

        assertThat(report.contributors().get(0).keys()).containsExactly("customer#1042");
        assertThat(report.contributors().get(0).value()).isEqualTo(582_000.0);
        assertThat(report.contributors().get(0).peakPerPeriod()).isEqualTo(144_000.0);
        assertThat(report.aggregateValue()).isEqualTo(669_900.0);
    }

    @Test
    void alarmStates_ofAContributor_isWhetherItsAlarmListsItInAlarm_andAnAlarmNotReturnedIsUnknown() {
        String alarm = "throttle-responder-tables-WriteThrottleEvents";
        cloudWatch.setAlarmState(alarm, StateValue.ALARM);
        cloudWatch.setContributorState(alarm, "orders-id", StateValue.ALARM);
        cloudWatch.setContributorState(alarm, "sessions-id", StateValue.OK);
        cloudWatch.setAlarmState("throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents", StateValue.OK);

        Map<String, AlarmState> states = new CloudWatchAlarmStates(cloudWatch).states(List.of(alarm + "/orders-id",
                alarm + "/sessions-id", "throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents",
                "renamed-alarm", "deleted-alarm/some-id"));

        assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of(alarm + "/orders-id", AlarmState.ALARM,
                alarm + "/sessions-id", AlarmState.OK,
                "throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents", AlarmState.OK));
    }
}
