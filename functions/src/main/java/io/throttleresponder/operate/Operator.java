package io.throttleresponder.operate;

import io.throttleresponder.followup.FollowUpResult;
import io.throttleresponder.followup.Recovery;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.respond.CapacityChange;
import io.throttleresponder.respond.Controls;
import io.throttleresponder.respond.IncidentLedger;
import io.throttleresponder.respond.IncidentRecord;
import io.throttleresponder.respond.Outcome;
import io.throttleresponder.respond.Pause;
import io.throttleresponder.respond.ResourceId;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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
    private final Clock clock;

    public Operator(Policy policy, IncidentLedger incidents, Controls controls, LedgerReader reader, Recovery recovery,
                    Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.controls = Objects.requireNonNull(controls, "controls");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
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
        return new Status.Incident(record, due, cooldowns);
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
        // Read before: a table deleted since its raise is forgotten by the undo, which says so itself.
        boolean heldNothing = incidents.incident(resource).filter(IncidentRecord::hasSomethingToUndo).isEmpty();
        FollowUpResult result = recovery.undoNow(resource, settings(resource), clock.instant());
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
