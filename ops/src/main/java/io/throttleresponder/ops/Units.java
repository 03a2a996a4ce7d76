package io.throttleresponder.ops;

import io.throttleresponder.respond.ActionType;
import io.throttleresponder.respond.CapacityChange;
import io.throttleresponder.respond.Operation;

/** Capacity values with the unit they are in: RCU and WCU, request units, or a scaler's MinCapacity. */
final class Units {

    private Units() {}

    static String unit(ActionType type, Operation dimension) {
        if (type == ActionType.RAISE_ON_DEMAND_MAX || type == ActionType.RESTORE_ON_DEMAND_MAX) {
            return (dimension == Operation.READ ? "read" : "write") + " request units/s";
        }
        return dimension == Operation.READ ? "RCU" : "WCU";
    }

    static String describe(CapacityChange change) {
        String what = switch (change.type()) {
            case RAISE_AUTOSCALING_MIN -> "auto-scaling MinCapacity";
            case RAISE_ON_DEMAND_MAX -> "on-demand maximum";
            default -> "provisioned";
        };
        return what + " raised to " + change.lastValue() + " " + unit(change.type(), change.dimension()) + " (pre-incident "
                + change.preIncidentValue() + ")";
    }
}
