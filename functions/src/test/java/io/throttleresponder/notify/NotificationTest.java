package io.throttleresponder.notify;

import static io.throttleresponder.respond.Fixtures.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.guard.Mode;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.respond.Fakes;
import org.junit.jupiter.api.Test;

class NotificationTest {

    private static final IncidentMessage MESSAGE = new IncidentMessage("subject", "text", "{}");

    private final Fakes.Notifier notifier = new Fakes.Notifier();
    private final Notification notification = new Notification(notifier);

    @Test
    void send_publishesAndReportsTheStepAsAppliedNotify() {
        Action step = notification.send(ORDERS, "incident message", Mode.ACT, () -> MESSAGE);

        assertThat(notifier.published).containsExactly(MESSAGE);
        assertThat(step).isEqualTo(new Action(ActionType.NOTIFY, ORDERS, null, null, null, ActionStatus.APPLIED,
                "incident message to the notifications topic"));
    }

    @Test
    void send_inDryRunAndUnderTheKillSwitch_stillTellsTheTeam() {
        notification.send(ORDERS, "incident message", Mode.DRY_RUN, () -> MESSAGE);
        notification.send(ORDERS, "incident message", Mode.KILL_SWITCH, () -> MESSAGE);

        assertThat(notifier.published).hasSize(2);
    }

    @Test
    void send_inPlanOnly_neitherBuildsNorPublishesTheMessage() {
        Action step = notification.send(ORDERS, "incident message", Mode.PLAN_ONLY, () -> {
            throw new AssertionError("the message is not built in plan-only mode");
        });

        assertThat(notifier.published).isEmpty();
        assertThat(step.status()).isEqualTo(ActionStatus.PLANNED);
        assertThat(step.reason()).isEqualTo("plan only: incident message to the notifications topic");
    }

    @Test
    void send_whenTheTopicRefuses_reportsTheStepFailedWithoutThrowing() {
        notifier.failure = new IllegalStateException("topic gone");

        Action step = notification.send(ORDERS, "incident message", Mode.ACT, () -> MESSAGE);

        assertThat(step.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(step.reason()).isEqualTo("incident message to the notifications topic; failed: topic gone");
    }
}
