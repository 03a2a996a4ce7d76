package io.throttleresponder.diagnose;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.TableState;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gives an aggregate throttle alarm (ReadThrottleEvents, ThrottledRequests) its cause: a cause that
 * capacity answers leads whenever its metric shows events (the others are answered beside it, see
 * {@link #alsoShown}); otherwise the per-cause metric with the most events; without datapoints the
 * billing mode decides. Pure.
 */
public final class CauseRefinement {

    private CauseRefinement() {}

    /** Causes that more capacity answers. */
    private static final Set<Cause> CAPACITY_CAUSES = Set.of(Cause.PROVISIONED, Cause.MAX_ON_DEMAND);

    /** Whether the per-cause events show a cause that more capacity answers. */
    public static boolean showsCapacityCause(Map<Cause, Double> eventsByCause) {
        return eventsByCause.entrySet().stream().anyMatch(e -> CAPACITY_CAUSES.contains(e.getKey()) && e.getValue() > 0);
    }

    /**
     * A table's aggregate alarm whose own per-cause metrics show no capacity cause, while a GSI's do:
     * the GSI is short of capacity (for writes, its back-pressure throttles the base table), so the
     * incident is the GSI's, with the GSI's cause. Otherwise as {@link #refine(Incident, Map, TableState)}.
     */
    public static Incident refine(Incident incident, Map<Cause, Double> eventsByCause,
                                  Map<ResourceId, Map<Cause, Double>> indexEventsByCause, TableState state) {
        if (!incident.aggregate() || showsCapacityCause(eventsByCause)) {
            return refine(incident, eventsByCause, state);
        }
        return indexEventsByCause.entrySet().stream()
                .flatMap(index -> index.getValue().entrySet().stream()
                        .filter(e -> CAPACITY_CAUSES.contains(e.getKey()) && e.getValue() > 0)
                        .map(e -> Map.entry(new Incident(index.getKey(), incident.operation(), e.getKey(), incident.signal(),
                                false), e.getValue())))
                .max(Comparator.comparingDouble(Map.Entry<Incident, Double>::getValue))
                .map(Map.Entry::getKey)
                .orElseGet(() -> refine(incident, eventsByCause, state));
    }

    public static Incident refine(Incident incident, Map<Cause, Double> eventsByCause, TableState state) {
        if (!incident.aggregate()) {
            return incident;
        }
        boolean capacity = showsCapacityCause(eventsByCause);
        return eventsByCause.entrySet().stream()
                .filter(e -> e.getValue() > 0 && (!capacity || CAPACITY_CAUSES.contains(e.getKey())))
                .max(Comparator.comparingDouble(Map.Entry<Cause, Double>::getValue)
                        .thenComparing(e -> -e.getKey().ordinal()))
                .map(e -> incident.withCause(e.getKey()))
                .orElseGet(() -> incident.withCause(byBillingMode(incident, state)));
    }

    /** The causes the per-cause metrics showed besides the one the incident was given. */
    public static Set<Cause> alsoShown(Incident refined, Map<Cause, Double> eventsByCause) {
        return eventsByCause.entrySet().stream()
                .filter(e -> e.getValue() > 0 && e.getKey() != refined.cause())
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
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
