package io.throttleresponder.contract;

import java.util.List;

/** The responder's own metrics (docs/contracts.md, "Responder metrics"): written by the functions, graphed by the dashboard. */
public final class ResponderMetrics {

    public static final String NAMESPACE = "ThrottleResponder";

    public static final List<String> NAMES = List.of(
            "ActionsApplied", "ActionsPlanned", "ActionsFailed", "NotificationsIgnored", "NotificationsRejected",
            "NotificationsFailed");

    private ResponderMetrics() {}
}
