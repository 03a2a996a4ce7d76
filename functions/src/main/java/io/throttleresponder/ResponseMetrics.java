package io.throttleresponder;

import io.throttleresponder.respond.ActionStatus;
import io.throttleresponder.respond.ActionType;
import io.throttleresponder.respond.Outcome;
import io.throttleresponder.respond.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The responder's own metrics in CloudWatch embedded metric format, as fields of the one log line a
 * notification produces: CloudWatch Logs extracts them, so no metrics call and no second line.
 */
final class ResponseMetrics {

    static final List<String> NAMES = List.of(
            "ActionsApplied", "ActionsPlanned", "ActionsFailed", "NotificationsIgnored", "NotificationsRejected",
            "NotificationsFailed");

    /** The TableName of a notification that names no table (rejected, or failed before its diagnosis). */
    static final String NO_TABLE = "-";

    private final String service;
    /** The part of the {@code _aws} metadata that never changes: built at init, not per notification. */
    private final List<Map<String, Object>> directives;

    ResponseMetrics(String namespace, String service) {
        this.service = service;
        this.directives = List.of(Map.of(
                "Namespace", namespace,
                // By service, and by service and table: the dashboard shows the actions of each table.
                "Dimensions", List.of(List.of("Service"), List.of("Service", "TableName")),
                "Metrics", NAMES.stream().map(n -> Map.of("Name", n, "Unit", "Count")).toList()));
    }

    static ResponseMetrics fromEnvironment(Map<String, String> env) {
        return new ResponseMetrics(env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "ThrottleResponder"),
                env.getOrDefault("POWERTOOLS_SERVICE_NAME", "throttle-responder"));
    }

    /** The EMF fields for one response: the {@code _aws} metadata, the dimensions and one value per metric. */
    Map<String, Object> fields(Response response, Instant now) {
        Map<String, Object> fields = metadata(now, response.incident() == null ? NO_TABLE
                : response.incident().resource().table());
        fields.put("ActionsApplied", count(response, ActionStatus.APPLIED));
        fields.put("ActionsPlanned", count(response, ActionStatus.PLANNED));
        fields.put("ActionsFailed", count(response, ActionStatus.FAILED));
        fields.put("NotificationsIgnored", response.outcome() == Outcome.IGNORED ? 1 : 0);
        fields.put("NotificationsRejected", response.outcome() == Outcome.REJECTED ? 1 : 0);
        fields.put("NotificationsFailed", 0);
        return fields;
    }

    /** The EMF fields of a notification whose response failed, to be retried by Lambda: only the failure counts. */
    Map<String, Object> failedFields(Instant now) {
        Map<String, Object> fields = metadata(now, NO_TABLE);
        NAMES.forEach(name -> fields.put(name, name.equals("NotificationsFailed") ? 1 : 0));
        return fields;
    }

    private Map<String, Object> metadata(Instant now, String table) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("_aws", Map.of("Timestamp", now.toEpochMilli(), "CloudWatchMetrics", directives));
        fields.put("Service", service);
        fields.put("TableName", table);
        return fields;
    }

    /** Counts the changes made, not the notify that reports them. */
    private static long count(Response response, ActionStatus status) {
        return response.actions().stream()
                .filter(a -> a.type() != ActionType.NOTIFY && a.status() == status)
                .count();
    }
}
