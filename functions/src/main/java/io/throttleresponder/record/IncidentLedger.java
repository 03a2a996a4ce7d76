package io.throttleresponder.record;

import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.History;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the ledger knows of each incident: the responder's changes and their cooldown, its alarms, times, Contributor Insights mark and tuned scaling policies. */
public interface IncidentLedger extends ScalingPolicyLedger {

    History history(String table);

    /**
     * Reserves a capacity change unless one happened within the cooldown, atomically across
     * concurrent invocations; remembers the first pre-incident value (and maximum) for recovery.
     */
    boolean reserveCapacityChange(ResourceId resource, Operation dimension, ActionType type, long before, long after,
                                  Long beforeMaximum, Duration cooldown, Instant now);

    /**
     * Gives back a reservation whose change did not happen (the table was busy, or the call failed),
     * so the cooldown does not hold back its retry; the previous change, if any, is the last one again.
     */
    void cancelCapacityChange(ResourceId resource, Operation dimension, Instant reservedAt);

    /**
     * An alarm on the resource fired: starts the incident if none is open. {@code throttlesPerMinute} is
     * its largest throttle datapoint, per minute; null when it reported none.
     */
    void noteAlarm(ResourceId resource, String alarmName, String signal, Instant at, Double throttlesPerMinute);

    /**
     * The responder switched Contributor Insights on, in {@code mode}, so recovery may switch it off again
     * while it finds it as it left it.
     */
    void noteContributorInsightsEnabled(ResourceId resource, String mode, Instant at);

    void noteOk(ResourceId resource, Instant at);

    /** The open incident on the resource, with the responder's changes; empty when there is none. */
    Optional<IncidentRecord> incident(ResourceId resource);

    /** The open incidents of the table and its GSIs: an alarm of the table may have led to a change of a GSI. */
    List<IncidentRecord> incidents(String table);

    /**
     * Forgets what recovery undid (or found changed by someone else): the given capacity changes and,
     * when {@code contributorInsights}, the Contributor Insights mark; closes the incident when
     * nothing is left.
     */
    void forget(ResourceId resource, List<CapacityChange> changes, boolean contributorInsights);

    /**
     * Recovery stepped a change down part way, to {@code value}: the change stays the responder's to
     * finish, at its new value; the cooldown of raises is untouched.
     */
    void noteRestored(CapacityChange change, long value);
}
