package io.throttleresponder.act;

import io.throttleresponder.followup.Attempt;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.model.TableState;
import io.throttleresponder.plan.RecoveryPlanner;
import java.util.ArrayList;
import java.util.List;

/** Executes a recovery's restores through the one capacity-change unit, under the table's lock. */
public final class RestoreExecutor {

    private final CapacityChanges capacity;
    private final Actuator actuator;

    public RestoreExecutor(CapacityChanges capacity, Actuator actuator) {
        this.capacity = capacity;
        this.actuator = actuator;
    }

    /** Applies the planned restores; one call per resource for both provisioned dimensions, and for both maxima. */
    public List<Action> execute(List<Action> actions, IncidentRecord record, TableState state, Mode mode,
                                 CapacityChanges.Deferral deferral) {
        ResourceState resource = state.resource(record.resource()).orElse(null);
        List<Action> done = new ArrayList<>();
        List<Action> provisioned = planned(actions, ActionType.RESTORE_PROVISIONED);
        List<Action> onDemand = planned(actions, ActionType.RESTORE_ON_DEMAND_MAX);
        for (Action action : actions) {
            if (action.status() != ActionStatus.PLANNED || !mode.acts()) {
                done.add(action);
                continue;
            }
            done.add(switch (action.type()) {
                case RESTORE_PROVISIONED -> action == provisioned.get(0)
                        ? capacity.restore(action, CapacityChanges.Lock.HELD, resource, () -> actuator.restoreProvisioned(
                                record.resource(),
                                target(provisioned, Operation.READ, resource.readCapacityUnits()),
                                target(provisioned, Operation.WRITE, resource.writeCapacityUnits())), deferral)
                        : sameCallAs(action, done, provisioned.get(0));
                case RESTORE_ON_DEMAND_MAX -> action == onDemand.get(0)
                        ? capacity.restore(action, CapacityChanges.Lock.HELD, resource, () -> actuator.restoreOnDemandMaximum(
                                record.resource(),
                                target(onDemand, Operation.READ, resource.maxOnDemandReadRequestUnits()),
                                target(onDemand, Operation.WRITE, resource.maxOnDemandWriteRequestUnits())), deferral)
                        : sameCallAs(action, done, onDemand.get(0));
                case RESTORE_AUTOSCALING_MIN -> capacity.restore(action, CapacityChanges.Lock.HELD, resource, () -> {
                    ScalableTarget target = resource.scalableTargets().get(action.dimension());
                    CapacityChange change = record.changes().stream()
                            .filter(c -> c.dimension() == action.dimension() && c.type() == ActionType.RAISE_AUTOSCALING_MIN)
                            .findFirst().orElseThrow();
                    actuator.registerScalableTarget(record.resource(), action.dimension(), action.to(),
                            RecoveryPlanner.maximumToRestore(change, target));
                }, deferral);
                case DISABLE_CONTRIBUTOR_INSIGHTS -> Attempt.of(action, () -> actuator.disableContributorInsights(record.resource()));
                default -> throw new IllegalStateException(action.type() + " is not a recovery action");
            });
        }
        return done;
    }

    private static List<Action> planned(List<Action> actions, ActionType type) {
        return actions.stream().filter(a -> a.type() == type && a.status() == ActionStatus.PLANNED).toList();
    }

    private static long target(List<Action> restores, Operation dimension, long current) {
        return restores.stream().filter(a -> a.dimension() == dimension).map(Action::to).findFirst().orElse(current);
    }

    /** The second dimension went in the first one's call: it shares that call's outcome. */
    private static Action sameCallAs(Action action, List<Action> done, Action first) {
        Action outcome = done.stream().filter(a -> a.type() == first.type() && a.dimension() == first.dimension())
                .findFirst().orElseThrow();
        return action.with(outcome.status(), outcome.status() == ActionStatus.APPLIED ? action.reason() : outcome.reason());
    }
}
