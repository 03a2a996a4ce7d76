package io.throttleresponder.record;

import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.History;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.Pause;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The ledger of a plan-only responder, built at wiring: it remembers nothing and writes nothing. Every
 * state change is new and in order, there is no history, no incident and no lock to wait for, so the
 * plan is the one a first response would make.
 */
public final class ReadOnlyLedger implements Ledger {

    @Override
    public boolean claim(String stateChangeKey, Duration lease, Instant now) {
        return true;
    }

    @Override
    public Claim claimAndLock(String stateChangeKey, Duration claimLease, String table, String owner, Duration lockLease,
                              Instant now) {
        return Claim.CLAIMED_AND_LOCKED;
    }

    @Override
    public boolean advanceAlarm(String alarmName, Instant stateChangeTime, Instant now) {
        return true;
    }

    @Override
    public void complete(String stateChangeKey) {}

    /** A plan-only responder plans as an unpaused one would: the plan is what it shows. */
    @Override
    public Optional<Pause> pause() {
        return Optional.empty();
    }

    @Override
    public void pause(Pause pause) {
        throw new UnsupportedOperationException("a plan-only responder writes nothing, a pause neither");
    }

    @Override
    public void resume() {
        throw new UnsupportedOperationException("a plan-only responder writes nothing, a resume neither");
    }

    @Override
    public void release(String stateChangeKey) {}

    @Override
    public boolean lockTable(String table, String owner, Duration lease, Instant now) {
        return true;
    }

    @Override
    public void unlockTable(String table, String owner) {}

    @Override
    public History history(String table) {
        return History.EMPTY;
    }

    @Override
    public boolean reserveCapacityChange(ResourceId resource, Operation dimension, ActionType type, long before, long after,
                                         Long beforeMaximum, Duration cooldown, Instant now) {
        return true;
    }

    @Override
    public void cancelCapacityChange(ResourceId resource, Operation dimension, Instant reservedAt) {}

    @Override
    public void noteAlarm(ResourceId resource, String alarmName, String signal, Instant at, Double throttlesPerMinute) {}

    @Override
    public void noteContributorInsightsEnabled(ResourceId resource, String mode, Instant at) {}

    @Override
    public void noteOk(ResourceId resource, Instant at) {}

    @Override
    public Optional<IncidentRecord> incident(ResourceId resource) {
        return Optional.empty();
    }

    @Override
    public List<IncidentRecord> incidents(String table) {
        return List.of();
    }

    @Override
    public void forget(ResourceId resource, List<CapacityChange> changes, boolean contributorInsights) {}

    @Override
    public void noteRestored(CapacityChange change, long value) {}

    @Override
    public void record(Response response, Instant now) {}

    @Override
    public boolean reservePolicyChange(PolicyChange change) {
        return true;
    }

    @Override
    public void cancelPolicyChange(PolicyChange change) {}

    @Override
    public void forgetPolicyChange(PolicyChange change) {}
}
