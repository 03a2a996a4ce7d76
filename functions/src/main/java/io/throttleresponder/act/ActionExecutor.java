package io.throttleresponder.act;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.TableState;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.record.IncidentLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the actions of a guarded plan: capacity through {@link CapacityChanges}, Contributor Insights
 * and the hot-key summary directly; a table that cannot take a change now defers it to a delayed retry.
 */
public final class ActionExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ActionExecutor.class);
    /** A provisioned-throughput update usually completes within seconds to a few minutes. */
    public static final Duration RETRY_DELAY = Duration.ofSeconds(30);
    public static final int RETRY_ATTEMPTS = 10;

    private final Actuator actuator;
    private final IncidentLedger incidentState;
    /** Null when no follow-up queue is configured. */
    private final FollowUpScheduler followUps;
    private final CapacityChanges capacity;

    public ActionExecutor(Actuator actuator, IncidentLedger incidentState, FollowUpScheduler followUps,
                          CapacityChanges capacity) {
        this.actuator = actuator;
        this.incidentState = incidentState;
        this.followUps = followUps;
        this.capacity = capacity;
    }

    /** One response's context while it executes; remembers whether it already scheduled its retry. */
    public static final class Attempt {
        final AlarmNotification alarm;
        final Incident incident;
        final TableSettings settings;
        final Mode mode;
        final Instant now;
        final int attemptsLeft;
        /** Null when the response changes no capacity and took no lock. */
        final CapacityChanges.Lock lock;
        final TableState state;
        boolean retryScheduled;

        public Attempt(AlarmNotification alarm, Incident incident, Mode mode, TableSettings settings, Instant now,
                       int attemptsLeft, CapacityChanges.Lock lock, TableState state) {
            this.alarm = alarm;
            this.incident = incident;
            this.mode = mode;
            this.settings = settings;
            this.now = now;
            this.attemptsLeft = attemptsLeft;
            this.lock = lock;
            this.state = state;
        }
    }

    /** Executes one planned action the mode allows; a capacity change goes through the one unit. */
    public Action execute(Action action, Attempt attempt) {
        if (action.status() != ActionStatus.PLANNED) {
            return action;
        }
        if (!attempt.mode.executes(action.type())) {
            return action;
        }
        if ((action.type() == ActionType.SCHEDULE_HOT_KEY_SUMMARY || action.type() == ActionType.SCHEDULE_RECOVERY)
                && followUps == null) {
            return action.with(ActionStatus.SKIPPED, "no follow-up queue is configured (FOLLOW_UP_QUEUE_URL)");
        }
        if (action.type().changesCapacity()) {
            return changeCapacity(action, attempt);
        }
        try {
            switch (action.type()) {
                case ENABLE_CONTRIBUTOR_INSIGHTS -> {
                    actuator.enableContributorInsights(action.resource(), attempt.settings.contributorInsightsMode());
                    incidentState.noteContributorInsightsEnabled(action.resource(), attempt.settings.contributorInsightsMode().name(), attempt.now);
                }
                case SCHEDULE_HOT_KEY_SUMMARY -> followUps.schedule(FollowUp.hotKeySummary(attempt.alarm.alarmName(),
                                action.resource(), action.dimension(), attempt.alarm.stateChangeTime(),
                                attempt.settings.hotKeySummaryRepeats()).following(contributorAlarm(attempt.alarm)),
                        attempt.settings.hotKeySummaryDelay());
                // Planned only where no summary will start the quiet watch (QuietWatchStart).
                case SCHEDULE_RECOVERY -> followUps.schedule(FollowUp.quietWatch(attempt.alarm.alarmName(),
                                action.resource(), action.dimension(), attempt.now).following(contributorAlarm(attempt.alarm)),
                        attempt.settings.recoveryQuietPeriod());
                default -> throw new IllegalStateException(action.type() + " is not part of a response to an alarm");
            }
            return action.with(ActionStatus.APPLIED, action.reason());
        } catch (RuntimeException e) {
            LOG.warn("action {} on {} failed", action.type(), action.resource(), e);
            return action.with(ActionStatus.FAILED, action.reason() + "; failed: " + e.getMessage());
        }
    }

    /**
     * A Metrics Insights contributor's ALARM, for the follow-ups to carry: should the contributor stay in ALARM
     * after the undo, its table's next throttle is answered with it (ContributorWatch). Null for other alarms.
     */
    private static AlarmNotification contributorAlarm(AlarmNotification alarm) {
        return alarm.contributor() == null ? null : alarm;
    }

    /** Through the one capacity-change unit; a table that cannot take it now defers it to a delayed retry. */
    private Action changeCapacity(Action action, Attempt attempt) {
        if (attempt.lock == null) {
            throw new IllegalStateException("a capacity change of " + action.resource() + " without the table's lock");
        }
        return capacity.raise(action, attempt.lock, attempt.state.resource(action.resource()).orElse(null),
                attempt.settings, attempt.now, (change, why) -> defer(change, attempt, why));
    }

    /** Holds a capacity change back for a delayed retry: a wait in the queue, not a busy loop here. */
    private Action defer(Action action, Attempt attempt, String why) {
        if (followUps == null) {
            return action.with(ActionStatus.FAILED, action.reason() + "; failed: " + why
                    + ", and no follow-up queue is configured to retry from");
        }
        if (attempt.attemptsLeft <= 0) {
            return action.with(ActionStatus.FAILED, action.reason() + "; failed: " + why + "; gave up after "
                    + RETRY_ATTEMPTS + " retries");
        }
        if (!attempt.retryScheduled) {
            try {
                followUps.schedule(FollowUp.retry(attempt.alarm, attempt.incident.resource(), attempt.incident.operation(),
                        attempt.attemptsLeft - 1), RETRY_DELAY);
                attempt.retryScheduled = true;
            } catch (RuntimeException e) {
                LOG.warn("scheduling the retry of {} failed", action.resource(), e);
                return action.with(ActionStatus.FAILED, action.reason() + "; failed: " + why
                        + ", and the retry could not be scheduled: " + e.getMessage());
            }
        }
        return action.with(ActionStatus.SKIPPED, "deferred: " + why + "; retried in " + RETRY_DELAY.toSeconds() + " s");
    }

    /** Executes a plan's actions in order; a retry executes only the capacity changes a busy table held back. */
    public List<Action> executeAll(List<Action> planned, Attempt attempt, boolean capacityOnly) {
        List<Action> done = new ArrayList<>();
        for (Action action : planned) {
            if (!capacityOnly || action.type().changesCapacity()) {
                done.add(execute(action, attempt));
            }
        }
        return done;
    }
}
