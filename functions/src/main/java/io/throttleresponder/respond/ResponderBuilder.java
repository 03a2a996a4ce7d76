package io.throttleresponder.respond;

import io.throttleresponder.act.ActionExecutor;
import io.throttleresponder.act.Actuator;
import io.throttleresponder.act.CapacityChanges;
import io.throttleresponder.act.FollowUpScheduler;
import io.throttleresponder.act.RecoveryScheduler;
import io.throttleresponder.act.RecoveryStart;
import io.throttleresponder.evidence.ApplicationKeyReader;
import io.throttleresponder.evidence.EvidenceReads;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.evidence.TableStateReader;
import io.throttleresponder.evidence.TableTags;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.guard.PauseSwitch;
import io.throttleresponder.intake.Intake;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.notify.Deployment;
import io.throttleresponder.notify.IncidentNotifier;
import io.throttleresponder.notify.Notification;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.plan.ResponsePlanner;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.record.AuditLog;
import io.throttleresponder.record.DeliveryClaims;
import io.throttleresponder.record.DeliveryRecords;
import io.throttleresponder.record.Ledger;
import io.throttleresponder.record.ReadOnlyLedger;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/** What a {@link Responder} is built from: the policy, the ports at the edge and the deployment's links. */
public final class ResponderBuilder {
    Policy policy;
    TableStateReader tables;
    TableTags tags;
    MetricsReader metrics;
    Actuator actuator;
    FollowUpScheduler followUps;
    Ledger ledger;
    Notifier notifier;
    RecoveryScheduler recoveries;
    ApplicationKeyReader applicationKeys;
    Clock clock = Clock.systemUTC();
    boolean planOnly;
    OwnAccount ownAccount;
    String dashboardName;
    String runbookUrl;

    ResponderBuilder() {}

    public ResponderBuilder policy(Policy value) { this.policy = value; return this; }
    public ResponderBuilder tables(TableStateReader value) { this.tables = value; return this; }
    /** Needed when the policy watches unnamed tables: their opt-in tag is read. */
    public ResponderBuilder tags(TableTags value) { this.tags = value; return this; }
    public ResponderBuilder metrics(MetricsReader value) { this.metrics = value; return this; }
    public ResponderBuilder actuator(Actuator value) { this.actuator = value; return this; }
    /** Optional: without a scheduler, hot-key summaries are skipped with that reason. */
    public ResponderBuilder followUps(FollowUpScheduler value) { this.followUps = value; return this; }
    public ResponderBuilder ledger(Ledger value) { this.ledger = value; return this; }
    public ResponderBuilder notifier(Notifier value) { this.notifier = value; return this; }
    /** Schedules the recovery when an alarm returns to OK. */
    public ResponderBuilder recoveries(RecoveryScheduler value) { this.recoveries = value; return this; }
    /** Optional: the sensor's hot keys for the first incident message, when the policy's sensor names log groups. */
    public ResponderBuilder applicationKeys(ApplicationKeyReader value) { this.applicationKeys = value; return this; }
    public ResponderBuilder clock(Clock value) { this.clock = value; return this; }
    /** The only account and Region whose alarms it answers. */
    public ResponderBuilder ownAccount(OwnAccount value) { this.ownAccount = value; return this; }
    /** Optional: the deployment's CloudWatch dashboard and the team's runbook, which incident messages link to. */
    public ResponderBuilder links(String dashboard, String runbook) {
        this.dashboardName = dashboard;
        this.runbookUrl = runbook;
        return this;
    }

    /**
     * Reads and plans, but changes nothing and publishes nothing; give it a {@link ReadOnlyLedger}
     * too, so that nothing is written to the ledger either.
     */
    public ResponderBuilder planOnly(boolean value) { this.planOnly = value; return this; }

    /** Checks that every port the policy needs is given, and builds the stages the responder sequences. */
    public Responder build() {
        Policy policy = Objects.requireNonNull(this.policy, "policy");
        TableStateReader tables = Objects.requireNonNull(this.tables, "tables");
        TableTags tags = policy.unnamedTables() == null ? null
                : Objects.requireNonNull(this.tags, "tags (the policy watches unnamed tables)");
        MetricsReader metrics = Objects.requireNonNull(this.metrics, "metrics");
        Actuator actuator = Objects.requireNonNull(this.actuator, "actuator");
        Ledger ledger = Objects.requireNonNull(this.ledger, "ledger");
        DeliveryClaims claims = ledger;
        AuditLog audit = ledger;
        DeliveryRecords deliveries = new DeliveryRecords(ledger, ledger, ledger);
        CapacityChanges capacity = new CapacityChanges(ledger, ledger, actuator);
        ActionExecutor executor = new ActionExecutor(actuator, ledger, followUps, capacity);
        Notification notification = new Notification(Objects.requireNonNull(notifier, "notifier"));
        RecoveryScheduler recoveries = Objects.requireNonNull(this.recoveries, "recoveries");
        RecoveryStart recoveryStart = new RecoveryStart(recoveries, planOnly ? Mode.PLAN_ONLY : null);
        ApplicationKeyReader applicationKeys = !policy.readsSensorLogs() ? null
                : Objects.requireNonNull(this.applicationKeys, "applicationKeys (the policy's sensor names log groups)");
        Clock clock = Objects.requireNonNull(this.clock, "clock");
        Mode wiredMode = planOnly ? Mode.PLAN_ONLY : null;
        OwnAccount ownAccount = Objects.requireNonNull(this.ownAccount, "ownAccount");
        PauseSwitch pauses = new PauseSwitch(ledger, clock);
        EvidenceReads evidence = new EvidenceReads(policy, tables, tags, metrics, ledger, pauses, applicationKeys,
                wiredMode == null);
        Intake intake = new Intake(policy, ownAccount);
        ResponsePlanner planner = new ResponsePlanner(policy, metrics, ownAccount.region(), wiredMode);
        Deployment deployment = new Deployment(ownAccount.accountId(), dashboardName, runbookUrl);
        IncidentNotifier reporter = new IncidentNotifier(policy, notification, deployment);
        return new Responder(policy, tables, claims, capacity, audit, clock,
                intake, evidence, planner, executor, reporter, deliveries, recoveryStart);
    }
}
