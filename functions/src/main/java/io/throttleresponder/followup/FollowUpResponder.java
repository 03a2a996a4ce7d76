package io.throttleresponder.followup;

import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.contract.Timeouts;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.evidence.AlarmStates;
import io.throttleresponder.evidence.ApplicationKeyReader;
import io.throttleresponder.evidence.ApplicationKeys;
import io.throttleresponder.record.DeliveryClaims;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.act.FollowUpScheduler;
import io.throttleresponder.notify.IncidentMessage;
import io.throttleresponder.record.Ledger;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.notify.Notification;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.respond.Responder;
import io.throttleresponder.model.Response;
import io.throttleresponder.evidence.TableNotFoundException;
import io.throttleresponder.summary.HotKeyAnalysis;
import io.throttleresponder.summary.HotKeySummary;
import io.throttleresponder.summary.InsightsReader;
import io.throttleresponder.summary.SummaryReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs the work that follows a response, each delivery once: hot-key summaries while the alarm lasts
 * (the decisions are the pure {@link HotKeyAnalysis}), capacity changes a busy table held back (the
 * {@link Responder}'s), the recovery once it is over (the {@link Recovery}'s), and, when the summaries
 * end with no OK, the watch of the incident's metrics that starts the recovery without one (the
 * {@link QuietWatch}'s), and the watch of a contributor left in ALARM after it (the {@link ContributorWatch}'s).
 */
public final class FollowUpResponder {

    /** The summary window starts a little before the alarm: the datapoint that raised it is a minute old. */
    static final Duration WINDOW_LEAD = Duration.ofMinutes(5);
    /** Longer than the follow-up function's timeout (2 min): a claim still in progress after it belongs to a crashed run. */
    static final Duration CLAIM_LEASE = Timeouts.FOLLOW_UP_CLAIM_LEASE;

    private final Policy policy;
    private final Responder responder;
    private final InsightsReader insights;
    private final AlarmStates alarms;
    private final DeliveryClaims claims;
    private final Notification notification;
    private final BurstRaise burstRaise;
    private final FollowUpScheduler followUps;
    private final Recovery recovery;
    private final QuietWatch quietWatch;
    private final ContributorWatch contributorWatch;
    /** Null unless the policy's sensor names log groups. */
    private final ApplicationKeyReader applicationKeys;
    private final String region;
    private final Clock clock;

    private FollowUpResponder(Builder builder) {
        this.policy = Objects.requireNonNull(builder.policy, "policy");
        this.responder = Objects.requireNonNull(builder.responder, "responder");
        this.insights = Objects.requireNonNull(builder.insights, "insights");
        this.alarms = Objects.requireNonNull(builder.alarms, "alarms");
        this.claims = Objects.requireNonNull(builder.ledger, "ledger");
        this.notification = new Notification(builder.notifier);
        this.burstRaise = builder.burstRaise;
        this.followUps = Objects.requireNonNull(builder.followUps, "followUps");
        this.recovery = Objects.requireNonNull(builder.recovery, "recovery");
        this.quietWatch = Objects.requireNonNull(builder.quietWatch, "quietWatch");
        this.contributorWatch = Objects.requireNonNull(builder.contributorWatch, "contributorWatch");
        this.applicationKeys = !policy.readsSensorLogs() ? null
                : Objects.requireNonNull(builder.applicationKeys, "applicationKeys (the policy's sensor names log groups)");
        this.region = builder.region;
        this.clock = Objects.requireNonNull(builder.clock, "clock");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** @param due when the follow-up was meant to run; an early one is sent back to wait the rest */
    public FollowUpResult run(FollowUp followUp, Instant due) {
        Instant now = clock.instant();
        if (now.isBefore(due)) {
            followUps.resend(followUp, due, now);
            return new FollowUpResult(followUp, Outcome.PLANNED, "not due until " + due + ": sent back to wait",
                    List.of(), List.of(), List.of());
        }
        TableSettings settings = policy.settingsFor(followUp.resource().table()).orElse(null);
        if (settings == null) {
            return FollowUpResult.ignored(followUp, "table " + followUp.resource().table() + " is no longer watched by the policy");
        }
        // SQS delivers at least once: a redelivery of a follow-up already done must not post or change anything twice.
        String key = followUp.deliveryKey(due);
        if (!claims.claim(key, CLAIM_LEASE, now)) {
            return FollowUpResult.ignored(followUp, "already done: a redelivery of this follow-up (due " + due + ")");
        }
        FollowUpResult result;
        try {
            result = switch (followUp.kind()) {
                case HOT_KEY_SUMMARY -> summarize(followUp, settings, now);
                case RECOVERY -> recovery.recover(followUp, settings, now);
                case RETRY -> retry(followUp, now);
                case QUIET_WATCH -> quietWatch.look(followUp, settings, now);
                case CONTRIBUTOR_WATCH -> contributorWatch.look(followUp, settings, now);
            };
        } catch (RuntimeException e) {
            claims.release(key);
            throw e;
        }
        claims.complete(key);
        return result;
    }

    private FollowUpResult retry(FollowUp followUp, Instant now) {
        // A later state change of the alarm (its OK), or an operator's forced undo, supersedes the held-back raise.
        if (!claims.advanceAlarm(followUp.alarm().source(), followUp.alarm().stateChangeTime(), now)) {
            return FollowUpResult.ignored(followUp, "out of order: a later state change of " + followUp.alarmName()
                    + " (or an operator's undo --force) came after this raise was held back; it acts on nothing");
        }
        Response response = responder.retry(followUp.alarm(), followUp.remaining());
        return new FollowUpResult(followUp, response.outcome(), response.reason(), List.of(), response.actions(),
                response.findings());
    }

    private FollowUpResult summarize(FollowUp followUp, TableSettings settings, Instant now) {
        List<String> rules;
        try {
            rules = insights.ruleNames(followUp.resource());
        } catch (TableNotFoundException e) {
            // The summaries end here, told once: the next one would find no table either.
            return new FollowUpResult(followUp, Outcome.IGNORED, e.getMessage() + ": no hot-key summary", List.of(),
                    List.of(notification.send(followUp.resource(), "table deleted message", Mode.ACT,
                            () -> TableGoneReport.of(followUp.resource(), followUp.alarmName(), "the hot-key summaries"))),
                    List.of());
        }
        if (rules.isEmpty()) {
            return FollowUpResult.ignored(followUp, "Contributor Insights is not enabled on " + followUp.resource()
                    + ": no hot-key summary");
        }
        // An alarm time ahead of this clock (a skewed or hand-made event) must not put the window's start after its end.
        Instant from = (followUp.since().isBefore(now) ? followUp.since() : now).minus(WINDOW_LEAD);
        List<HotKeySummary> summaries = new ArrayList<>();
        for (String rule : rules) {
            summaries.add(HotKeyAnalysis.summarize(followUp.resource(), followUp.operation(),
                    insights.report(rule, from, now), settings.maskKeys()));
        }
        List<Action> actions = new ArrayList<>();
        boolean stillInAlarm = alarms.states(List.of(followUp.alarmName())).get(followUp.alarmName()) == AlarmState.ALARM;
        boolean repeats = stillInAlarm && followUp.remaining() > 0;
        if (repeats) {
            FollowUp next = followUp.withRemaining(followUp.remaining() - 1);
            actions.add(Attempt.of(Action.planned(ActionType.SCHEDULE_HOT_KEY_SUMMARY, followUp.resource(), followUp.operation(),
                    null, null, "the alarm is still in ALARM: next summary in " + settings.hotKeySummaryDelay().toMinutes()
                            + " min (" + next.remaining() + " more after it at most)"),
                    () -> followUps.schedule(next, settings.hotKeySummaryDelay())));
        } else {
            quietWatch.start(followUp, settings, now).ifPresent(actions::add);
        }
        List<String> findings = new ArrayList<>();
        if (stillInAlarm && burstRaise != null) {
            burstRaise.afterSummary(followUp, summaries, settings, now).ifPresent(raise -> {
                actions.add(raise);
                findings.add("Capacity: " + raise.status() + " " + raise.type() + " " + raise.resource() + " "
                        + raise.dimension() + " " + raise.from() + " -> " + raise.to() + " (" + raise.reason() + ")");
            });
        }
        ApplicationKeys logged = applicationKeys(followUp.resource(), now);
        // A summary only reads and reports: it goes out in every mode, dry run and kill switch included.
        actions.add(notification.send(followUp.resource(), "hot-key summary", Mode.ACT, () -> withFindings(
                SummaryReport.of(followUp.alarmName(), region, summaries, !repeats,
                        repeats ? followUp.remaining() - 1 : 0, followUp.since(), from, now, logged), findings)));
        return new FollowUpResult(followUp, Outcome.ACTED, null, summaries, actions, findings);
    }

    /** The summary's text with what the responder did after it (a raise for bursts), for the team to read first. */
    private static IncidentMessage withFindings(IncidentMessage summary, List<String> findings) {
        if (findings.isEmpty()) {
            return summary;
        }
        int end = summary.text().indexOf("\n\n");
        String text = end < 0 ? summary.text() + "\n\n" + String.join("\n", findings)
                : summary.text().substring(0, end) + "\n\n" + String.join("\n", findings) + summary.text().substring(end);
        return new IncidentMessage(summary.subject(), text, summary.chatJson());
    }

    /** The sensor's keys beside Contributor Insights'; a failed query is said in the summary, which still goes out. */
    private ApplicationKeys applicationKeys(ResourceId resource, Instant now) {
        if (applicationKeys == null) {
            return null;
        }
        try {
            return applicationKeys.topKeys(resource, now);
        } catch (RuntimeException e) {
            return ApplicationKeys.failed(e);
        }
    }

    public static final class Builder {
        private BurstRaise burstRaise;
        private Policy policy;
        private Responder responder;
        private InsightsReader insights;
        private AlarmStates alarms;
        private Ledger ledger;
        private Notifier notifier;
        private FollowUpScheduler followUps;
        private Recovery recovery;
        private QuietWatch quietWatch;
        private ContributorWatch contributorWatch;
        private ApplicationKeyReader applicationKeys;
        private String region;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder policy(Policy value) { this.policy = value; return this; }

        /** Runs the retries of capacity changes a busy table held back. */
        public Builder responder(Responder value) { this.responder = value; return this; }
        public Builder insights(InsightsReader value) { this.insights = value; return this; }
        public Builder alarms(AlarmStates value) { this.alarms = value; return this; }
        public Builder ledger(Ledger value) { this.ledger = value; return this; }
        public Builder notifier(Notifier value) { this.notifier = value; return this; }
        public Builder followUps(FollowUpScheduler value) { this.followUps = value; return this; }
        /** Runs the recoveries. */
        public Builder recovery(Recovery value) { this.recovery = value; return this; }
        /** Starts the recovery from the metrics when the summaries end with no OK. */
        public Builder quietWatch(QuietWatch value) { this.quietWatch = value; return this; }
        /** Watches the table of a contributor left in ALARM after the undo, and answers its next throttle. */
        public Builder contributorWatch(ContributorWatch value) { this.contributorWatch = value; return this; }
        /** Raises capacity when a summary finds bursts rather than a hot key; without it, summaries only report. */
        public Builder burstRaise(BurstRaise value) { this.burstRaise = value; return this; }
        /** Needed when the policy's sensor names log groups: the summaries list their keys too. */
        public Builder applicationKeys(ApplicationKeyReader value) { this.applicationKeys = value; return this; }

        /** For console links in the messages; may be null. */
        public Builder region(String value) { this.region = value; return this; }
        public Builder clock(Clock value) { this.clock = value; return this; }

        public FollowUpResponder build() {
            return new FollowUpResponder(this);
        }
    }
}
