package io.throttleresponder.act;

import io.throttleresponder.model.FollowUp;
import java.time.Duration;
import java.time.Instant;

public interface FollowUpScheduler {

    void schedule(FollowUp followUp, Duration delay);

    /**
     * Sends back a follow-up that arrived before {@code due}, to arrive at that same due time: its identity
     * (what the duplicate check keys on) stays the one it was first sent with.
     */
    default void resend(FollowUp followUp, Instant due, Instant now) {
        schedule(followUp, Duration.between(now, due));
    }
}
