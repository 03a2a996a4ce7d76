package io.throttleresponder.infra;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.contract.OptInTag;
import io.throttleresponder.contract.ResponderMetrics;
import io.throttleresponder.infra.config.ConfigLoader;
import io.throttleresponder.infra.config.Notifications;
import io.throttleresponder.infra.config.ResponderConfig;
import io.throttleresponder.infra.config.ResponderPolicy;
import io.throttleresponder.infra.config.SensorConfig;
import io.throttleresponder.infra.config.Thresholds;
import io.throttleresponder.infra.config.UnnamedTables;
import io.throttleresponder.infra.config.WatchedTable;
import io.throttleresponder.infra.functions.ResponderFunction;
import io.throttleresponder.infra.functions.ResponderFunctions;
import io.throttleresponder.infra.functions.ResponderLedger;
import io.throttleresponder.infra.functions.ResponderQueues;
import io.throttleresponder.infra.messaging.ResponderTopics;
import io.throttleresponder.infra.permissions.ResponderNagFindings;
import io.throttleresponder.infra.permissions.ResponderPermissions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The throttle responder as a construct for a team's own CDK app: the alarm topic that carries the
 * alarms to the responder, the responder and follow-up functions with their ledger, queues and
 * dead-letter queues, the notifications topic and the dashboard; then, for each table it is told to
 * {@link #watch}, the alarms of the table and its GSIs and the permission to act on them, and with
 * {@link #watchAllTables} account-wide alarms over every other table. Tables are referenced by name:
 * the construct never creates or changes them. The named tables' alarms past what one stack holds go
 * to nested stacks, each with a dashboard of its tables, wired to the same alarm topic.
 *
 * <pre>{@code
 * ThrottleResponder responder = ThrottleResponder.Builder.create(this, "Responder")
 *         .deploymentName("checkout-throttles")
 *         .notificationEmails(List.of("oncall@example.com"))
 *         .functionCode(FunctionCode.builtUnder(Path.of("throttle-responder")))
 *         .build();
 * responder.watch(ordersTable, WatchOptions.builder().build());
 * responder.watch("legacy-sessions", WatchOptions.builder().billingMode(BillingMode.PAY_PER_REQUEST).build());
 * responder.watchAllTables();
 * }</pre>
 *
 * <p>Everything that depends on the watched tables (alarms, IAM, the policy the functions read, the
 * dashboard) is built once, when the app is synthesized; watching after that is an error. A table of the
 * app needs a {@code tableName}: its alarms and permissions are named by it.
 */
public final class ThrottleResponder extends Construct {

    public static final String HANDLER = ResponderFunctions.HANDLER;
    public static final String FOLLOW_UP_HANDLER = ResponderFunctions.FOLLOW_UP_HANDLER;
    public static final String ALIAS_NAME = ResponderFunctions.ALIAS_NAME;
    private ResponderConfig config;
    private final Thresholds defaultThresholds;
    private final WatchedTables watched;
    private boolean built;
    /** Each table shape's template bytes, measured outside synthesis (see {@link AlarmFootprint#measuredOnly}). */
    private final AlarmFootprint footprint;
    private final ResponderTopics topics;
    private final ResponderLedger ledger;
    private final ResponderQueues queues;
    private final ResponderFunctions functions;

    /**
     * The JSON-config app's responder: every table of {@code config}, and every other with its
     * watchAllTables. Its id is "Default", which CDK leaves out of logical IDs, so the stack's resources
     * keep the IDs they had when the stack built them itself.
     */
    static ThrottleResponder of(Construct stack, ResponderConfig config, FunctionCode functionCode) {
        ThrottleResponder responder = new ThrottleResponder(stack, "Default", config, Thresholds.SEED,
                ConfigLoader.DEFAULT_LATENCY_OPERATIONS, functionCode);
        // Built now: the configuration is complete, so nothing waits for synth.
        responder.buildTables();
        return responder;
    }

    /**
     * The segments that do not depend on the watched tables, built at once, in the order of the template.
     *
     * @param config everything but the tables that {@link #watch} and {@link #watchAllTables} add
     * @param defaultThresholds and {@code defaultLatencyOperations}: those of a table watched without its own
     */
    private ThrottleResponder(Construct scope, String id, ResponderConfig config, Thresholds defaultThresholds,
                              List<String> defaultLatencyOperations, FunctionCode functionCode) {
        super(scope, id);
        this.config = config;
        this.defaultThresholds = defaultThresholds;
        this.footprint = new AlarmFootprint(config.deploymentName(), config.sensor());
        this.watched = new WatchedTables(footprint, defaultThresholds, List.copyOf(defaultLatencyOperations));
        // On a child of its own, not on this construct: jsii answers each aspect's visit with a nested call,
        // and visiting the thousands of alarms of a large app would overflow the stack.
        Construct buildsTables = new Construct(this, "BuildsTables");
        Aspects.of(buildsTables).add(new BuildTables(buildsTables));

        topics = new ResponderTopics(this, new ResponderTopics.Props(config.deploymentName(), config.notifications()));
        ledger = new ResponderLedger(this);
        queues = new ResponderQueues(this, new ResponderQueues.Props(config.deploymentName()));
        functions = new ResponderFunctions(this, new ResponderFunctions.Props(config.deploymentName(), config.source(),
                functionCode, config.notifications().runbookUrl(), ledger.table(), topics.alarmTopic(),
                topics.notificationsTopic(), queues));
        queues.alarmOnFailures(this, topics.notificationsTopic());
        ResponderOutputs.add(this, topics, ledger, queues, functions);
    }

    /**
     * Builds what depends on the watched tables, once, when the app is synthesized: by then every
     * {@link #watch} and {@link #watchAllTables} has been called.
     */
    private final class BuildTables implements IAspect {
        private final IConstruct marker;

        BuildTables(IConstruct marker) {
            this.marker = marker;
        }

        @Override
        public void visit(IConstruct node) {
            if (node == marker) {
                footprint.measuredOnly();
                buildTables();
            }
        }
    }

    /**
     * Watches a table of this app or one imported: alarms on it and its GSIs, and the permission to act on
     * it. Its name must be known when the app is synthesized: a table of this app needs a {@code tableName}.
     */
    public ThrottleResponder watch(ITable table, WatchOptions options) {
        requireNotBuilt();
        watched.add(table, options);
        return this;
    }

    /** Watches a table by name; {@link WatchOptions.Builder#billingMode} says how it is billed. */
    public ThrottleResponder watch(String tableName, WatchOptions options) {
        requireNotBuilt();
        watched.add(tableName, options);
        return this;
    }

    /** Also watches every other table of the account and Region, with the default opt-in tag. */
    public ThrottleResponder watchAllTables() {
        return watchAllTables(OptInTag.DEFAULT_KEY, OptInTag.DEFAULT_VALUE, false);
    }

    /**
     * Also watches every other table of the account and Region with account-wide Metrics Insights alarms,
     * changing one only when it carries the tag {@code optInTagKey} = {@code optInTagValue}.
     *
     * @param contributorInsightsWithoutOptIn whether a table without the tag may still get Contributor Insights
     */
    public ThrottleResponder watchAllTables(String optInTagKey, String optInTagValue, boolean contributorInsightsWithoutOptIn) {
        requireNotBuilt();
        config = config.withUnnamedTables(
                new UnnamedTables(optInTagKey, optInTagValue, contributorInsightsWithoutOptIn, defaultThresholds));
        return this;
    }

    private void requireNotBuilt() {
        if (built) {
            throw new IllegalStateException("ThrottleResponder " + getNode().getPath() + ": its tables are already built");
        }
    }

    /** The segments that depend on the watched tables: the policy layer, permissions, alarms, stacks, dashboards. */
    private void buildTables() {
        if (built) {
            return;
        }
        built = true;
        if (!watched.isEmpty()) {
            config = config.withTables(watched.after(config.tables()));
        }
        functions.addPolicyLayer(ResponderPolicy.toJson(config));
        List<List<WatchedTable>> alarmGroups = StackSplit.alarmGroups(config.tables(), footprint,
                config.unnamedTables().isEmpty() ? 0 : AccountWideAlarms.count());
        ResponderFunction alarmHandler = functions.alarmHandler(), followUpHandler = functions.followUpHandler();
        ResponderPermissions permissions = new ResponderPermissions(this, new ResponderPermissions.Props(
                config.deploymentName(), config.tables(), config.unnamedTables(), config.sensor(), ledger.table(),
                queues.followUpQueue(), topics.notificationsTopic()));
        permissions.grantAlarmHandler(alarmHandler.role());
        permissions.grantFollowUpHandler(followUpHandler.role());

        List<Alarm> alarms = new AlarmStacks(this, new AlarmStacks.Props(config, alarmGroups, topics.alarmTopic()))
                .mainStackAlarms();
        new ResponderDashboard(this, "Dashboard", config, ResponderMetrics.NAMESPACE, alarmGroups.get(0), alarms,
                alarmHandler.function(), queues.deadLetterQueue(), new ResponderDashboard.FollowUps(
                        followUpHandler.function(), queues.followUpQueue(), queues.followUpDeadLetterQueue()));
        functions.suppressJustifiedFindings();
        queues.suppressJustifiedFindings();
        ResponderNagFindings.suppressJustifiedFindings(config.deploymentName(), alarmHandler.role(), followUpHandler.role());
    }

    /** Builds a {@link ThrottleResponder}; the defaults are those of the JSON configuration's keys. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private String deploymentName = ConfigLoader.DEFAULT_DEPLOYMENT_NAME;
        private boolean dryRun;
        private boolean killSwitch;
        private List<String> notificationEmails = List.of();
        private String chatTopicArn;
        private String runbookUrl;
        private Thresholds defaultThresholds = Thresholds.SEED;
        private List<String> defaultLatencyOperations = ConfigLoader.DEFAULT_LATENCY_OPERATIONS;
        private Map<String, Object> defaultPolicy = Map.of();
        private FunctionCode functionCode = FunctionCode.builtUnder(Path.of(""));
        private SensorConfig sensor;

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /**
         * The prefix of every alarm, topic, queue, function and dashboard name: 1-40 letters, digits or '-'.
         *
         * @default "throttle-responder"
         */
        public Builder deploymentName(String value) { this.deploymentName = value; return this; }

        /**
         * Diagnose, record and notify, but change no table.
         *
         * @default false
         */
        public Builder dryRun(boolean value) { this.dryRun = value; return this; }

        /**
         * Diagnose, plan, record and notify, but change nothing, until a deploy sets it back (the operator
         * CLI's pause stops it without a deploy).
         *
         * @default false
         */
        public Builder killSwitch(boolean value) { this.killSwitch = value; return this; }

        /**
         * Addresses subscribed to the notifications topic. Name these or a {@link #chatTopicArn}.
         *
         * @default none
         */
        public Builder notificationEmails(List<String> value) { this.notificationEmails = List.copyOf(value); return this; }

        /**
         * An existing SNS topic an Amazon Q Developer chat channel watches; the responder publishes there.
         *
         * @default none: the construct creates its own KMS-encrypted notifications topic
         */
        public Builder chatTopicArn(String value) { this.chatTopicArn = value; return this; }

        /**
         * The team's runbook (https), linked from every incident message.
         *
         * @default none
         */
        public Builder runbookUrl(String value) { this.runbookUrl = value; return this; }

        /**
         * The alarm thresholds of a table watched without its own, and of the account-wide alarms.
         *
         * @default 50 throttle events a minute, 80 % utilization, 50 ms latency
         */
        public Builder defaultThresholds(Thresholds value) { this.defaultThresholds = value; return this; }

        /**
         * The operations whose average latency is alarmed on, for a table watched without its own.
         *
         * @default GetItem, Query, PutItem
         */
        public Builder defaultLatencyOperations(List<String> value) { this.defaultLatencyOperations = List.copyOf(value); return this; }

        /**
         * Responder policy keys for every table (docs/contracts.md, {@code defaults}).
         *
         * @default the responder's own defaults
         */
        public Builder defaultPolicy(Map<String, Object> value) { this.defaultPolicy = Map.copyOf(value); return this; }

        /** Each function's jar. @default functions/target/{alarm,followup}-function.jar, from the working directory */
        public Builder functionCode(FunctionCode value) { this.functionCode = value; return this; }

        /** One artifact for both functions (a jar holding both handlers). */
        public Builder functionCode(Path value) { return functionCode(FunctionCode.shared(value)); }

        /**
         * Alarms within 10 seconds on the client sensor's metric in {@code namespace}, and the hot keys of its
         * lines in {@code logGroups} (at most 10; none: alarms only) in the first incident message.
         * @default no sensor alarms
         */
        public Builder sensor(String namespace, List<String> logGroups) {
            this.sensor = SensorConfig.checked("ThrottleResponder " + id, namespace, logGroups);
            return this;
        }

        public ThrottleResponder build() {
            if (notificationEmails.isEmpty() && chatTopicArn == null) {
                throw new IllegalArgumentException("ThrottleResponder " + id + ": name notificationEmails or a chatTopicArn,"
                        + " or nobody hears what the responder did");
            }
            if (!deploymentName.matches("[A-Za-z][A-Za-z0-9-]{0,39}")) {
                throw new IllegalArgumentException("ThrottleResponder " + id + ": deploymentName \"" + deploymentName
                        + "\" is not 1-40 letters, digits or '-', starting with a letter");
            }
            ResponderConfig config = new ResponderConfig(Path.of(id), deploymentName, dryRun, killSwitch,
                    new Notifications(notificationEmails, Optional.ofNullable(chatTopicArn), Optional.ofNullable(runbookUrl)),
                    defaultPolicy, List.of(), Optional.empty(), Optional.ofNullable(sensor));
            return new ThrottleResponder(scope, id, config, defaultThresholds, defaultLatencyOperations, functionCode);
        }
    }

    /** How one table is watched; every option has the responder's default. */
    public static final class WatchOptions {
        final BillingMode billingMode;
        final List<String> indexes;
        private final Thresholds thresholds;
        private final List<String> latencyOperations;
        private final Map<String, Object> policy;

        private WatchOptions(Builder builder) {
            this.billingMode = builder.billingMode;
            this.indexes = builder.indexes;
            this.thresholds = builder.thresholds;
            this.latencyOperations = builder.latencyOperations;
            this.policy = builder.policy;
        }

        public static Builder builder() {
            return new Builder();
        }

        WatchedTable toWatchedTable(String name, BillingMode mode, List<String> tableIndexes, Thresholds defaultThresholds,
                                    List<String> defaultOperations) {
            return new WatchedTable(name, mode, tableIndexes, thresholds != null ? thresholds : defaultThresholds,
                    latencyOperations != null ? latencyOperations : defaultOperations, policy);
        }

        public static final class Builder {
            private BillingMode billingMode;
            private List<String> indexes;
            private Thresholds thresholds;
            private List<String> latencyOperations;
            private Map<String, Object> policy = Map.of();

            private Builder() {}

            /**
             * How the table is billed, which decides its capacity alarms.
             *
             * @default the Table's own billing mode; PROVISIONED for a table named by string
             */
            public Builder billingMode(BillingMode value) { this.billingMode = value; return this; }

            /**
             * The GSIs to watch, by name.
             *
             * @default every GSI the Table declares; none for a table named by string
             */
            public Builder indexes(List<String> value) { this.indexes = List.copyOf(value); return this; }

            /**
             * This table's alarm thresholds.
             *
             * @default the responder's default thresholds
             */
            public Builder thresholds(Thresholds value) { this.thresholds = value; return this; }

            /**
             * The operations whose average latency is alarmed on.
             *
             * @default the responder's default latency operations
             */
            public Builder latencyOperations(List<String> value) { this.latencyOperations = List.copyOf(value); return this; }

            /**
             * This table's responder policy keys, over the defaults (docs/contracts.md).
             *
             * @default none
             */
            public Builder policy(Map<String, Object> value) { this.policy = Map.copyOf(value); return this; }

            public WatchOptions build() {
                return new WatchOptions(this);
            }
        }
    }
}
