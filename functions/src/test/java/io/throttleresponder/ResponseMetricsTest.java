package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.Delivery;
import io.throttleresponder.respond.Action;
import io.throttleresponder.respond.ActionStatus;
import io.throttleresponder.respond.ActionType;
import io.throttleresponder.respond.Outcome;
import io.throttleresponder.respond.ResourceId;
import io.throttleresponder.respond.Cause;
import io.throttleresponder.respond.Incident;
import io.throttleresponder.respond.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseMetricsTest {

    private final ResponseMetrics metrics = new ResponseMetrics("ThrottleResponder", "throttle-responder");

    @Test
    void fields_countChangesByStatus_notTheNotification() {
        ResourceId orders = ResourceId.table("orders");
        Response response = new Response(Delivery.SNS, "alarm", AlarmState.ALARM, Outcome.ACTED, null, null, List.of(
                new Action(ActionType.UPDATE_PROVISIONED, orders, null, 50L, 150L, ActionStatus.APPLIED, "x3"),
                new Action(ActionType.ENABLE_CONTRIBUTOR_INSIGHTS, orders, null, null, null, ActionStatus.FAILED, "denied"),
                new Action(ActionType.NOTIFY, orders, null, null, null, ActionStatus.APPLIED, "sent")), List.of());

        Map<String, Object> fields = metrics.fields(response, Instant.ofEpochMilli(1_000));

        assertThat(fields).containsEntry("ActionsApplied", 1L).containsEntry("ActionsFailed", 1L)
                .containsEntry("ActionsPlanned", 0L).containsEntry("NotificationsIgnored", 0)
                .containsEntry("Service", "throttle-responder");
    }

    @Test
    void fields_carryTheIncidentsTable() {
        Response response = new Response(Delivery.SNS, "alarm", AlarmState.ALARM, Outcome.IGNORED, "r",
                new Incident(ResourceId.table("orders"), null, Cause.LATENCY, "s", false), List.of(), List.of());

        assertThat(metrics.fields(response, Instant.EPOCH)).containsEntry("TableName", "orders");
    }

    @Test
    void failedFields_countOnlyTheFailure() {
        Map<String, Object> fields = metrics.failedFields(Instant.EPOCH);

        assertThat(fields).containsEntry("NotificationsFailed", 1).containsEntry("ActionsApplied", 0)
                .containsEntry("TableName", "-");
    }

    @Test
    void fields_declareEveryMetricUnderTheNamespace_byServiceAndByServiceAndTable() {
        Map<String, Object> fields = metrics.fields(Response.rejected(null, "not JSON"), Instant.ofEpochMilli(1_000));

        assertThat(fields).containsEntry("NotificationsRejected", 1).containsEntry("TableName", "-");
        @SuppressWarnings("unchecked")
        Map<String, Object> aws = (Map<String, Object>) fields.get("_aws");
        assertThat(aws).containsEntry("Timestamp", 1_000L);
        @SuppressWarnings("unchecked")
        Map<String, Object> directive = ((List<Map<String, Object>>) aws.get("CloudWatchMetrics")).get(0);
        assertThat(directive).containsEntry("Namespace", "ThrottleResponder")
                .containsEntry("Dimensions", List.of(List.of("Service"), List.of("Service", "TableName")));
        assertThat((List<?>) directive.get("Metrics")).hasSize(ResponseMetrics.NAMES.size());
    }
}
