package io.throttleresponder.plan;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Incident;
import io.throttleresponder.policy.TableSettings;
import java.util.List;
import java.util.Optional;

/**
 * Where no hot-key summary will run (the policy turns Contributor Insights off), the quiet watch that a
 * summary would start starts with the raise: the undo must not wait on an OK alone, which an alarm on
 * AWS/DynamoDB metrics may never send ("alarms that evaluate that metric remain in their current state"),
 * so the incident's throttle metrics are read after one quiet period, OK or not.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html">PutMetricAlarm, TreatMissingData</a>
 */
final class QuietWatchStart {

    private QuietWatchStart() {
    }

    /** The watch to schedule beside {@code actions}, when they raise capacity for a throttle and schedule no summary. */
    static Optional<Action> beside(Incident incident, TableSettings settings, List<Action> actions) {
        boolean raises = actions.stream().anyMatch(a -> a.status() == ActionStatus.PLANNED && a.type().changesCapacity());
        boolean summarized = actions.stream().anyMatch(a -> a.type() == ActionType.SCHEDULE_HOT_KEY_SUMMARY);
        if (!incident.cause().isThrottle() || !raises || summarized) {
            return Optional.empty();
        }
        return Optional.of(Action.planned(ActionType.SCHEDULE_RECOVERY, incident.resource(), incident.operation(), null, null,
                "no hot-key summary (Contributor Insights is off): the incident's metrics are read in "
                        + settings.recoveryQuietPeriod().toMinutes() + " min, and the undo starts once they have been"
                        + " quiet that long, OK or not"));
    }
}
