package io.throttleresponder.guard;

import io.throttleresponder.model.ActionType;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;

/**
 * Whether a response changes anything, decided once, by the {@link Guard}, from the policy: the
 * executors act on it and never read the switches again.
 */
public enum Mode {
    ACT(null),
    DRY_RUN("dry run"),
    KILL_SWITCH("kill switch is on"),
    /** An operator paused the responder (the ledger's pause, flipped without a deploy). */
    PAUSED("paused by an operator"),
    /** A table the policy does not name, without the opt-in tag: diagnosed and notified, its capacity never changed. */
    NOT_OPTED_IN("not opted in: the table does not carry the responder's opt-in tag"),
    /** An alarm mute rule silences this alarm's actions and the table's policy asks to be told anyway (notifyWhenMuted). */
    MUTED("alarm actions are muted by an alarm mute rule"),
    /** Decided at wiring (the local runner's --aws without --apply, SnapStart priming): nothing written anywhere. */
    PLAN_ONLY("plan only: no change made");

    private final String reason;

    Mode(String reason) {
        this.reason = reason;
    }

    /**
     * The kill switch wins over a pause, a pause over a missing opt-in, that over a mute, and a mute over
     * dry-run, which a table may set on its own.
     */
    static Mode of(Policy policy, TableSettings settings, boolean paused, boolean optedIn, boolean muted) {
        if (policy.killSwitch()) {
            return KILL_SWITCH;
        }
        if (paused) {
            return PAUSED;
        }
        if (!optedIn) {
            return NOT_OPTED_IN;
        }
        if (muted) {
            return MUTED;
        }
        return policy.dryRunFor(settings) ? DRY_RUN : ACT;
    }

    public boolean acts() {
        return this == ACT;
    }

    /** Whether an action the guard left planned is carried out: all in ACT; besides capacity, a table not opted in. */
    public boolean executes(ActionType type) {
        return this == ACT || this == NOT_OPTED_IN && !type.changesCapacity();
    }

    /** Dry run and the kill switch still tell the team what would have happened; plan-only writes nothing. */
    public boolean notifies() {
        return this != PLAN_ONLY;
    }

    /** Why nothing was changed; null when the response acts. */
    public String reason() {
        return reason;
    }
}
