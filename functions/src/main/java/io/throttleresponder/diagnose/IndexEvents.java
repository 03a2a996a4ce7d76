package io.throttleresponder.diagnose;

import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.evidence.TableStateReader;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.TableState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The per-cause throttle events of a table's GSIs, started in a response's first round beside the claim.
 * A table's aggregate alarm whose own per-cause metrics show no capacity cause may be a GSI's (an index
 * short of write capacity throttles its base table); waiting for the table's state, read under the lock
 * in the second round, to name the GSIs would put one more sequential round before the remedy. The
 * GSIs are named by a read of their own, and their metrics go out as soon as it answers.
 */
public final class IndexEvents {

    private IndexEvents() {}

    /** Reads for a table's aggregate alarm; none for a GSI's alarm or an alarm that is not aggregate. */
    public static CompletableFuture<Map<ResourceId, Map<Cause, Double>>> prefetch(Incident incident, TableStateReader tables,
            MetricsReader metrics, Executor reads, Instant now) {
        ResourceId alarmed = incident.resource();
        if (!incident.aggregate() || alarmed.isIndex() || incident.operation() == null) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return CompletableFuture.supplyAsync(() -> tables.indexNames(alarmed.table()), reads)
                .thenCompose(names -> {
                    Map<ResourceId, CompletableFuture<Map<Cause, Double>>> reading = new LinkedHashMap<>();
                    names.stream().sorted().map(index -> new ResourceId(alarmed.table(), index)).forEach(index ->
                            reading.put(index, CompletableFuture.supplyAsync(
                                    () -> metrics.throttleEventsByCause(index, incident.operation(), now), reads)));
                    return CompletableFuture.allOf(reading.values().toArray(CompletableFuture[]::new)).thenApply(all -> {
                        Map<ResourceId, Map<Cause, Double>> events = new LinkedHashMap<>();
                        reading.forEach((index, read) -> events.put(index, read.join()));
                        return events;
                    });
                });
    }

    /** The events of the GSIs the table has now, as its state read under the lock names them. */
    public static Map<ResourceId, Map<Cause, Double>> ofPresent(Map<ResourceId, Map<Cause, Double>> prefetched, TableState state) {
        Map<ResourceId, Map<Cause, Double>> present = new LinkedHashMap<>();
        List<String> indexes = state.indexes().keySet().stream().sorted().toList();
        prefetched.forEach((index, events) -> {
            if (indexes.contains(index.index())) {
                present.put(index, events);
            }
        });
        return present;
    }
}
