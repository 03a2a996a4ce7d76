package io.throttleresponder.operate;

import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.followup.Recovery;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.respond.ActionStatus;
import io.throttleresponder.respond.AlarmStates;
import io.throttleresponder.respond.CapacityChange;
import io.throttleresponder.respond.Controls;
import io.throttleresponder.respond.DeliveryClaims;
import io.throttleresponder.respond.IncidentLedger;
import io.throttleresponder.respond.IncidentRecord;
import io.throttleresponder.respond.Pause;
import io.throttleresponder.respond.ResourceId;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The on-call's handle on a deployment: see what the responder holds and did, undo a change now,
 * pause and resume it. The CLI and the scenario runner's {@code ops} steps both call this.
 */
public final class Operator {

    private final Policy policy;
    private final IncidentLedger incidents;
    private final Controls controls;
    private final LedgerReader reader;
    private final Recovery recovery;
    private final AlarmStates alarms;
    private final DeliveryClaims claims;
    private final Clock clock;

    public Operator(Policy policy, IncidentLedger incidents, Controls controls, LedgerReader reader, Recovery recovery,
                    AlarmStates alarms, DeliveryClaims claims, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.controls = Objects.requireNonNull(controls, "controls");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.claims = Objects.requireNonNull(claims, "claims");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Status status() {
        List<Status.Incident> open = reader.tablesWithState().stream().sorted()
                .flatMap(table -> incidents.incidents(table).stream())
                .sorted(Comparator.comparing(r -> r.resource().toString()))
                .map(this::withDueTimes)
                .toList();
        return new Status(controls.pause(), open);
    }

    private Status.Incident withDueTimes(IncidentRecord record) {
        TableSettings settings = settings(record.resource());
        Instant due = record.okAt() == null ? null : record.okAt().plus(settings.recoveryQuietPeriod());
        List<Instant> cooldowns = record.changes().stream()
                .map(CapacityChange::lastChangedAt)
                .map(changed -> changed.plus(settings.cooldown()))
                .toList();
        Map<String, AlarmState> states = alarms.states(record.alarms());
        List<String> unknown = record.alarms().stream().filter(a -> !states.containsKey(a)).sorted().toList();
        return new Status.Incident(record, due, due != null && due.isBefore(clock.instant()), cooldowns, unknown);
    }

    public List<RecordedResponse> history(Optional<String> table, int limit) {
        return reader.history(table, limit);
    }

    /**
     * Restores now what the responder changed on the resource, through recovery's own rails: never below
     * today's demand, within the decrease rule, only values still the responder's, not while an alarm of
     * the resource is in ALARM. What they forbid is refused, with the reason.
     */
    public FollowUpResult undo(ResourceId resource) {
        return undo(resource, false);
    }

    /**
     * @param force the operator's word: restores although an alarm of the resource is in ALARM (or its state is
     *     unknown). What it restored, the responder does not raise again for the ALARM it answered: only a new
     *     state change of those alarms, after this one, is answered.
     */
    public FollowUpResult undo(ResourceId resource, boolean force) {
        Instant now = clock.instant();
        List<String> alarmsOfIncident = incidents.incident(resource).map(r -> List.copyOf(r.alarms())).orElse(List.of());
        FollowUpResult result = recovery.undoNow(resource, settings(resource), now, force);
        boolean restored = result.actions().stream().anyMatch(a -> a.type().restores() && a.status() == ActionStatus.APPLIED);
        if (force && restored) {
            // The incident's ALARM (a late delivery, Lambda's retry, a held-back raise) is then out of order.
            alarmsOfIncident.forEach(alarm -> claims.advanceAlarm(alarm, now, now));
        }
        return result;
    }

    public void pause(String by, String reason) {
        controls.pause(new Pause(by, clock.instant(), reason));
    }

    public void resume() {
        controls.resume();
    }

    private TableSettings settings(ResourceId resource) {
        return policy.settingsFor(resource.table()).orElse(policy.defaults());
    }
}
