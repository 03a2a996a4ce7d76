package io.throttleresponder.followup;

import io.throttleresponder.notify.ChatNotification;
import io.throttleresponder.notify.IncidentMessage;
import io.throttleresponder.model.ResourceId;
import java.util.List;

/**
 * The one message that ends a follow-up whose table was deleted: no summary and no restore can follow,
 * and nothing looks at it again. Pure.
 */
final class TableGoneReport {

    private TableGoneReport() {}

    /** @param ended what ends with it: "the hot-key summaries", "the recovery" */
    static IncidentMessage of(ResourceId resource, String alarmName, String ended) {
        String title = "DynamoDB table deleted: " + resource;
        String text = title + "\n\n"
                + resource + " no longer exists (DescribeTable: ResourceNotFoundException): it was deleted during the"
                + " incident of " + alarmName + ".\n"
                + "This ends " + ended + ": nothing is left to summarize or restore, and nothing looks at it again.\n";
        String chat = ChatNotification.of(":wastebasket: " + title, resource + " was deleted: this ends " + ended + ".")
                .nextSteps(List.of("If the table is re-created, its alarms answer its next incident as a new one."))
                .keywords(List.of(resource.table(), "DELETED"))
                .threadId(resource.toString())
                .summary(title)
                .eventType("ThrottleResponderTableDeleted")
                .relatedResources(List.of(resource.toString()))
                .toJson();
        return new IncidentMessage("[throttle-responder] Deleted: " + IncidentMessage.truncate(resource.toString(), 60),
                text, chat);
    }
}
