package io.throttleresponder.notify;

import io.throttleresponder.guard.Mode;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.ResourceId;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of every response and follow-up: the message to the team. It is not one of the
 * plan's actions: a plan says what to change, the message tells what happened, so it is written
 * from the outcomes after they are known. Its own outcome is reported as the response's last
 * entry, of type {@link ActionType#NOTIFY}, as the JSON output has always shown it.
 */
public final class Notification {

    private static final Logger LOG = LoggerFactory.getLogger(Notification.class);

    private final Notifier notifier;

    public Notification(Notifier notifier) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    /**
     * Publishes the message unless the mode writes nothing (plan only); a failure to publish is this
     * step's outcome, never the response's: what was changed stays changed and reported.
     *
     * @param what what the message is, for the report ("incident message")
     */
    public Action send(ResourceId about, String what, Mode mode, Supplier<IncidentMessage> message) {
        Action step = Action.planned(ActionType.NOTIFY, about, null, null, null, what + " to the notifications topic");
        if (!mode.notifies()) {
            return step.with(ActionStatus.PLANNED, "plan only: " + step.reason());
        }
        try {
            notifier.publish(message.get());
            return step.with(ActionStatus.APPLIED, step.reason());
        } catch (RuntimeException e) {
            LOG.warn("{} about {} failed", what, about, e);
            return step.with(ActionStatus.FAILED, step.reason() + "; failed: " + e.getMessage());
        }
    }
}
