package io.throttleresponder.act;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.Response;
import io.throttleresponder.policy.TableSettings;
import java.util.List;

/** Starts the recovery when an alarm returns to OK; a plan-only responder only says it would. */
public final class RecoveryStart {

    private final RecoveryScheduler recoveries;
    /** PLAN_ONLY when the wiring made this a plan-only responder, otherwise null. */
    private final Mode wiredMode;

    public RecoveryStart(RecoveryScheduler recoveries, Mode wiredMode) {
        this.recoveries = recoveries;
        this.wiredMode = wiredMode;
    }

    /** The alarm is back to OK: the recovery schedules the undoing of what the responder changed. */
    public Response afterOk(AlarmNotification alarm, Incident incident, TableSettings settings) {
        ResourceId resource = incident.resource();
        if (wiredMode == Mode.PLAN_ONLY) {
            return new Response(alarm.delivery(), alarm.alarmName(), alarm.state(), Outcome.PLANNED, wiredMode.reason(),
                    incident, List.of(Action.planned(ActionType.SCHEDULE_RECOVERY, resource, null, null, null,
                            "plan only: recovery after " + settings.recoveryQuietPeriod().toMinutes() + " min quiet")), List.of());
        }
        List<Action> schedules = recoveries.afterOk(alarm, resource, incident.operation(), settings);
        if (schedules.isEmpty()) {
            return Response.ignored(alarm, incident, "alarm returned to OK; the responder changed nothing on " + resource + " to undo");
        }
        return new Response(alarm.delivery(), alarm.alarmName(), alarm.state(), Outcome.ACTED, null, incident,
                schedules, List.of());
    }
}
