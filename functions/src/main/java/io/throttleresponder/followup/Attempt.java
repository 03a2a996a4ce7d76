package io.throttleresponder.followup;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One call of a follow-up, made on its own: its failure fails its action only. */
public final class Attempt {

    private static final Logger LOG = LoggerFactory.getLogger(Attempt.class);

    private Attempt() {}

    public static Action of(Action action, Runnable call) {
        try {
            call.run();
            return action.with(ActionStatus.APPLIED, action.reason());
        } catch (RuntimeException e) {
            LOG.warn("{} on {} failed", action.type(), action.resource(), e);
            return action.with(ActionStatus.FAILED, action.reason() + "; failed: " + e.getMessage());
        }
    }
}
