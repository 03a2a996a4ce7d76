package io.throttleresponder.model;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the ledger knows of the current incident on one resource: when it began, the alarms and
 * signals that fired, when it last fired and returned to OK, and what the responder changed.
 * {@code alarmedPeak} is the largest throttle datapoint its alarms reported, per minute (null when
 * none did): the resolved message's peak when CloudWatch's metrics have none. When the responder enabled
 * Contributor Insights, {@code insightsEnabledAt} and {@code insightsMode} say when and in which mode
 * (null where the ledger does not say), so recovery disables only what it still finds as it left it.
 * {@code policyChanges}: the scaling policies it made more aggressive.
 */
public record IncidentRecord(
        ResourceId resource,
        Instant startedAt,
        Instant lastAlarmAt,
        Instant okAt,
        Set<String> alarms,
        Set<String> signals,
        List<CapacityChange> changes,
        boolean contributorInsightsEnabledByResponder,
        Double alarmedPeak,
        Instant insightsEnabledAt,
        String insightsMode,
        List<PolicyChange> policyChanges) {

    /** An incident in which the responder tuned no scaling policy. */
    public IncidentRecord(ResourceId resource, Instant startedAt, Instant lastAlarmAt, Instant okAt, Set<String> alarms,
                          Set<String> signals, List<CapacityChange> changes, boolean contributorInsightsEnabledByResponder,
                          Double alarmedPeak, Instant insightsEnabledAt, String insightsMode) {
        this(resource, startedAt, lastAlarmAt, okAt, alarms, signals, changes, contributorInsightsEnabledByResponder,
                alarmedPeak, insightsEnabledAt, insightsMode, List.of());
    }

    /** An incident whose Contributor Insights the ledger says nothing more of. */
    public IncidentRecord(ResourceId resource, Instant startedAt, Instant lastAlarmAt, Instant okAt, Set<String> alarms,
                          Set<String> signals, List<CapacityChange> changes, boolean contributorInsightsEnabledByResponder,
                          Double alarmedPeak, List<PolicyChange> policyChanges) {
        this(resource, startedAt, lastAlarmAt, okAt, alarms, signals, changes, contributorInsightsEnabledByResponder,
                alarmedPeak, null, null, policyChanges);
    }

    /** An incident whose alarms reported no throttle datapoint. */
    public IncidentRecord(ResourceId resource, Instant startedAt, Instant lastAlarmAt, Instant okAt, Set<String> alarms,
                          Set<String> signals, List<CapacityChange> changes, boolean contributorInsightsEnabledByResponder) {
        this(resource, startedAt, lastAlarmAt, okAt, alarms, signals, changes, contributorInsightsEnabledByResponder, null);
    }

    public IncidentRecord(ResourceId resource, Instant startedAt, Instant lastAlarmAt, Instant okAt, Set<String> alarms,
                          Set<String> signals, List<CapacityChange> changes, boolean contributorInsightsEnabledByResponder,
                          Double alarmedPeak) {
        this(resource, startedAt, lastAlarmAt, okAt, alarms, signals, changes, contributorInsightsEnabledByResponder,
                alarmedPeak, null, null);
    }

    public IncidentRecord {
        alarms = Set.copyOf(alarms);
        signals = Set.copyOf(signals);
        changes = List.copyOf(changes);
        policyChanges = List.copyOf(policyChanges);
    }

    /** The same incident with the scaling policies the responder tuned on its resource. */
    public IncidentRecord withPolicyChanges(List<PolicyChange> tuned) {
        return new IncidentRecord(resource, startedAt, lastAlarmAt, okAt, alarms, signals, changes,
                contributorInsightsEnabledByResponder, alarmedPeak, insightsEnabledAt, insightsMode, tuned);
    }

    /** A resource's record with nothing noted yet. */
    public static IncidentRecord blank(ResourceId resource) {
        return new IncidentRecord(resource, null, null, null, Set.of(), Set.of(), List.of(), false, null);
    }

    public boolean hasSomethingToUndo() {
        return !changes.isEmpty() || contributorInsightsEnabledByResponder || !policyChanges.isEmpty();
    }
}
