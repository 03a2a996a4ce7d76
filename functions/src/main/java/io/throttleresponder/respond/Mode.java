package io.throttleresponder.respond;

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
    /** An alarm mute rule silences this alarm's actions and the table's policy asks to be told anyway (notifyWhenMuted). */
    MUTED("alarm actions are muted by an alarm mute rule"),
    /** Decided at wiring (the local runner's --aws without --apply, SnapStart priming): nothing written anywhere. */
    PLAN_ONLY("plan only: no change made");

    private final String reason;

    Mode(String reason) {
        this.reason = reason;
    }

    /** The kill switch wins over a pause, a pause over a mute, and a mute over dry-run, which a table may set on its own. */
    static Mode of(Policy policy, TableSettings settings, boolean paused, boolean muted) {
        if (policy.killSwitch()) {
            return KILL_SWITCH;
        }
        if (paused) {
            return PAUSED;
        }
        if (muted) {
            return MUTED;
        }
        return policy.dryRunFor(settings) ? DRY_RUN : ACT;
    }

    public boolean acts() {
        return this == ACT;
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
