package io.throttleresponder.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.EventFiles;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FollowUpMessageTest {

    private static final Instant DUE = Instant.parse("2026-11-20T04:21:00Z");
    private static final ResourceId ORDERS = new ResourceId("orders", null);

    @Test
    void contributorWatch_carriesTheContributorsAlarm_underAlarm_andReadsBackTheSame() {
        AlarmNotification contributor = EventFiles.notification("eventbridge-contributor-write-throttle-orders.json");
        FollowUp watch = FollowUp.contributorWatch(contributor, ORDERS, Instant.parse("2026-11-20T03:51:00Z"));

        String body = FollowUpMessage.write(watch, DUE);

        assertThat(body).contains("\"kind\":\"CONTRIBUTOR_WATCH\"").contains("\"alarm\":{").doesNotContain("retryOf");
        FollowUpMessage.Scheduled read = FollowUpMessage.read(body);
        assertThat(read.followUp()).isEqualTo(watch);
        assertThat(read.followUp().alarm().source()).isEqualTo(contributor.source());
        assertThat(read.due()).isEqualTo(DUE);
    }

    @Test
    void retry_keepsItsNotificationUnderRetryOf_asMessagesAlreadyQueuedHaveIt() {
        AlarmNotification alarm = EventFiles.notification("sns-write-provisioned-orders.json");
        FollowUp retry = FollowUp.retry(alarm, ORDERS, Operation.WRITE, 2);

        String body = FollowUpMessage.write(retry, DUE);

        assertThat(body).contains("\"retryOf\":{").doesNotContain("\"alarm\":");
        assertThat(FollowUpMessage.read(body).followUp()).isEqualTo(retry);
    }

    @Test
    void summaryOfAPlainAlarm_carriesNoAlarm() {
        FollowUp summary = FollowUp.hotKeySummary("throttle-responder-orders-WriteProvisionedThroughputThrottleEvents", ORDERS,
                Operation.WRITE, Instant.parse("2026-11-20T03:01:00Z"), 3);

        String body = FollowUpMessage.write(summary, DUE);

        assertThat(body).doesNotContain("\"alarm\":").doesNotContain("retryOf");
        assertThat(FollowUpMessage.read(body).followUp()).isEqualTo(summary);
    }
}
