package io.throttleresponder.aws;

import io.throttleresponder.aws.ledger.DynamoDbLedger;
import io.throttleresponder.followup.BurstRaise;
import io.throttleresponder.followup.ContributorWatch;
import io.throttleresponder.followup.FollowUpResponder;
import io.throttleresponder.followup.QuietWatch;
import io.throttleresponder.followup.Recovery;
import io.throttleresponder.operate.Operator;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.respond.Responder;
import io.throttleresponder.respond.ResponderBuilder;
import java.time.Clock;
import java.util.Objects;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The responders' ports on AWS, built once over the given clients and shared by the responder and
 * the follow-up responder: the Lambda functions, the sandbox and the benchmark all wire through here.
 */
public final class AwsAdapters {

    private final AwsTableStateReader tables;
    private final DynamoDbTableTags tags;
    private final CloudWatchMetricsReader metrics;
    private final CloudWatchInsightsReader insights;
    private final CloudWatchAlarmStates alarms;
    private final AwsActuator actuator;
    private final DynamoDbLedger ledger;
    private final SnsNotifier notifier;
    private final SqsFollowUpScheduler followUps;
    /** Null unless the sensor's log groups are read. */
    private final CloudWatchLogsClient logs;
    private final Clock clock;
    private final OwnAccount ownAccount;
    private final String dashboardName;
    private final String runbookUrl;

    private AwsAdapters(Builder builder) {
        DynamoDbClient dynamoDb = Objects.requireNonNull(builder.dynamoDb, "dynamoDb");
        ApplicationAutoScalingClient autoScaling = Objects.requireNonNull(builder.autoScaling, "autoScaling");
        CloudWatchClient cloudWatch = Objects.requireNonNull(builder.cloudWatch, "cloudWatch");
        this.clock = builder.clock;
        this.ownAccount = Objects.requireNonNull(builder.ownAccount, "ownAccount");
        this.dashboardName = builder.dashboardName;
        this.runbookUrl = builder.runbookUrl;
        this.tables = new AwsTableStateReader(dynamoDb, autoScaling, clock);
        this.tags = new DynamoDbTableTags(dynamoDb, ownAccount,
                Objects.requireNonNull(builder.notificationsTopicArn, "notificationsTopicArn"));
        this.metrics = new CloudWatchMetricsReader(cloudWatch);
        this.insights = new CloudWatchInsightsReader(dynamoDb, cloudWatch);
        this.alarms = new CloudWatchAlarmStates(cloudWatch);
        this.actuator = new AwsActuator(dynamoDb, autoScaling);
        this.ledger = new DynamoDbLedger(dynamoDb, Objects.requireNonNull(builder.ledgerTableName, "ledgerTableName"));
        this.notifier = new SnsNotifier(Objects.requireNonNull(builder.sns, "sns"),
                Objects.requireNonNull(builder.notificationsTopicArn, "notificationsTopicArn"));
        this.logs = builder.logs;
        this.followUps = builder.followUpQueueUrl == null ? null
                : new SqsFollowUpScheduler(Objects.requireNonNull(builder.sqs, "sqs"), builder.followUpQueueUrl, clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The operator's handle on a deployment, on the operator's own clients: status and history read the
     * ledger, undo goes through recovery's rails once (no follow-up queue: nothing is scheduled), and its
     * message goes to {@code notifier}.
     */
    public static Operator operator(Policy policy, DynamoDbClient dynamoDb, ApplicationAutoScalingClient autoScaling,
                                    CloudWatchClient cloudWatch, String ledgerTableName, Notifier notifier, Clock clock) {
        DynamoDbLedger ledger = new DynamoDbLedger(dynamoDb, ledgerTableName);
        CloudWatchAlarmStates alarms = new CloudWatchAlarmStates(cloudWatch);
        AwsTableStateReader tables = new AwsTableStateReader(dynamoDb, autoScaling, clock);
        Recovery recovery = new Recovery(policy, tables, new CloudWatchMetricsReader(cloudWatch), alarms,
                new AwsActuator(dynamoDb, autoScaling), ledger, notifier, null, clock);
        return new Operator(policy, ledger, ledger, ledger, recovery, alarms, tables, ledger, clock);
    }

    /** The alarm responder; without a follow-up queue, summaries and recoveries are skipped with that reason. */
    public ResponderBuilder responder(Policy policy) {
        return Responder.builder()
                .policy(policy)
                .tables(tables)
                .tags(tags)
                .metrics(metrics)
                .actuator(actuator)
                .ledger(ledger)
                .notifier(notifier)
                .followUps(followUps)
                .applicationKeys(applicationKeys(policy))
                .recoveries(recovery(policy))
                .ownAccount(ownAccount)
                .links(dashboardName, runbookUrl)
                .clock(clock);
    }

    /** The sensor's hot keys, when the policy names log groups to read them from. */
    private LogsInsightsKeyReader applicationKeys(Policy policy) {
        if (!policy.readsSensorLogs()) {
            return null;
        }
        return new LogsInsightsKeyReader(Objects.requireNonNull(logs, "cloudWatchLogs (the policy's sensor names log groups)"),
                policy.sensor().logGroups(), clock);
    }

    private Recovery recovery(Policy policy) {
        return new Recovery(policy, tables, metrics, alarms, actuator, ledger, notifier, followUps, clock);
    }

    /** The follow-up responder; it needs the follow-up queue, to repeat summaries and send early messages back. */
    public FollowUpResponder.Builder followUpResponder(Policy policy) {
        if (followUps == null) {
            throw new IllegalStateException("the follow-up responder needs a follow-up queue");
        }
        Responder responder = responder(policy).build();
        ContributorWatch contributorWatch = new ContributorWatch(metrics, alarms, followUps, responder, notifier);
        return FollowUpResponder.builder()
                .policy(policy)
                .responder(responder)
                .recovery(recovery(policy))
                .quietWatch(new QuietWatch(ledger, ledger, metrics, alarms, alarms, followUps, recovery(policy), contributorWatch))
                .contributorWatch(contributorWatch)
                .burstRaise(new BurstRaise(policy, tables, tags, metrics, actuator, ledger, ownAccount.region(), clock))
                .applicationKeys(applicationKeys(policy))
                .insights(insights)
                .alarms(alarms)
                .ledger(ledger)
                .notifier(notifier)
                .followUps(followUps)
                .region(ownAccount.region())
                .clock(clock);
    }

    public static final class Builder {
        private DynamoDbClient dynamoDb;
        private ApplicationAutoScalingClient autoScaling;
        private CloudWatchClient cloudWatch;
        private SnsClient sns;
        private SqsClient sqs;
        private CloudWatchLogsClient logs;
        private String ledgerTableName;
        private String notificationsTopicArn;
        private String followUpQueueUrl;
        private Clock clock = Clock.systemUTC();
        private OwnAccount ownAccount;
        private String dashboardName;
        private String runbookUrl;

        private Builder() {}

        public Builder dynamoDb(DynamoDbClient value) { this.dynamoDb = value; return this; }
        public Builder applicationAutoScaling(ApplicationAutoScalingClient value) { this.autoScaling = value; return this; }
        public Builder cloudWatch(CloudWatchClient value) { this.cloudWatch = value; return this; }
        public Builder sns(SnsClient value) { this.sns = value; return this; }
        public Builder sqs(SqsClient value) { this.sqs = value; return this; }
        /** Optional: only a policy whose sensor names log groups reads them. */
        public Builder cloudWatchLogs(CloudWatchLogsClient value) { this.logs = value; return this; }
        public Builder ledgerTableName(String value) { this.ledgerTableName = value; return this; }
        public Builder notificationsTopicArn(String value) { this.notificationsTopicArn = value; return this; }

        /** Optional: without it no follow-up is scheduled. */
        public Builder followUpQueueUrl(String value) { this.followUpQueueUrl = value; return this; }
        public Builder clock(Clock value) { this.clock = value; return this; }
        public Builder ownAccount(OwnAccount value) { this.ownAccount = value; return this; }
        /** The deployment's dashboard and the team's runbook, for the messages' links; either may be null. */
        public Builder deployment(String dashboard, String runbook) {
            this.dashboardName = dashboard;
            this.runbookUrl = runbook;
            return this;
        }

        public AwsAdapters build() {
            return new AwsAdapters(this);
        }
    }
}
