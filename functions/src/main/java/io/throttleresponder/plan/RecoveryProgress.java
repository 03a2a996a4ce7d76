package io.throttleresponder.plan;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.IncidentRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one look of the recovery settled, and when it looks again. Pure. */
public final class RecoveryProgress {

    /**
     * A restore AWS refused is tried again this soon, doubling on each look (at most 64 min): soon
     * enough for a reason that passes (the table busy, throttling), sparing for one that does not.
     */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
    private static final int MAX_DOUBLINGS = 6;

    private RecoveryProgress() {}

    /**
     * When to look again: the plan's time for what it held; sooner for a restore the table deferred
     * (busy) or AWS refused (backing off look by look).
     */
    public static Instant lookAgainAt(RecoveryPlan recovery, List<Action> done, Instant deferredRetryAt, int looks,
                                      Instant now) {
        Instant at = earliest(recovery.lookAgainAt(), deferredRetryAt);
        boolean failed = done.stream().anyMatch(a -> a.type().restores() && a.status() == ActionStatus.FAILED);
        return failed ? earliest(at, now.plus(RETRY_AFTER_FAILURE.multipliedBy(1L << Math.min(looks, MAX_DOUBLINGS)))) : at;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    /** Changes recovery is done with: back at the pre-incident value now, or no longer the responder's to undo. */
    public static List<CapacityChange> settled(IncidentRecord record, RecoveryPlan recovery, List<Action> done) {
        return record.changes().stream().filter(change -> recovery.leftAsIs().contains(change)
                        || restoreOf(change, done).filter(a -> a.status() == ActionStatus.APPLIED
                                && a.to() == change.preIncidentValue()).isPresent())
                .toList();
    }

    /** Changes stepped down part way, with the value they now have: still the responder's to finish. */
    public static Map<CapacityChange, Long> steppedDown(IncidentRecord record, List<Action> done) {
        Map<CapacityChange, Long> stepped = new LinkedHashMap<>();
        for (CapacityChange change : record.changes()) {
            restoreOf(change, done).filter(a -> a.status() == ActionStatus.APPLIED && a.to() > change.preIncidentValue())
                    .ifPresent(a -> stepped.put(change, a.to()));
        }
        return stepped;
    }

    private static Optional<Action> restoreOf(CapacityChange change, List<Action> done) {
        return done.stream().filter(a -> a.type().restores() && a.type() != ActionType.DISABLE_CONTRIBUTOR_INSIGHTS
                && a.dimension() == change.dimension()).findFirst();
    }

    /** Whether the restores of this type went through (or were not needed). */
    public static boolean settled(List<Action> done, ActionType type) {
        return done.stream().anyMatch(a -> a.type() == type && a.status() != ActionStatus.FAILED);
    }
}
