package io.throttleresponder.respond;

import io.throttleresponder.act.Actuator;
import io.throttleresponder.act.ActionExecutor;
import io.throttleresponder.act.CapacityChanges;
import io.throttleresponder.act.FollowUpScheduler;
import io.throttleresponder.act.RecoveryScheduler;
import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.contract.Timeouts;
import io.throttleresponder.diagnose.Diagnoser;
import io.throttleresponder.diagnose.Diagnosis;
import io.throttleresponder.evidence.ApplicationKeyReader;
import io.throttleresponder.evidence.ApplicationKeys;
import io.throttleresponder.evidence.EvidenceReads;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.evidence.TableNotFoundException;
import io.throttleresponder.evidence.TableStateReader;
import io.throttleresponder.evidence.TableTags;
import io.throttleresponder.guard.Guard;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.guard.PauseSwitch;
import io.throttleresponder.intake.Intake;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.Response;
import io.throttleresponder.model.TableState;
import io.throttleresponder.notify.Deployment;
import io.throttleresponder.notify.IncidentNotifier;
import io.throttleresponder.notify.Notification;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.notify.Severity;
import io.throttleresponder.plan.Planner;
import io.throttleresponder.plan.ResponsePlanner;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.record.AuditLog;
import io.throttleresponder.record.DeliveryClaims;
import io.throttleresponder.record.IncidentLedger;
import io.throttleresponder.record.Ledger;
import io.throttleresponder.record.ReadOnlyLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one alarm notification: diagnose, read state, plan, guard, act, record, notify. The
 * decisions are the pure {@link Diagnoser}, {@link Planner} and {@link Guard}; this class only
 * sequences them with the edges.
 */
public final class Responder {

    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);
    /** Longer than the function's timeout: a claim still in progress after it belongs to a crashed invocation. */
    static final Duration CLAIM_LEASE = Timeouts.ALARM_CLAIM_LEASE;

    private final Policy policy;
    private final TableStateReader tables;
    /** Null unless the policy watches unnamed tables. */
    private final TableTags tags;
    private final MetricsReader metrics;
    private final Actuator actuator;
    private final FollowUpScheduler followUps;
    private final DeliveryClaims claims;
    private final CapacityChanges capacity;
    private final ActionExecutor executor;
    private final Notification notification;
    private final IncidentLedger incidentState;
    private final AuditLog audit;
    private final RecoveryScheduler recoveries;
    /** Null unless the policy's sensor names log groups. */
    private final ApplicationKeyReader applicationKeys;
    private final Clock clock;
    /** PLAN_ONLY when the wiring made this a plan-only responder; otherwise the Guard decides per response. */
    private final Mode wiredMode;
    private final OwnAccount ownAccount;
    private final PauseSwitch pauses;
    /** Who sends the messages: the account, and the dashboard they link to. */
    private final Deployment deployment;
    private final Intake intake;
    private final EvidenceReads evidence;
    private final ResponsePlanner planner;
    private final IncidentNotifier reporter;

    private Responder(Builder builder) {
        this.policy = Objects.requireNonNull(builder.policy, "policy");
        this.tables = Objects.requireNonNull(builder.tables, "tables");
        this.tags = policy.unnamedTables() == null ? null
                : Objects.requireNonNull(builder.tags, "tags (the policy watches unnamed tables)");
        this.metrics = Objects.requireNonNull(builder.metrics, "metrics");
        this.actuator = Objects.requireNonNull(builder.actuator, "actuator");
        this.followUps = builder.followUps;
        Ledger ledger = Objects.requireNonNull(builder.ledger, "ledger");
        this.claims = ledger;
        this.incidentState = ledger;
        this.audit = ledger;
        this.capacity = new CapacityChanges(ledger, ledger, actuator);
        this.executor = new ActionExecutor(actuator, ledger, followUps, capacity);
        this.notification = new Notification(Objects.requireNonNull(builder.notifier, "notifier"));
        this.recoveries = Objects.requireNonNull(builder.recoveries, "recoveries");
        this.applicationKeys = !policy.readsSensorLogs() ? null
                : Objects.requireNonNull(builder.applicationKeys, "applicationKeys (the policy's sensor names log groups)");
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.wiredMode = builder.planOnly ? Mode.PLAN_ONLY : null;
        this.ownAccount = Objects.requireNonNull(builder.ownAccount, "ownAccount");
        this.pauses = new PauseSwitch(ledger, clock);
        this.evidence = new EvidenceReads(policy, tables, tags, metrics, ledger, pauses, applicationKeys, wiredMode == null);
        this.intake = new Intake(policy, ownAccount);
        this.planner = new ResponsePlanner(policy, metrics, ownAccount.region(), wiredMode);
        this.deployment = new Deployment(ownAccount.accountId(), builder.dashboardName, builder.runbookUrl);
        this.reporter = new IncidentNotifier(policy, notification, deployment);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Response respond(AlarmNotification alarm) {
        Instant now = clock.instant();
        Intake.Screened screened = intake.screen(alarm);
        if (screened instanceof Intake.Ignored ignored) {
            if (ignored.audited()) {
                audit.record(ignored.response(), now);
            }
            return ignored.response();
        }
        Incident incident = ((Intake.Answered) screened).incident();
        TableSettings settings = ((Intake.Answered) screened).settings();
        if (alarm.state() == AlarmState.ALARM) {
            return respondToAlarm(alarm, evidence.refineOperation(incident, now), settings, now);
        }
        if (!claims.claim(alarm.stateChangeKey(), CLAIM_LEASE, now)) {
            return duplicate(alarm, incident, now);
        }
        if (!claims.advanceAlarm(alarm.source(), alarm.stateChangeTime(), now)) {
            return recorded(alarm, outOfOrder(alarm, incident), now);
        }
        Response response;
        try {
            response = scheduleRecovery(alarm, incident, settings, now);
        } catch (RuntimeException e) {
            releaseClaim(alarm);
            throw e;
        }
        return recorded(alarm, response, now);
    }

    /**
     * The first round of calls goes out at once: the claim, the table's lock (when capacity may
     * change), the cooldown history and the metrics planning may need. The table is read after the
     * lock is held, so the read is fresh for the read-modify-write; then the reservation, then the
     * remedy: three rounds before capacity moves.
     */
    private Response respondToAlarm(AlarmNotification alarm, EvidenceReads.Refined refined, TableSettings settings, Instant now) {
        Incident incident = refined.incident();
        boolean mayChangeCapacity = EvidenceReads.mayChangeCapacity(incident);
        String table = incident.resource().table();
        String owner = UUID.randomUUID().toString();
        Future<Ledger.Claim> claimed = evidence.submit(() -> mayChangeCapacity
                        ? claims.claimAndLock(alarm.stateChangeKey(), CLAIM_LEASE, table, owner,
                                CapacityChanges.LOCK_LEASE, now)
                        : claims.claim(alarm.stateChangeKey(), CLAIM_LEASE, now) ? Ledger.Claim.CLAIMED_LOCK_BUSY
                        : Ledger.Claim.DUPLICATE);
        Future<Boolean> inOrder = evidence.submit(() -> claims.advanceAlarm(alarm.source(), alarm.stateChangeTime(), now));
        EvidenceReads.Prefetched prefetched = evidence.prefetch(refined, now);
        Ledger.Claim claim = EvidenceReads.await(claimed);
        if (claim == Ledger.Claim.DUPLICATE) {
            return duplicate(alarm, incident, now);
        }
        // Null: this response changes no capacity, so it needs no lock.
        CapacityChanges.Lock lock = claim == Ledger.Claim.CLAIMED_AND_LOCKED ? CapacityChanges.Lock.HELD
                : mayChangeCapacity ? CapacityChanges.Lock.BUSY : null;
        try {
            Response response;
            try {
                if (!EvidenceReads.await(inOrder)) {
                    return recorded(alarm, outOfOrder(alarm, incident), now);
                }
                response = act(alarm, incident, settings, now, prefetched, lock, ActionExecutor.RETRY_ATTEMPTS, Pass.FIRST);
            } catch (RuntimeException e) {
                releaseClaim(alarm);
                throw e;
            }
            return recorded(alarm, response, now);
        } finally {
            if (lock == CapacityChanges.Lock.HELD) {
                capacity.unlock(table, owner);
            }
        }
    }

    private Response duplicate(AlarmNotification alarm, Incident incident, Instant now) {
        Response duplicate = Response.ignored(alarm, incident, "duplicate delivery: this state change of " + alarm.alarmName()
                + " (" + alarm.stateChangeTime() + ") was already handled");
        audit.record(duplicate, now);
        return duplicate;
    }

    /**
     * A state change older than one of the same alarm already handled: acting on it would undo the
     * later one's effect (an ALARM after its own OK raises what nothing undoes). Recorded, acts on nothing.
     */
    private static Response outOfOrder(AlarmNotification alarm, Incident incident) {
        return Response.ignored(alarm, incident, "out of order: a later state change of " + alarm.alarmName()
                + " than this one (" + alarm.stateChangeTime() + ") was handled already; this one acts on nothing");
    }

    /** Nothing was changed yet when this is needed: giving the claim back lets Lambda's retry act. */
    private void releaseClaim(AlarmNotification alarm) {
        claims.release(alarm.stateChangeKey());
    }

    private Response recorded(AlarmNotification alarm, Response response, Instant now) {
        // After the changes the claim stays even if this write fails: a retry within the lease must not act twice.
        audit.record(response, now);
        claims.complete(alarm.stateChangeKey());
        return response;
    }

    /** The alarm is back to OK: the recovery schedules the undoing of what the responder changed. */
    private Response scheduleRecovery(AlarmNotification alarm, Incident incident, TableSettings settings, Instant now) {
        ResourceId resource = incident.resource();
        if (wiredMode == Mode.PLAN_ONLY) {
            return new Response(alarm.delivery(), alarm.alarmName(), alarm.state(), Outcome.PLANNED, wiredMode.reason(),
                    incident, List.of(Action.planned(ActionType.SCHEDULE_RECOVERY, resource, null, null, null,
                            "plan only: recovery after " + settings.recoveryQuietPeriod().toMinutes() + " min quiet")), List.of());
        }
        List<Action> schedules = recoveries.afterOk(alarm, resource, incident.operation(), settings);
        if (schedules.isEmpty()) {
            return Response.ignored(alarm, incident, "alarm returned to OK; the responder changed nothing on " + resource + " to undo");
        }
        return new Response(alarm.delivery(), alarm.alarmName(), alarm.state(), Outcome.ACTED, null, incident,
                schedules, List.of());
    }

    /**
     * Tries again the capacity changes a busy table held back ({@link FollowUp.Kind#RETRY}): the state
     * change was claimed by the first attempt, so only capacity is re-planned, from the table's state now.
     */
    public Response retry(AlarmNotification alarm, int attemptsLeft) {
        Diagnosis diagnosis = Diagnoser.diagnose(alarm, policy.sensorNamespace());
        if (diagnosis instanceof Diagnosis.NotActionable notActionable) {
            return Response.ignored(alarm, null, notActionable.reason());
        }
        Instant now = clock.instant();
        EvidenceReads.Refined refined = evidence.refineOperation(((Diagnosis.Found) diagnosis).incident(), now);
        Incident incident = refined.incident();
        TableSettings settings = policy.settingsFor(incident.resource().table()).orElse(null);
        if (settings == null) {
            return Response.ignored(alarm, incident, "table " + incident.resource().table() + " is no longer watched by the policy");
        }
        String table = incident.resource().table();
        // As for a first response: the lock and the reads that do not need the table go out together,
        // and the table is read once, under the lock.
        Future<Optional<String>> locked = evidence.submit(() -> capacity.lock(table, now));
        EvidenceReads.Prefetched prefetched = evidence.prefetch(refined, now);
        Optional<String> owner = EvidenceReads.await(locked);
        try {
            Response response = act(alarm, incident, settings, now, prefetched,
                    owner.isPresent() ? CapacityChanges.Lock.HELD : CapacityChanges.Lock.BUSY, attemptsLeft, Pass.RETRY);
            audit.record(response, now);
            return response;
        } finally {
            owner.ifPresent(held -> capacity.unlock(table, held));
        }
    }

    /** A first response does everything the plan says; a retry only the capacity changes a busy table held back. */
    private enum Pass { FIRST, RETRY }

    /**
     * Reads the table, decides, executes and notifies, for a first response and for a retry alike:
     * the one path from the table's state to the changes.
     */
    private Response act(AlarmNotification alarm, Incident incident, TableSettings settings, Instant now,
                         EvidenceReads.Prefetched prefetched, CapacityChanges.Lock lock, int attemptsLeft, Pass pass) {
        Future<TableState> read = evidence.submit(() -> tables.read(incident.resource()));
        Future<ApplicationKeys> keys = pass == Pass.FIRST ? evidence.queryApplicationKeys(incident, now) : null;
        if (pass == Pass.FIRST) {
            // Keyed by CloudWatch's time of the change, so a late duplicate cannot move the incident forward.
            incidentState.noteAlarm(incident.resource(), alarm.source(), incident.signal(), alarm.stateChangeTime(),
                Severity.throttlesPerMinute(alarm, incident));
        }
        TableState state;
        try {
            state = EvidenceReads.await(read);
        } catch (TableNotFoundException e) {
            if (keys != null) {
                keys.cancel(true);
            }
            if (pass == Pass.FIRST) {
                // Noted beside the read; with no table there is no incident to keep.
                incidentState.forget(incident.resource(), List.of(), false);
            }
            return Response.ignored(alarm, incident, e.getMessage());
        }
        ResponsePlanner.Decision decision = planner.decide(incident, settings, state, now, prefetched, Intake.isMuted(alarm));
        if (pass == Pass.FIRST && !decision.incident().resource().equals(incident.resource())) {
            // Refined to a GSI: its incident carries the alarm too, so the alarm's OK finds what to undo there.
            incidentState.noteAlarm(decision.incident().resource(), alarm.source(), incident.signal(), alarm.stateChangeTime(),
                    Severity.throttlesPerMinute(alarm, incident));
        }
        ActionExecutor.Attempt attempt = new ActionExecutor.Attempt(alarm, decision.incident(), decision.mode(), settings,
                now, attemptsLeft, lock, state);
        List<Action> done = new ArrayList<>();
        for (Action action : decision.plan().actions()) {
            if (pass == Pass.FIRST || action.type().changesCapacity()) {
                done.add(executor.execute(action, attempt));
            }
        }
        return reporter.report(alarm, decision.incident(), decision.plan(), decision.mode(), done, state, settings,
                pass == Pass.FIRST ? EvidenceReads.awaitApplicationKeys(keys) : null, pass == Pass.RETRY);
    }




    public static final class Builder {
        private Policy policy;
        private TableStateReader tables;
        private TableTags tags;
        private MetricsReader metrics;
        private Actuator actuator;
        private FollowUpScheduler followUps;
        private Ledger ledger;
        private Notifier notifier;
        private RecoveryScheduler recoveries;
        private ApplicationKeyReader applicationKeys;
        private Clock clock = Clock.systemUTC();
        private boolean planOnly;
        private OwnAccount ownAccount;
        private String dashboardName;
        private String runbookUrl;

        private Builder() {}

        public Builder policy(Policy value) { this.policy = value; return this; }
        public Builder tables(TableStateReader value) { this.tables = value; return this; }
        /** Needed when the policy watches unnamed tables: their opt-in tag is read. */
        public Builder tags(TableTags value) { this.tags = value; return this; }
        public Builder metrics(MetricsReader value) { this.metrics = value; return this; }
        public Builder actuator(Actuator value) { this.actuator = value; return this; }
        /** Optional: without a scheduler, hot-key summaries are skipped with that reason. */
        public Builder followUps(FollowUpScheduler value) { this.followUps = value; return this; }
        public Builder ledger(Ledger value) { this.ledger = value; return this; }
        public Builder notifier(Notifier value) { this.notifier = value; return this; }
        /** Schedules the recovery when an alarm returns to OK. */
        public Builder recoveries(RecoveryScheduler value) { this.recoveries = value; return this; }
        /** Optional: the sensor's hot keys for the first incident message, when the policy's sensor names log groups. */
        public Builder applicationKeys(ApplicationKeyReader value) { this.applicationKeys = value; return this; }
        public Builder clock(Clock value) { this.clock = value; return this; }
        /** The only account and Region whose alarms it answers. */
        public Builder ownAccount(OwnAccount value) { this.ownAccount = value; return this; }
        /** Optional: the deployment's CloudWatch dashboard and the team's runbook, which incident messages link to. */
        public Builder links(String dashboard, String runbook) {
            this.dashboardName = dashboard;
            this.runbookUrl = runbook;
            return this;
        }

        /**
         * Reads and plans, but changes nothing and publishes nothing; give it a {@link ReadOnlyLedger}
         * too, so that nothing is written to the ledger either.
         */
        public Builder planOnly(boolean value) { this.planOnly = value; return this; }

        public Responder build() {
            return new Responder(this);
        }
    }
}
