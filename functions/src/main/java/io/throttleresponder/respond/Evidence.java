package io.throttleresponder.respond;

import java.util.OptionalDouble;
import java.util.Set;

/**
 * What the planner weighs besides the incident and the table's state: the consumed peak of the last
 * minutes (units per second; empty without datapoints), the responder's own changes of this incident
 * not yet undone, and the other causes an aggregate alarm's per-cause metrics showed beside its own.
 */
public record Evidence(OptionalDouble consumedPeak, History history, Set<Cause> alsoShown) {

    public Evidence {
        alsoShown = Set.copyOf(alsoShown);
    }

    /** The first response of an incident: what the metrics show, nothing changed yet. */
    public static Evidence firstResponse(OptionalDouble consumedPeak) {
        return new Evidence(consumedPeak, History.EMPTY, Set.of());
    }
}
