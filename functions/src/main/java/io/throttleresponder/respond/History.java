package io.throttleresponder.respond;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** When the responder last changed each resource's capacity, as the ledger remembers it. */
public record History(Map<String, Instant> lastCapacityChanges) {

    public static final History EMPTY = new History(Map.of());

    public History {
        lastCapacityChanges = Map.copyOf(lastCapacityChanges);
    }

    public static String key(ResourceId resource, Operation dimension) {
        return resource + "#" + dimension;
    }

    public Optional<Instant> lastCapacityChange(ResourceId resource, Operation dimension) {
        return Optional.ofNullable(lastCapacityChanges.get(key(resource, dimension)));
    }
}
