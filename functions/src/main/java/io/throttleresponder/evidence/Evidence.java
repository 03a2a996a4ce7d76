package io.throttleresponder.evidence;

import io.throttleresponder.model.Cause;
import io.throttleresponder.model.History;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.TableState;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the planner weighs besides the incident and the table's state: the consumed peak of the last
 * minutes (units per second; empty without datapoints), the responder's own changes of this incident
 * not yet undone, the other causes an aggregate alarm's per-cause metrics showed beside its own, and
 * the share (percent) of the account's provisioned-capacity quota its tables already hold (empty
 * without datapoints), and whether this Region is the one that changes a global table's capacity.
 */
public record Evidence(OptionalDouble consumedPeak, History history, Set<Cause> alsoShown,
                       OptionalDouble accountUtilization, boolean actsOnGlobalTable) {

    public Evidence {
        alsoShown = Set.copyOf(alsoShown);
    }

    /** The first response of an incident: what the metrics show, nothing changed yet, no account figure. */
    public static Evidence firstResponse(OptionalDouble consumedPeak) {
        return new Evidence(consumedPeak, History.EMPTY, Set.of(), OptionalDouble.empty(), false);
    }

    /** What is left of the account's provisioned quota in the Region, if CloudWatch says: the units held, rounded up, off the quota. */
    public OptionalLong accountLeft(TableState state, Operation operation) {
        if (accountUtilization.isEmpty()) {
            return OptionalLong.empty();
        }
        long quota = state.accountQuota(operation);
        // Less a hair, so that a percentage like 99.9 of 80,000 is 79,920 held, not 79,921 by floating-point error.
        long held = (long) Math.ceil(quota * accountUtilization.getAsDouble() / 100 - 1e-6);
        return OptionalLong.of(Math.max(0, quota - held));
    }
}
