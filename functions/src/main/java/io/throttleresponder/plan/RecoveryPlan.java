package io.throttleresponder.plan;

import io.throttleresponder.model.CapacityChange;
import java.time.Instant;
import java.util.List;

/**
 * A recovery's plan, and what it decided about the responder's changes besides: those it leaves as
 * they are for good (no longer the responder's to undo), and those it holds, or steps down only part
 * way, for now: today's demand, DynamoDB's decrease rule or a busy table. Recovery looks again at
 * {@code lookAgainAt} (null when nothing is held).
 */
public record RecoveryPlan(Plan plan, List<CapacityChange> leftAsIs, List<CapacityChange> heldBack, Instant lookAgainAt) {

    public RecoveryPlan {
        leftAsIs = List.copyOf(leftAsIs);
        heldBack = List.copyOf(heldBack);
    }
}
