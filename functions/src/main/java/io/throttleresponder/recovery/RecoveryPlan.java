package io.throttleresponder.recovery;

import io.throttleresponder.respond.CapacityChange;
import io.throttleresponder.respond.Plan;
import java.util.List;

/**
 * A recovery's plan, and what it decided about the responder's changes besides: those it leaves as
 * they are for good (no longer the responder's to undo), and those the decrease budget holds back for
 * now (to be tried again when the budget allows).
 */
public record RecoveryPlan(Plan plan, List<CapacityChange> leftAsIs, List<CapacityChange> heldBack) {

    public RecoveryPlan {
        leftAsIs = List.copyOf(leftAsIs);
        heldBack = List.copyOf(heldBack);
    }
}
