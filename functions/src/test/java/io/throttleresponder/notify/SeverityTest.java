package io.throttleresponder.notify;

import static io.throttleresponder.respond.Fixtures.ORDERS;
import static io.throttleresponder.respond.Fixtures.incident;
import static io.throttleresponder.respond.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.Delivery;
import io.throttleresponder.alarm.MetricQuery;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Operation;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.respond.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeverityTest {

    private static final TableSettings DEFAULTS = TableSettings.DEFAULTS;

    private static AlarmNotification throttled(double datapoint, int period) {
        MetricQuery metric = new MetricQuery("m1", "AWS/DynamoDB", "WriteThrottleEvents", Map.of("TableName", "orders"), "Sum",
                null, true, null, period);
        return new AlarmNotification(Delivery.SNS, "a", null, null, null, AlarmState.ALARM, AlarmState.OK, Fixtures.CHANGED_AT,
                "r", 50.0, List.of(metric), null, List.of(datapoint), null, null, null, null);
    }

    @ParameterizedTest
    @CsvSource({"501, 60, P1", "500, 60, P2", "101, 60, P2", "100, 60, INFO", "2600, 300, P1", "600, 300, P2"})
    void of_throttle_isTieredByEventsPerMinuteOfTheAlarmsPeriod(double datapoint, int period, Severity expected) {
        assertThat(Severity.of(throttled(datapoint, period), incident(ORDERS, Operation.WRITE, Cause.PROVISIONED),
                OptionalDouble.empty(), DEFAULTS)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"80.1, P3", "80, INFO"})
    void of_utilization_isP3Above80Percent(double percent, Severity expected) {
        assertThat(Severity.of(throttled(0, 60), incident(ORDERS, Operation.WRITE, Cause.UTILIZATION),
                OptionalDouble.of(percent), DEFAULTS)).isEqualTo(expected);
    }

    @Test
    void of_withoutDatapoints_isInfo() {
        AlarmNotification none = Fixtures.alarm("a", List.of());

        assertThat(Severity.of(none, incident(ORDERS, Operation.WRITE, Cause.KEY_RANGE), OptionalDouble.empty(), DEFAULTS))
                .isEqualTo(Severity.INFO);
    }

    @Test
    void of_usesThePolicysTiers() {
        TableSettings strict = settings("\"severityP1ThrottlesPerMinute\": 50, \"severityP2ThrottlesPerMinute\": 10,"
                + " \"severityP3UtilizationPercent\": 60");

        assertThat(Severity.of(throttled(51, 60), incident(ORDERS, Operation.WRITE, Cause.KEY_RANGE), OptionalDouble.empty(),
                strict)).isEqualTo(Severity.P1);
        assertThat(Severity.of(throttled(0, 60), incident(ORDERS, Operation.WRITE, Cause.UTILIZATION), OptionalDouble.of(61),
                strict)).isEqualTo(Severity.P3);
    }
}
