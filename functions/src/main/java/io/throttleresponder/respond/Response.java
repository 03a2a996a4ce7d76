package io.throttleresponder.respond;

import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.Delivery;
import java.util.List;

/** What the responder made of one notification. {@code reason} is set for IGNORED and REJECTED. */
public record Response(
        Delivery delivery,
        String alarm,
        AlarmState state,
        Outcome outcome,
        String reason,
        Incident incident,
        List<Action> actions,
        List<String> findings) {

    public Response {
        actions = List.copyOf(actions);
        findings = List.copyOf(findings);
    }

    public static Response rejected(Delivery delivery, String reason) {
        return new Response(delivery, null, null, Outcome.REJECTED, reason, null, List.of(), List.of());
    }

    public boolean anyFailed() {
        return actions.stream().anyMatch(a -> a.status() == ActionStatus.FAILED);
    }
}
