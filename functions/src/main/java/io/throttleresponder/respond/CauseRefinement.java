package io.throttleresponder.respond;

import java.util.Comparator;
import java.util.Map;

/**
 * Gives an aggregate throttle alarm (ReadThrottleEvents, ThrottledRequests) its cause: the per-cause
 * metric with the most events wins; without datapoints the billing mode decides. Pure.
 */
public final class CauseRefinement {

    private CauseRefinement() {}

    public static Incident refine(Incident incident, Map<Cause, Double> eventsByCause, TableState state) {
        if (!incident.aggregate()) {
            return incident;
        }
        return eventsByCause.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .max(Comparator.comparingDouble(Map.Entry<Cause, Double>::getValue)
                        .thenComparing(e -> -e.getKey().ordinal()))
                .map(e -> incident.withCause(e.getKey()))
                .orElseGet(() -> incident.withCause(byBillingMode(incident, state)));
    }

    private static Cause byBillingMode(Incident incident, TableState state) {
        if (state.billingMode() == BillingMode.PROVISIONED) {
            return Cause.PROVISIONED;
        }
        boolean maximumSet = incident.operation() != null && state.resource(incident.resource())
                .map(r -> r.onDemandMaximum(incident.operation()) != ResourceState.NO_ON_DEMAND_MAXIMUM)
                .orElse(false);
        return maximumSet ? Cause.MAX_ON_DEMAND : Cause.UNKNOWN;
    }
}
