package io.throttleresponder.operate;

import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.followup.Recovery;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.evidence.AlarmStates;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.record.Controls;
import io.throttleresponder.record.DeliveryClaims;
import io.throttleresponder.record.IncidentLedger;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.OthersChange;
import io.throttleresponder.model.Pause;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.evidence.TableNotFoundException;
import io.throttleresponder.model.TableState;
import io.throttleresponder.evidence.TableStateReader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
    private final TableStateReader tables;
    private final DeliveryClaims claims;
    private final Clock clock;

    public Operator(Policy policy, IncidentLedger incidents, Controls controls, LedgerReader reader, Recovery recovery,
                    AlarmStates alarms, TableStateReader tables, DeliveryClaims claims, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.controls = Objects.requireNonNull(controls, "controls");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.tables = Objects.requireNonNull(tables, "tables");
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
        return new Status.Incident(record, due, due != null && due.isBefore(clock.instant()), cooldowns, unknown,
                othersChanges(record));
    }

    /** Each raised dimension that no longer holds what the responder set: someone else's value, which recovery keeps. */
    private List<String> othersChanges(IncidentRecord record) {
        if (record.changes().isEmpty()) {
            return List.of();
        }
        TableState state;
        try {
            state = tables.read(record.resource());
        } catch (TableNotFoundException e) {
            return List.of(e.getMessage() + ": nothing is left to restore");
        }
        ResourceState resource = state.resource(record.resource()).orElse(null);
        List<String> changes = new ArrayList<>();
        for (CapacityChange change : record.changes()) {
            Long current = resource == null ? null : switch (change.type()) {
                case UPDATE_PROVISIONED -> state.billingMode() == BillingMode.PROVISIONED
                        ? resource.provisioned(change.dimension()) : null;
                case RAISE_AUTOSCALING_MIN -> resource.scalableTargets().containsKey(change.dimension())
                        ? (long) resource.scalableTargets().get(change.dimension()).minCapacity() : null;
                case RAISE_ON_DEMAND_MAX -> state.billingMode() == BillingMode.PAY_PER_REQUEST
                        ? resource.onDemandMaximum(change.dimension()) : null;
                default -> null;
            };
            if (current == null) {
                changes.add(change.dimension() + ": the table is " + state.billingMode() + " now: the responder's "
                        + change.type() + " no longer applies, and is not restored as another unit");
            } else if (current != change.lastValue()) {
                changes.add(change.dimension() + ": " + new OthersChange(current, clock.instant()).kept(change.type(),
                        change.dimension()) + " (the responder set " + change.lastValue() + "): recovery leaves it");
            }
        }
        return changes;
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
        // Read before: a table deleted since its raise is forgotten by the undo, which says so itself.
        Optional<IncidentRecord> incident = incidents.incident(resource);
        boolean heldNothing = incident.filter(IncidentRecord::hasSomethingToUndo).isEmpty();
        List<String> alarmsOfIncident = incident.map(r -> List.copyOf(r.alarms())).orElse(List.of());
        FollowUpResult result = recovery.undoNow(resource, settings(resource), now, force);
        boolean restored = result.actions().stream().anyMatch(a -> a.type().restores() && a.status() == ActionStatus.APPLIED);
        if (force && restored) {
            // The incident's ALARM (a late delivery, Lambda's retry, a held-back raise) is then out of order.
            alarmsOfIncident.forEach(alarm -> claims.advanceAlarm(alarm, now, now));
        }
        return heldNothing && result.outcome() == Outcome.IGNORED ? whyNothingToUndo(result) : result;
    }

    /**
     * Nothing to undo says why: the ledger never heard of the table (a wrong name or Region?), or the
     * responder holds nothing there any more (a second undo, or its recovery came first).
     */
    private FollowUpResult whyNothingToUndo(FollowUpResult result) {
        ResourceId resource = result.followUp().resource();
        String table = resource.table();
        String why = reader.history(Optional.of(table), 1).stream().findFirst()
                .map(last -> "it holds no raise and no Contributor Insights there; what it changed, if anything, was put"
                        + " back by its recovery or an earlier undo (its last response for table " + table + ": "
                        + last.outcome() + " at " + last.at() + "; history " + table + " lists them)")
                .orElse("the ledger holds no response for table " + table + " in the last 30 days: check the table's"
                        + " name and the Region (history lists the tables the responder answered)");
        return new FollowUpResult(result.followUp(), result.outcome(), result.reason() + ": " + why, result.summaries(),
                result.actions(), result.findings());
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
