package io.throttleresponder.model;

import io.throttleresponder.plan.Planner;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A value someone else set on a dimension the responder had raised (by hand, by another tool, by a
 * switch of billing mode), as the responder found it before a second raise: theirs to keep, so a
 * later restore never goes below it. {@code seenAt} is when the responder saw it, not when it was made.
 */
public record OthersChange(long value, Instant seenAt) {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** "kept 400 WCU set by someone else at 03:08 UTC". */
    public String kept(ActionType type, Operation dimension) {
        return "kept " + describe(value, type, dimension) + " set by someone else at " + CLOCK.format(seenAt) + " UTC";
    }

    /** "400 WCU", "MinCapacity 500 WCU", "MaxReadRequestUnits 1500". */
    public static String describe(long value, ActionType type, Operation dimension) {
        return switch (type) {
            case RAISE_AUTOSCALING_MIN, RESTORE_AUTOSCALING_MIN -> "MinCapacity " + value + " " + Planner.unit(dimension);
            case RAISE_ON_DEMAND_MAX, RESTORE_ON_DEMAND_MAX ->
                    (dimension == Operation.READ ? "MaxReadRequestUnits " : "MaxWriteRequestUnits ") + value;
            default -> value + " " + Planner.unit(dimension);
        };
    }
}
