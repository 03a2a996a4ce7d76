package io.throttleresponder.act;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.record.IncidentLedger;
import io.throttleresponder.record.TableLocks;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way capacity moves, for raises, restores and their retries alike. A change is a
 * read-modify-write of the table (UpdateTable sets both dimensions), so it is made under the table's
 * lock, from the table as read under it. A raise is reserved against the cooldown first and the
 * reservation given back when the change does not happen. A table that cannot take the change now
 * (another response holds it, it is not ACTIVE, DynamoDB answers ResourceInUseException: it takes one
 * update at a time) defers the change to the caller's retry; any other failure fails the change alone.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html">UpdateTable:
 *     ResourceInUseException while the table is not ACTIVE</a>
 */
public final class CapacityChanges {

    private static final Logger LOG = LoggerFactory.getLogger(CapacityChanges.class);
    /** Longer than a response takes, short enough that a crashed one does not block the table for long. */
    public static final Duration LOCK_LEASE = Duration.ofSeconds(60);

    /** Whether the caller holds the table's lock. */
    public enum Lock { HELD, BUSY }

    /** How a caller tries a held-back change again: the responder by a delayed retry, recovery by looking again. */
    public interface Deferral {
        /** Schedules the change's retry; returns the change as it is to be reported now. */
        Action defer(Action change, String why);
    }

    private final TableLocks locks;
    private final IncidentLedger incidents;
    private final Actuator actuator;
    private final ScalingPolicyChanges policies;

    public CapacityChanges(TableLocks locks, IncidentLedger incidents, Actuator actuator) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.actuator = Objects.requireNonNull(actuator, "actuator");
        this.policies = new ScalingPolicyChanges(incidents, actuator);
    }

    /** Takes the table's lock: the owner to give it back with, or empty while another response holds it. */
    public Optional<String> lock(String table, Instant now) {
        String owner = UUID.randomUUID().toString();
        return locks.lockTable(table, owner, LOCK_LEASE, now) ? Optional.of(owner) : Optional.empty();
    }

    public void unlock(String table, String owner) {
        try {
            locks.unlockTable(table, owner);
        } catch (RuntimeException e) {
            // The lease lapses on its own; the change itself stands.
            LOG.warn("the ledger did not unlock table {}", table, e);
        }
    }

    /**
     * A planned change of the table's settings: a scaling-policy tuning (its values from the settings), or
     * a raise of capacity within the settings' cooldown.
     */
    public Action raise(Action change, Lock lock, ResourceState fresh, TableSettings settings, Instant now,
                        Deferral deferral) {
        if (change.type() == ActionType.TUNE_SCALING_POLICY) {
            return change(change, lock, fresh, deferral, () -> policies.tune(change, fresh, settings, now));
        }
        return raise(change, lock, fresh, settings.cooldown(), now, deferral);
    }

    /**
     * Raises capacity to {@code change.to()}, unless it is there already; reserved against the cooldown,
     * so that two responses to one incident raise once.
     */
    public Action raise(Action change, Lock lock, ResourceState fresh, Duration cooldown, Instant now, Deferral deferral) {
        return change(change, lock, fresh, deferral, () -> {
            ResourceId id = change.resource();
            long current = currentValue(change, fresh);
            if (current >= change.to()) {
                return new Action(change.type(), id, change.dimension(), current, current, ActionStatus.SKIPPED,
                        "already at " + current + ": changed since this response read the table");
            }
            if (!incidents.reserveCapacityChange(id, change.dimension(), change.type(), current, change.to(),
                    previousMaximum(change, fresh), cooldown, now)) {
                return change.with(ActionStatus.SKIPPED, "another response changed " + id + " "
                        + change.dimension() + " within the cooldown");
            }
            try {
                applyRaise(change, fresh);
            } catch (RuntimeException e) {
                incidents.cancelCapacityChange(id, change.dimension(), now);
                throw e;
            }
            return new Action(change.type(), id, change.dimension(), current, change.to(), ActionStatus.APPLIED,
                    change.reason());
        });
    }

    /**
     * Restores a value recovery planned; {@code call} makes the AWS call (one call may set both
     * dimensions, or a scalable target's floor and maximum together).
     */
    public Action restore(Action change, Lock lock, ResourceState fresh, Runnable call, Deferral deferral) {
        return change(change, lock, fresh, deferral, () -> {
            call.run();
            return change.with(ActionStatus.APPLIED, change.reason());
        });
    }

    private Action change(Action change, Lock lock, ResourceState fresh, Deferral deferral, Supplier<Action> apply) {
        ResourceId id = change.resource();
        if (lock == Lock.BUSY) {
            return deferral.defer(change, "another response is changing table " + id.table());
        }
        if (fresh == null) {
            return change.with(ActionStatus.FAILED, change.reason() + "; failed: " + id + " no longer exists");
        }
        if (!"ACTIVE".equals(fresh.status())) {
            return deferral.defer(change, id + " is " + fresh.status());
        }
        try {
            return apply.get();
        } catch (ResourceBusyException e) {
            return deferral.defer(change, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} on {} failed", change.type(), id, e);
            return change.with(ActionStatus.FAILED, change.reason() + "; failed: " + e.getMessage());
        }
    }

    private static long currentValue(Action change, ResourceState fresh) {
        return switch (change.type()) {
            case UPDATE_PROVISIONED -> fresh.provisioned(change.dimension());
            case RAISE_AUTOSCALING_MIN -> fresh.scalableTargets().get(change.dimension()).minCapacity();
            case RAISE_ON_DEMAND_MAX -> fresh.onDemandMaximum(change.dimension());
            default -> throw new IllegalArgumentException(change.type() + " does not raise capacity");
        };
    }

    /** The scalable target's MaxCapacity when the responder raises it along with the floor; recovery restores it. */
    private static Long previousMaximum(Action change, ResourceState resource) {
        if (change.type() != ActionType.RAISE_AUTOSCALING_MIN) {
            return null;
        }
        ScalableTarget target = resource.scalableTargets().get(change.dimension());
        return change.to() > target.maxCapacity() ? target.maxCapacity() : null;
    }

    private void applyRaise(Action change, ResourceState resource) {
        switch (change.type()) {
            case UPDATE_PROVISIONED -> actuator.updateProvisioned(resource, change.dimension(), change.to());
            case RAISE_AUTOSCALING_MIN -> {
                ScalableTarget target = resource.scalableTargets().get(change.dimension());
                actuator.registerScalableTarget(change.resource(), change.dimension(), change.to(),
                        Math.max(change.to(), target.maxCapacity()));
            }
            case RAISE_ON_DEMAND_MAX -> actuator.updateOnDemandMaximum(resource, change.dimension(), change.to());
            default -> throw new IllegalStateException(change.type() + " does not raise capacity");
        }
    }
}
