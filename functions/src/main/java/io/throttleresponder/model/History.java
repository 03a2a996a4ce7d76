package io.throttleresponder.model;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The capacity changes of the responder not yet undone, as the ledger remembers them, by {@link #key}:
 * when each was last made, the value before the incident they belong to, and the value and kind of
 * the responder's last change (empty where the ledger did not say).
 */
public record History(Map<String, Instant> lastCapacityChanges, Map<String, Long> preIncidentValues,
                      Map<String, Long> lastValues, Map<String, ActionType> changeTypes) {

    public static final History EMPTY = new History(Map.of(), Map.of());

    public History {
        lastCapacityChanges = Map.copyOf(lastCapacityChanges);
        preIncidentValues = Map.copyOf(preIncidentValues);
        lastValues = Map.copyOf(lastValues);
        changeTypes = Map.copyOf(changeTypes);
    }

    public History(Map<String, Instant> lastCapacityChanges, Map<String, Long> preIncidentValues) {
        this(lastCapacityChanges, preIncidentValues, Map.of(), Map.of());
    }

    /** Present while the responder has raised this dimension in the current incident and not undone it all. */
    public Optional<Long> preIncidentValue(ResourceId resource, Operation dimension) {
        return Optional.ofNullable(preIncidentValues.get(key(resource, dimension)));
    }

    /**
     * The pre-incident value while the dimension still holds what the responder set last, by the same
     * kind of change; empty once someone else set another value, or the billing mode changed the kind:
     * that value is theirs, and a raise now is built on it, as a first one.
     */
    public Optional<Long> preIncidentValue(ResourceId resource, Operation dimension, ActionType type, long current) {
        String key = key(resource, dimension);
        Long last = lastValues.get(key);
        ActionType lastType = changeTypes.get(key);
        if ((last != null && last != current) || (lastType != null && lastType != type)) {
            return Optional.empty();
        }
        return preIncidentValue(resource, dimension);
    }

    public static String key(ResourceId resource, Operation dimension) {
        return resource + "#" + dimension;
    }

    public Optional<Instant> lastCapacityChange(ResourceId resource, Operation dimension) {
        return Optional.ofNullable(lastCapacityChanges.get(key(resource, dimension)));
    }
}
