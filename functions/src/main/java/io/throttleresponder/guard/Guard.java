package io.throttleresponder.guard;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.History;
import io.throttleresponder.plan.Plan;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import java.time.Instant;
import java.util.List;

/**
 * Decides which planned actions may happen now: kill switch, pause, opt-in (a table that has not opted
 * in keeps only what its settings allow besides capacity: Contributor Insights), dry-run and the cooldown of capacity
 * changes (a restore's timing, busy table included, is the recovery planner's). Pure; the ledger's conditional write makes the cooldown hold
 * across concurrent invocations.
 */
public final class Guard {

    private Guard() {}

    /**
     * The mode of a response for the table: the one place the kill switch, the operator's pause, an
     * unnamed table's opt-in, an alarm's mute (when its table's policy asks to be told) and dry-run are read.
     */
    public static Mode mode(Policy policy, TableSettings settings, boolean paused, boolean optedIn, boolean muted) {
        return Mode.of(policy, settings, paused, optedIn, muted);
    }

    public static Plan apply(Plan plan, Mode mode, TableSettings settings, History history, Instant now) {
        List<Action> guarded = plan.actions().stream()
                .map(action -> guard(action, mode, settings, history, now))
                .toList();
        return new Plan(guarded, plan.findings());
    }

    private static Action guard(Action action, Mode mode, TableSettings settings, History history, Instant now) {
        if (action.status() == ActionStatus.FAILED && !mode.executes(action.type())) {
            // A mode that attempts nothing fails nothing: what the plan could not read is said, not counted a failure.
            return action.with(ActionStatus.SKIPPED, mode.reason() + ": " + action.reason());
        }
        if (action.status() != ActionStatus.PLANNED) {
            return action;
        }
        if (mode == Mode.PLAN_ONLY) {
            return action.with(ActionStatus.PLANNED, "plan only: " + action.reason());
        }
        if (mode == Mode.KILL_SWITCH || mode == Mode.PAUSED || mode == Mode.MUTED
                || mode == Mode.NOT_OPTED_IN && action.type().changesCapacity()) {
            return action.with(ActionStatus.SKIPPED, mode.reason() + ": " + action.reason());
        }
        if (mode == Mode.DRY_RUN) {
            return action.with(ActionStatus.PLANNED, "dry run: " + action.reason());
        }
        if (action.type().changesCapacity()) {
            // A busy table is not a reason to skip: the change re-reads it under the table's lock and waits.
            Instant last = history.lastCapacityChange(action.resource(), action.dimension()).orElse(null);
            if (last != null && last.plus(settings.cooldown()).isAfter(now)) {
                return action.with(ActionStatus.SKIPPED, "cooldown: changed at " + last + ", next change allowed after "
                        + last.plus(settings.cooldown()));
            }
        }
        return action;
    }
}
