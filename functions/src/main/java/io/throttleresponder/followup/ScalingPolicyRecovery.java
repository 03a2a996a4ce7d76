package io.throttleresponder.followup;

import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.plan.PolicyRestorePlanner;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.act.Actuator;
import io.throttleresponder.guard.Guard;
import io.throttleresponder.model.History;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.plan.Plan;
import io.throttleresponder.record.ScalingPolicyLedger;
import io.throttleresponder.model.TableState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Recovery's part for the scaling policies the responder tuned: each goes back exactly as it was, unless
 * someone changed it since; the ledger forgets it once put back or left. A PutScalingPolicy AWS refuses
 * stays recorded, and recovery looks again as for any failed restore.
 */
final class ScalingPolicyRecovery {

    private final Actuator actuator;
    private final ScalingPolicyLedger ledger;

    ScalingPolicyRecovery(Actuator actuator, ScalingPolicyLedger ledger) {
        this.actuator = Objects.requireNonNull(actuator, "actuator");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    List<Action> recover(IncidentRecord record, TableState state, Mode mode, TableSettings settings, Instant now) {
        List<Action> done = new ArrayList<>();
        for (PolicyRestorePlanner.Restore restore : PolicyRestorePlanner.plan(record, state)) {
            Action guarded = Guard.apply(new Plan(List.of(restore.action()), List.of()), mode, settings, History.EMPTY, now)
                    .actions().get(0);
            if (!mode.acts()) {
                done.add(guarded);
                continue;
            }
            Action outcome = guarded.status() != ActionStatus.PLANNED ? guarded : Attempt.of(guarded,
                    () -> actuator.putScalingPolicy(record.resource(), restore.change().dimension(), restore.change().before()));
            if (outcome.status() != ActionStatus.FAILED) {
                ledger.forgetPolicyChange(restore.change());
            }
            done.add(outcome);
        }
        return done;
    }
}
