package io.throttleresponder.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.contract.ResponderMetrics;
import io.throttleresponder.alarm.Delivery;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Now, not a fixed day: Powertools refuses a timestamp more than two weeks old, as CloudWatch takes metric data
     * from at most two weeks in the past (PutMetricData, MetricDatum Timestamp), so a fixed day fails 14 days later.
     */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final List<String> lines = new ArrayList<>();
    private final ResponseMetrics metrics = ResponseMetrics.writingLinesTo(lines::add);

    @Test
    void record_countsChangesByStatus_notTheNotification() throws Exception {
        ResourceId orders = ResourceId.table("orders");
        Response response = new Response(Delivery.SNS, "alarm", AlarmState.ALARM, Outcome.ACTED, null,
                new Incident(orders, null, Cause.PROVISIONED, "s", false), List.of(
                new Action(ActionType.UPDATE_PROVISIONED, orders, null, 50L, 150L, ActionStatus.APPLIED, "x3"),
                new Action(ActionType.ENABLE_CONTRIBUTOR_INSIGHTS, orders, null, null, null, ActionStatus.FAILED, "denied"),
                new Action(ActionType.NOTIFY, orders, null, null, null, ActionStatus.APPLIED, "sent")), List.of());

        metrics.record(response, NOW);

        JsonNode line = onlyLine();
        assertThat(line.get("ActionsApplied").asDouble()).isEqualTo(1);
        assertThat(line.get("ActionsFailed").asDouble()).isEqualTo(1);
        assertThat(line.get("ActionsPlanned").asDouble()).isZero();
        assertThat(line.get("NotificationsIgnored").asDouble()).isZero();
        assertThat(line.get("TableName").asText()).isEqualTo("orders");
        assertThat(line.get("Service").asText()).isEqualTo("throttle-responder");
    }

    @Test
    void record_writesOneLinePerNotification_eachWithItsOwnTable() throws Exception {
        Response ignored = new Response(Delivery.SNS, "alarm", AlarmState.ALARM, Outcome.IGNORED, "r",
                new Incident(ResourceId.table("orders"), null, Cause.LATENCY, "s", false), List.of(), List.of());

        metrics.record(ignored, NOW);
        metrics.record(Response.rejected(null, "not JSON"), NOW);

        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).get("TableName").asText()).isEqualTo("orders");
        assertThat(JSON.readTree(lines.get(0)).get("NotificationsIgnored").asDouble()).isEqualTo(1);
        assertThat(JSON.readTree(lines.get(1)).get("TableName").asText()).isEqualTo(ResponseMetrics.NO_TABLE);
        assertThat(JSON.readTree(lines.get(1)).get("NotificationsRejected").asDouble()).isEqualTo(1);
    }

    @Test
    void recordFailure_countsOnlyTheFailure_underTheAlarmsTable() throws Exception {
        metrics.recordFailure("orders", NOW);

        JsonNode line = onlyLine();
        assertThat(line.get("NotificationsFailed").asDouble()).isEqualTo(1);
        assertThat(line.get("ActionsApplied").asDouble()).isZero();
        assertThat(line.get("TableName").asText()).isEqualTo("orders");
    }

    @Test
    void recordFailure_ofAnAlarmNamingNoValidTable_countsUnderNoTable() throws Exception {
        metrics.recordFailure(null, NOW);
        metrics.recordFailure("not a table name!", NOW);

        assertThat(lines).hasSize(2).allSatisfy(line ->
                assertThat(JSON.readTree(line).get("TableName").asText()).isEqualTo(ResponseMetrics.NO_TABLE));
    }

    @Test
    void record_declaresEveryMetricUnderTheNamespace_byServiceAndByServiceAndTable_atTheGivenTime() throws Exception {
        metrics.record(Response.rejected(null, "not JSON"), NOW);

        JsonNode aws = onlyLine().get("_aws");
        assertThat(aws.get("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("ThrottleResponder");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Service\"],[\"Service\",\"TableName\"]]");
        assertThat(directive.get("Metrics")).extracting(m -> m.get("Name").asText())
                .containsExactlyInAnyOrderElementsOf(ResponderMetrics.NAMES);
        assertThat(directive.get("Metrics")).allSatisfy(m -> assertThat(m.get("Unit").asText()).isEqualTo("Count"));
    }

    @Test
    void record_incidentOfAnInvalidTableName_countsUnderNoTable() throws Exception {
        metrics.record(new Response(Delivery.SNS, "alarm", AlarmState.ALARM, Outcome.IGNORED, "not watched",
                new Incident(ResourceId.table(""), null, Cause.UNKNOWN, "s", false), List.of(), List.of()), NOW);

        assertThat(onlyLine().get("TableName").asText()).isEqualTo(ResponseMetrics.NO_TABLE);
    }

    private JsonNode onlyLine() throws Exception {
        assertThat(lines).hasSize(1);
        return JSON.readTree(lines.get(0));
    }
}
