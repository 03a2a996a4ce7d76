package io.throttleresponder.respond;

import io.throttleresponder.act.ActionExecutor;
import io.throttleresponder.act.CapacityChanges;
import io.throttleresponder.act.RecoveryStart;
import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.diagnose.Diagnoser;
import io.throttleresponder.diagnose.Diagnosis;
import io.throttleresponder.evidence.ApplicationKeys;
import io.throttleresponder.evidence.EvidenceReads;
import io.throttleresponder.evidence.TableNotFoundException;
import io.throttleresponder.evidence.TableStateReader;
import io.throttleresponder.intake.Intake;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Response;
import io.throttleresponder.model.TableState;
import io.throttleresponder.notify.IncidentNotifier;
import io.throttleresponder.plan.ResponsePlanner;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.record.AuditLog;
import io.throttleresponder.record.DeliveryClaims;
import io.throttleresponder.record.DeliveryRecords;
import io.throttleresponder.record.Ledger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;

/**
 * Answers one alarm notification by sequencing the stages: {@link Intake}, then the diagnosis and the reads
 * ({@link EvidenceReads}), the plan and the mode ({@link ResponsePlanner}), the changes ({@link ActionExecutor}),
 * the ledger ({@link DeliveryRecords}) and the message ({@link IncidentNotifier}). It decides nothing itself.
 */
public final class Responder {

    private final Policy policy;
    private final TableStateReader tables;
    private final DeliveryClaims claims;
    private final CapacityChanges capacity;
    private final AuditLog audit;
    private final Clock clock;
    private final Intake intake;
    private final EvidenceReads evidence;
    private final ResponsePlanner planner;
    private final ActionExecutor executor;
    private final IncidentNotifier reporter;
    private final DeliveryRecords deliveries;
    private final RecoveryStart recoveryStart;

    Responder(Policy policy, TableStateReader tables, DeliveryClaims claims, CapacityChanges capacity, AuditLog audit,
              Clock clock, Intake intake, EvidenceReads evidence, ResponsePlanner planner, ActionExecutor executor,
              IncidentNotifier reporter, DeliveryRecords deliveries, RecoveryStart recoveryStart) {
        this.policy = policy;
        this.tables = tables;
        this.claims = claims;
        this.capacity = capacity;
        this.audit = audit;
        this.clock = clock;
        this.intake = intake;
        this.evidence = evidence;
        this.planner = planner;
        this.executor = executor;
        this.reporter = reporter;
        this.deliveries = deliveries;
        this.recoveryStart = recoveryStart;
    }

    public static ResponderBuilder builder() {
        return new ResponderBuilder();
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
        return deliveries.once(alarm, incident, now, () -> recoveryStart.afterOk(alarm, incident, settings));
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
        Future<Ledger.Claim> claimed = evidence.submit(() -> deliveries.claim(alarm, table, owner, mayChangeCapacity, now));
        Future<Boolean> inOrder = evidence.submit(() -> claims.advanceAlarm(alarm.source(), alarm.stateChangeTime(), now));
        EvidenceReads.Prefetched prefetched = evidence.prefetch(refined, now);
        Ledger.Claim claim = EvidenceReads.await(claimed);
        if (claim == Ledger.Claim.DUPLICATE) {
            return deliveries.duplicate(alarm, incident, now);
        }
        CapacityChanges.Lock lock = DeliveryRecords.lockOf(claim, mayChangeCapacity);
        try {
            return deliveries.answerClaimed(alarm, incident, now, () -> EvidenceReads.await(inOrder),
                    () -> act(alarm, incident, settings, now, prefetched, lock, ActionExecutor.RETRY_ATTEMPTS, Pass.FIRST));
        } finally {
            if (lock == CapacityChanges.Lock.HELD) {
                capacity.unlock(table, owner);
            }
        }
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
            deliveries.noteAlarm(alarm, incident, incident.resource());
        }
        TableState state;
        try {
            state = EvidenceReads.await(read);
        } catch (TableNotFoundException e) {
            if (keys != null) {
                keys.cancel(true);
            }
            if (pass == Pass.FIRST) {
                deliveries.forgetIncident(incident);
            }
            return Response.ignored(alarm, incident, e.getMessage());
        }
        ResponsePlanner.Decision decision = planner.decide(incident, settings, state, now, prefetched, Intake.isMuted(alarm));
        if (pass == Pass.FIRST && !decision.incident().resource().equals(incident.resource())) {
            deliveries.noteAlarm(alarm, incident, decision.incident().resource());
        }
        ActionExecutor.Attempt attempt = new ActionExecutor.Attempt(alarm, decision.incident(), decision.mode(), settings,
                now, attemptsLeft, lock, state);
        List<Action> done = executor.executeAll(decision.plan().actions(), attempt, pass == Pass.RETRY);
        return reporter.report(alarm, decision.incident(), decision.plan(), decision.mode(), done, state, settings,
                pass == Pass.FIRST ? EvidenceReads.awaitApplicationKeys(keys) : null, pass == Pass.RETRY);
    }
}
