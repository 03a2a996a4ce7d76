package io.throttleresponder.model;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.Delivery;
import io.throttleresponder.notify.IncidentMessage;
import io.throttleresponder.notify.Severity;
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
        List<String> findings,
        Message message) {

    public Response {
        actions = List.copyOf(actions);
        findings = List.copyOf(findings);
    }

    /** A response that told nobody (IGNORED, REJECTED, a recovery scheduled). */
    public Response(Delivery delivery, String alarm, AlarmState state, Outcome outcome, String reason, Incident incident,
                    List<Action> actions, List<String> findings) {
        this(delivery, alarm, state, outcome, reason, incident, actions, findings, null);
    }

    /** The message a response sent: its subject and severity, for the output and the ledger. */
    public record Message(String subject, Severity severity) {

        /** The message, when the notification step sent it; null when it did not (plan only, a failed publish). */
        public static Message of(Action sent, IncidentMessage message, Severity severity) {
            return sent.status() == ActionStatus.APPLIED ? new Message(message.subject(), severity) : null;
        }
    }

    /** Acts on nothing, for the reason given; {@code incident} is null when none was diagnosed yet. */
    public static Response ignored(AlarmNotification alarm, Incident incident, String reason) {
        return new Response(alarm.delivery(), alarm.alarmName(), alarm.state(), Outcome.IGNORED, reason, incident,
                List.of(), List.of());
    }

    public static Response rejected(Delivery delivery, String reason) {
        return new Response(delivery, null, null, Outcome.REJECTED, reason, null, List.of(), List.of());
    }

    public boolean anyFailed() {
        return actions.stream().anyMatch(a -> a.status() == ActionStatus.FAILED);
    }
}
