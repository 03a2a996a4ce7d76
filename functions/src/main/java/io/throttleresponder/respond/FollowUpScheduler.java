package io.throttleresponder.respond;

import java.time.Duration;

public interface FollowUpScheduler {

    void schedule(FollowUp followUp, Duration delay);
}
