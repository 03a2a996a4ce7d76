package io.throttleresponder.respond;

import io.throttleresponder.act.Actuator;
import io.throttleresponder.act.FollowUpScheduler;
import io.throttleresponder.act.RecoveryScheduler;
import io.throttleresponder.evidence.ApplicationKeyReader;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.evidence.TableStateReader;
import io.throttleresponder.evidence.TableTags;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.record.Ledger;
import io.throttleresponder.record.ReadOnlyLedger;
import java.time.Clock;
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

    public Responder build() {
        return new Responder(this);
    }
}
