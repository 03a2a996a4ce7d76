package io.throttleresponder.followup;

import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.recovery.PolicyRestorePlanner;
import io.throttleresponder.respond.Action;
import io.throttleresponder.respond.ActionStatus;
import io.throttleresponder.respond.Actuator;
import io.throttleresponder.respond.Guard;
import io.throttleresponder.respond.History;
import io.throttleresponder.respond.IncidentRecord;
import io.throttleresponder.respond.Mode;
import io.throttleresponder.respond.Plan;
import io.throttleresponder.respond.ScalingPolicyLedger;
import io.throttleresponder.respond.TableState;
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
