package io.throttleresponder.operate;

import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Pause;
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
     * @param overdue the due time has passed and the undo is still open (held, paused, or never run)
     * @param cooldownUntil when each raised dimension may be raised again, in the order of the record's changes
     * @param unknownAlarms the incident's alarms whose state DescribeAlarms does not tell: recovery holds for them
     * @param othersChanges what someone else set since the responder's last change, dimension by dimension: kept
     */
    public record Incident(IncidentRecord record, Instant recoveryDue, boolean overdue, List<Instant> cooldownUntil,
                           List<String> unknownAlarms, List<String> othersChanges) {

        public Incident {
            cooldownUntil = List.copyOf(cooldownUntil);
            unknownAlarms = List.copyOf(unknownAlarms);
            othersChanges = List.copyOf(othersChanges);
        }
    }
}
