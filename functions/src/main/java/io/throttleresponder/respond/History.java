package io.throttleresponder.respond;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The capacity changes of the responder not yet undone, as the ledger remembers them, by {@link #key}:
 * when each was last made, and the value before the incident they belong to.
 */
public record History(Map<String, Instant> lastCapacityChanges, Map<String, Long> preIncidentValues) {

    public static final History EMPTY = new History(Map.of(), Map.of());

    public History {
        lastCapacityChanges = Map.copyOf(lastCapacityChanges);
        preIncidentValues = Map.copyOf(preIncidentValues);
    }

    /** Present while the responder has raised this dimension in the current incident and not undone it all. */
    public Optional<Long> preIncidentValue(ResourceId resource, Operation dimension) {
        return Optional.ofNullable(preIncidentValues.get(key(resource, dimension)));
    }

    public static String key(ResourceId resource, Operation dimension) {
        return resource + "#" + dimension;
    }

    public Optional<Instant> lastCapacityChange(ResourceId resource, Operation dimension) {
        return Optional.ofNullable(lastCapacityChanges.get(key(resource, dimension)));
    }
}
