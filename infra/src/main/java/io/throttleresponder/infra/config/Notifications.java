package io.throttleresponder.infra.config;

import java.util.List;
import java.util.Optional;

/**
 * Where incident messages go.
 *
 * @param emails addresses subscribed to the notifications topic
 * @param chatTopicArn an existing topic that an Amazon Q Developer in chat applications channel
 *     watches; when present the responder publishes there instead of a topic of its own
 * @param runbookUrl the team's runbook (an https URL), which incident messages link to
 */
public record Notifications(List<String> emails, Optional<String> chatTopicArn, Optional<String> runbookUrl) {

    public Notifications {
        emails = List.copyOf(emails);
    }
}
