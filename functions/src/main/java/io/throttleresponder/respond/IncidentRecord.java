package io.throttleresponder.respond;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the ledger knows of the current incident on one resource: when it began, the alarms and
 * signals that fired, when it last fired and returned to OK, and what the responder changed.
 */
public record IncidentRecord(
        ResourceId resource,
        Instant startedAt,
        Instant lastAlarmAt,
        Instant okAt,
        Set<String> alarms,
        Set<String> signals,
        List<CapacityChange> changes,
        boolean contributorInsightsEnabledByResponder) {

    public IncidentRecord {
        alarms = Set.copyOf(alarms);
        signals = Set.copyOf(signals);
        changes = List.copyOf(changes);
    }

    public boolean hasSomethingToUndo() {
        return !changes.isEmpty() || contributorInsightsEnabledByResponder;
    }
}
