package io.throttleresponder.operate;

import io.throttleresponder.respond.IncidentRecord;
import io.throttleresponder.respond.Pause;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the responder holds now: the pause, and each resource's incident with its due recovery and cooldowns. */
public record Status(Optional<Pause> pause, List<Incident> incidents) {

    public Status {
        incidents = List.copyOf(incidents);
    }

    /**
     * @param recoveryDue when the undo is due (the OK plus the quiet period); null while the alarm lasts
     * @param cooldownUntil when each raised dimension may be raised again, in the order of the record's changes
     */
    public record Incident(IncidentRecord record, Instant recoveryDue, List<Instant> cooldownUntil) {

        public Incident {
            cooldownUntil = List.copyOf(cooldownUntil);
        }
    }
}
