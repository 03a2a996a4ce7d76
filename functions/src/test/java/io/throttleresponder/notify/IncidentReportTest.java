package io.throttleresponder.notify;

import static io.throttleresponder.respond.Fixtures.BY_STATUS;
import static io.throttleresponder.respond.Fixtures.ORDERS;
import static io.throttleresponder.respond.Fixtures.alarm;
import static io.throttleresponder.respond.Fixtures.incident;
import static io.throttleresponder.respond.Fixtures.metric;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.Delivery;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IncidentReportTest {

    private static final AlarmNotification ALARM = alarm("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents",
            List.of(metric("WriteProvisionedThroughputThrottleEvents", "TableName", "orders")));
    private static final Incident INCIDENT = incident(ORDERS, Operation.WRITE, Cause.PROVISIONED);
    private static final List<Action> ACTIONS = List.of(
            new Action(ActionType.UPDATE_PROVISIONED, ORDERS, Operation.WRITE, 50L, 150L, ActionStatus.APPLIED, "x3"),
            new Action(ActionType.ENABLE_CONTRIBUTOR_INSIGHTS, ORDERS, null, null, null, ActionStatus.APPLIED,
                    "find the hot keys (mode THROTTLED_KEYS)"),
            new Action(ActionType.SCHEDULE_HOT_KEY_SUMMARY, ORDERS, Operation.WRITE, null, null, ActionStatus.SKIPPED,
                    "no follow-up queue is configured"));
    private static final List<String> FINDINGS = List.of("table/orders is at the policy cap of 40000 WCU");

    private static JsonNode chat(IncidentMessage message) throws Exception {
        return new ObjectMapper().readTree(message.chatJson());
    }

    private static IncidentMessage report(AlarmNotification alarm, Incident incident, List<Action> actions,
                                          List<String> findings) {
        return IncidentReport.of(alarm, incident, actions, findings, Mode.ACT, Severity.P2,
                new Deployment("123456789012", "throttle-responder", "https://wiki.example.com/runbooks/dynamodb"), null);
    }

    @Test
    void subject_saysSeverityWhatChangedWithItsUnit_theTable_theAccountAndRegion() {
        IncidentMessage message = report(ALARM, INCIDENT, ACTIONS, FINDINGS);

        assertThat(message.subject()).isEqualTo("[P2] orders: raised WCU 50 -> 150 | 123456789012 us-east-1");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "DRY_RUN     | PLANNED | dry run: would raise WCU 50 -> 150",
            "PAUSED      | SKIPPED | paused: would raise WCU 50 -> 150",
            "KILL_SWITCH | SKIPPED | kill switch: would raise WCU 50 -> 150",
            "MUTED       | SKIPPED | muted: would raise WCU 50 -> 150",
    })
    void subject_whenNothingChanged_saysWhyAndWhatItWouldHaveDone(Mode mode, ActionStatus status, String expected) {
        Action held = new Action(ActionType.UPDATE_PROVISIONED, ORDERS, Operation.WRITE, 50L, 150L, status, "x3");

        String subject = IncidentReport.of(ALARM, INCIDENT, List.of(held), List.of(), mode, Severity.P1,
                new Deployment("123456789012", null, null), null).subject();

        assertThat(subject).isEqualTo("[P1] orders: " + expected + " | 123456789012 us-east-1");
    }

    @Test
    void subject_ofAHotPartition_saysNoCapacityChangeAndWhereTheKeysAre() {
        String subject = report(ALARM, incident(ORDERS, Operation.WRITE, Cause.KEY_RANGE), List.of(), List.of()).subject();

        assertThat(subject).isEqualTo("[P2] orders: hot partition: no capacity change, keys in the summary"
                + " | 123456789012 us-east-1");
    }

    @Test
    void subject_ofAFailedOrDeferredRaise_saysSo() {
        Action failed = new Action(ActionType.RAISE_ON_DEMAND_MAX, ORDERS, Operation.READ, 1000L, 3000L, ActionStatus.FAILED,
                "x3; failed: denied");
        Action deferred = new Action(ActionType.UPDATE_PROVISIONED, ORDERS, Operation.WRITE, 50L, 150L, ActionStatus.SKIPPED,
                "deferred: table/orders is UPDATING; retried in 30 s");

        assertThat(report(ALARM, INCIDENT, List.of(failed), List.of()).subject())
                .startsWith("[P2] orders: FAILED to raise max read request units/s 1000 -> 3000: act");
        assertThat(report(ALARM, INCIDENT, List.of(deferred), List.of()).subject())
                .startsWith("[P2] orders: raise WCU 50 -> 150 deferred: table busy, retried");
    }

    @Test
    void text_startsWithSeverityAndAccount() {
        assertThat(report(ALARM, INCIDENT, ACTIONS, FINDINGS).text())
                .contains("Severity:  P2 (respond within 15 min)\nAccount:   123456789012, us-east-1\n");
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void subject_forLongTableAndIndexNames_isAsciiAndUnder100Chars(Cause cause) {
        ResourceId longest = new ResourceId("t".repeat(255), "i".repeat(255));

        IncidentMessage message = report(ALARM, incident(longest, Operation.READ, cause), ACTIONS, FINDINGS);

        assertThat(message.subject()).hasSizeLessThan(100).contains("...").endsWith(" | 123456789012 us-east-1");
        assertThat(StandardCharsets.US_ASCII.newEncoder().canEncode(message.subject())).isTrue();
        assertThat(message.subject()).doesNotContain("\n", "\r");
    }

    @Test
    void text_namesAlarmDiagnosisAndEachActionWithFromAndTo() {
        IncidentMessage message = report(ALARM, INCIDENT, ACTIONS, FINDINGS);

        assertThat(message.text())
                .contains("Alarm:     throttle-responder-orders-WriteProvisionedThroughputThrottleEvents (ALARM at 2026-11-21T03:15:42.817Z)")
                .contains("Reason:    Threshold Crossed")
                .contains("Diagnosis: provisioned throughput exceeded, WRITE on table/orders (signal test-signal)")
                .contains("  - APPLIED UPDATE_PROVISIONED WRITE 50 -> 150 WCU (x3)")
                .contains("  - APPLIED ENABLE_CONTRIBUTOR_INSIGHTS (find the hot keys (mode THROTTLED_KEYS))")
                .contains("  - SKIPPED SCHEDULE_HOT_KEY_SUMMARY WRITE (no follow-up queue is configured)")
                .contains("Findings:\n  - table/orders is at the policy cap of 40000 WCU")
                .contains("https://us-east-1.console.aws.amazon.com/dynamodbv2/home?region=us-east-1#table?name=orders")
                .contains("#alarmsV2:alarm/throttle-responder-orders-WriteProvisionedThroughputThrottleEvents")
                .contains("Dashboard: https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1"
                        + "#dashboards/dashboard/throttle-responder")
                .contains("Runbook: https://wiki.example.com/runbooks/dynamodb");
    }

    @Test
    void text_withoutActionsOrFindings_saysNothingChanged() {
        IncidentMessage message = report(ALARM, incident(ORDERS, null, Cause.LATENCY),
                List.of(), List.of());

        assertThat(message.text())
                .contains("Diagnosis: request latency high on table/orders")
                .contains("nothing to change automatically")
                .doesNotContain("Findings:");
    }

    @Test
    void text_withoutRegion_hasNoConsoleLinks() {
        AlarmNotification noRegion = new AlarmNotification(Delivery.SNS, ALARM.alarmName(), null, null, null,
                AlarmState.ALARM, AlarmState.OK, ALARM.stateChangeTime(), null, null, ALARM.metrics());

        IncidentMessage message = report(noRegion, INCIDENT, ACTIONS, FINDINGS);

        assertThat(message.text()).doesNotContain("console.aws.amazon.com").doesNotContain("Reason:")
                .contains("Runbook: https://wiki.example.com/runbooks/dynamodb");
    }

    @Test
    void chatJson_isAmazonQCustomNotification() throws Exception {
        JsonNode chat = chat(report(ALARM, INCIDENT, ACTIONS, FINDINGS));

        assertThat(chat.path("version").asText()).isEqualTo("1.0");
        assertThat(chat.path("source").asText()).isEqualTo("custom");
        assertThat(chat.path("id").asText()).isEqualTo(ALARM.stateChangeKey());
        JsonNode content = chat.path("content");
        assertThat(content.path("textType").asText()).isEqualTo("client-markdown");
        assertThat(content.path("title").asText()).contains("provisioned throughput exceeded on table/orders");
        assertThat(content.path("description").asText())
                .contains("*throttle-responder-orders-WriteProvisionedThroughputThrottleEvents* is ALARM")
                .contains("APPLIED UPDATE_PROVISIONED WRITE 50 -> 150");
        assertThat(content.path("nextSteps").isArray()).isTrue();
        assertThat(content.path("nextSteps").get(0).asText()).isEqualTo(FINDINGS.get(0));
        assertThat(content.path("nextSteps")).hasSize(5);
        assertThat(content.path("keywords").get(0).asText()).isEqualTo("orders");
        assertThat(chat.path("metadata").path("threadId").asText()).isEqualTo("table/orders@2026-11-21T03:15:42.817Z");
    }

    @Test
    void chatJson_forIndex_namesIndexResource() throws Exception {
        JsonNode chat = chat(report(ALARM, incident(BY_STATUS, Operation.READ, Cause.KEY_RANGE), List.of(), List.of()));

        assertThat(chat.path("content").path("title").asText())
                .contains("hot partition (key range throttling) on table/orders/index/by-status");
        assertThat(chat.path("metadata").path("relatedResources").get(0).asText()).isEqualTo("table/orders/index/by-status");
    }

    @Test
    void describe_everyCause_hasText() {
        for (Cause cause : Cause.values()) {
            assertThat(IncidentReport.describe(incident(ORDERS, Operation.READ, cause))).isNotBlank();
        }
    }
}
