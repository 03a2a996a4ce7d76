package io.throttleresponder.intake;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.diagnose.Diagnoser;
import io.throttleresponder.diagnose.Diagnosis;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Response;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import java.util.Optional;

/**
 * The first stage of an alarm's answer: whose alarm it is, whether it has data, what it diagnoses to,
 * whether the policy answers that table, and whether a mute holds it back. Each refusal says why.
 */
public final class Intake {

    /** What the screening found: an alarm to answer, or one ignored with its reason. */
    public sealed interface Screened permits Answered, Ignored {}

    /** The diagnosed incident of a watched table, and the table's settings. */
    public record Answered(Incident incident, TableSettings settings) implements Screened {}

    /** Acts on nothing; {@code audited}: the audit log keeps it (a muted alarm is recorded, the rest are not). */
    public record Ignored(Response response, boolean audited) implements Screened {}

    private final Policy policy;
    private final OwnAccount ownAccount;

    public Intake(Policy policy, OwnAccount ownAccount) {
        this.policy = policy;
        this.ownAccount = ownAccount;
    }

    public Screened screen(AlarmNotification alarm) {
        Optional<String> foreign = ownAccount.foreign(alarm);
        if (foreign.isPresent()) {
            return new Ignored(Response.ignored(alarm, null, foreign.get()), false);
        }
        if (alarm.state() == AlarmState.INSUFFICIENT_DATA) {
            return new Ignored(Response.ignored(alarm, null,
                    "alarm state is INSUFFICIENT_DATA: no datapoints, nothing to act on"), false);
        }
        Diagnosis diagnosis = Diagnoser.diagnose(alarm, policy.sensorNamespace());
        if (diagnosis instanceof Diagnosis.NotActionable notActionable) {
            return new Ignored(Response.ignored(alarm, null, notActionable.reason()), false);
        }
        Incident incident = ((Diagnosis.Found) diagnosis).incident();
        String table = incident.resource().table();
        Optional<String> notAnswered = Coverage.notAnswered(policy, alarm, table);
        if (notAnswered.isPresent()) {
            return new Ignored(Response.ignored(alarm, incident, notAnswered.get()), false);
        }
        TableSettings settings = policy.settingsFor(table).orElseThrow();
        // A mute holds back answers to ALARM only: the undo of what the responder changed before it still runs.
        if (alarm.state() == AlarmState.ALARM && isMuted(alarm) && !settings.notifyWhenMuted()) {
            return new Ignored(Response.ignored(alarm, incident, "muted: " + alarm.mute().describe() + " silences this"
                    + " alarm's actions, so the responder acts on nothing (set notifyWhenMuted on the table to be told)"),
                    true);
        }
        return new Answered(incident, settings);
    }

    /** Whether an alarm mute rule silenced this state change's actions. */
    public static boolean isMuted(AlarmNotification alarm) {
        return alarm.mute() != null && alarm.mute().covers(alarm.stateChangeTime());
    }
}
