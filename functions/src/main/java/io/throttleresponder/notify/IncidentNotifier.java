package io.throttleresponder.notify;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.evidence.ApplicationKeys;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.Response;
import io.throttleresponder.model.TableState;
import io.throttleresponder.plan.Plan;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import java.util.List;

/**
 * The last stage: the incident's severity and message, sent through {@link Notification}, and the response
 * that records what was done. A retry that changed nothing stays quiet.
 */
public final class IncidentNotifier {

    private final Policy policy;
    private final Notification notification;
    private final Deployment deployment;

    public IncidentNotifier(Policy policy, Notification notification, Deployment deployment) {
        this.policy = policy;
        this.notification = notification;
        this.deployment = deployment;
    }

    /**
     * Tells what a first response did, or what a retry of held-back capacity changes did; {@code keys} are the
     * sensor's hot keys for a first response (null without them).
     */
    public Response report(AlarmNotification alarm, Incident incident, Plan plan, Mode mode, List<Action> done,
                           TableState state, TableSettings settings, ApplicationKeys keys, boolean retry) {
        Severity severity = Severity.of(alarm, incident, Severity.utilizationPercent(alarm, incident, state),
                settings);
        if (!retry) {
            IncidentMessage message = IncidentReport.of(alarm, incident,
                    OptInDenial.explain(done, policy, incident.resource().table()),
                    plan.findings(), mode, severity, deployment, keys);
            Action sent = notification.send(incident.resource(), "incident message", mode, () -> message);
            done.add(sent);
            return new Response(alarm.delivery(), alarm.alarmName(), alarm.state(),
                    mode.acts() ? Outcome.ACTED : Outcome.PLANNED, mode.reason(),
                    incident, done, plan.findings(), Response.Message.of(sent, message, severity));
        }
        if (done.isEmpty()) {
            return Response.ignored(alarm, incident, "retry: no capacity change is planned any more");
        }
        // A retry that changed nothing (still busy) stays quiet: the first response's message said it was held back.
        Response.Message told = null;
        if (done.stream().anyMatch(a -> a.status() == ActionStatus.APPLIED || a.status() == ActionStatus.FAILED)) {
            IncidentMessage message = IncidentReport.of(alarm, incident,
                    OptInDenial.explain(done, policy, incident.resource().table()), List.of(),
                    mode, severity, deployment, null);
            Action sent = notification.send(incident.resource(), "the held-back capacity change", mode,
                    () -> message);
            done.add(sent);
            told = Response.Message.of(sent, message, severity);
        }
        return new Response(alarm.delivery(), alarm.alarmName(), alarm.state(), Outcome.ACTED,
                "retry of a capacity change the busy table held back", incident, done, List.of(), told);
    }
}
