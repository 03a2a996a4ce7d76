package io.throttleresponder.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.infra.AlarmDefinition;
import io.throttleresponder.infra.AlarmDefinitions;
import io.throttleresponder.infra.AlarmSignal;
import io.throttleresponder.infra.WatchedTarget;
import io.throttleresponder.infra.config.ConfigLoader;
import io.throttleresponder.infra.config.Thresholds;
import io.throttleresponder.infra.config.WatchedTable;
import java.util.ArrayList;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.sandbox.alarms.AlarmEvaluator;
import io.throttleresponder.sandbox.InMemoryCloudWatch;
import io.throttleresponder.sandbox.SandboxTables;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

/**
 * The alarms the stacks create, and the notifications CloudWatch sends when one changes state. The
 * definitions are infra's own {@link AlarmDefinitions}, rendered as the CloudFormation properties infra
 * synthesizes (AlarmContractTest holds the two together); the notifications are rendered from them in
 * the three shapes AWS delivers (SNS, EventBridge, alarm action) by {@link AlarmNotifications}, for a state
 * stated by a scenario's alarm step, evaluated by the sandbox, or set with SetAlarmState.
 */
public final class ScenarioAlarms {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlarmNotifications notifications;
    private final Map<String, String> states = new LinkedHashMap<>();

    public ScenarioAlarms(String account, String region) {
        this.notifications = new AlarmNotifications(account, region);
    }

    /** The stack's alarm on {@code signal} of a target, as CloudFormation properties. */
    public static ObjectNode definition(String deploymentName, WatchedTarget target, AlarmSignal signal) {
        return definition(AlarmDefinitions.forSignal(deploymentName, target, signal));
    }

    /** An alarm as CloudFormation properties, as CDK writes them: the expression first, then the metrics it uses. */
    public static ObjectNode definition(AlarmDefinition definition) {
        ObjectNode alarm = JSON.createObjectNode();
        alarm.put("AlarmName", definition.alarmName());
        alarm.put("AlarmDescription", definition.description());
        Optional<AlarmDefinition.Stat> single = definition.singleMetric();
        if (single.isPresent()) {
            AlarmDefinition.Stat stat = single.get();
            alarm.put("MetricName", stat.metricName());
            alarm.put("Namespace", stat.namespace());
            alarm.put("Statistic", stat.statistic());
            alarm.set("Dimensions", dimensions(stat.dimensions()));
            alarm.put("Period", stat.periodSeconds());
        } else {
            ArrayNode metrics = alarm.putArray("Metrics");
            definition.queries().stream().filter(AlarmDefinition.Query::isExpression).forEach(query -> {
                ObjectNode out = metrics.addObject();
                out.put("Expression", query.expression());
                out.put("Id", query.id());
                if (query.label() != null) {
                    out.put("Label", query.label());
                }
                if (query.periodSeconds() != null) {
                    out.put("Period", query.periodSeconds());
                }
                out.put("ReturnData", query.returnData());
            });
            definition.queries().stream().filter(query -> !query.isExpression()).forEach(query -> {
                ObjectNode out = metrics.addObject();
                out.put("Id", query.id());
                ObjectNode metricStat = out.putObject("MetricStat");
                ObjectNode metric = metricStat.putObject("Metric");
                metric.set("Dimensions", dimensions(query.stat().dimensions()));
                metric.put("MetricName", query.stat().metricName());
                metric.put("Namespace", query.stat().namespace());
                metricStat.put("Period", query.stat().periodSeconds());
                metricStat.put("Stat", query.stat().statistic());
                if (query.label() != null) {
                    out.put("Label", query.label());
                }
                out.put("ReturnData", query.returnData());
            });
        }
        alarm.put("Threshold", definition.threshold());
        alarm.put("ComparisonOperator", definition.comparisonOperator());
        alarm.put("EvaluationPeriods", definition.evaluationPeriods());
        alarm.put("DatapointsToAlarm", definition.datapointsToAlarm());
        alarm.put("TreatMissingData", definition.treatMissingData());
        return alarm;
    }

    /** The watched target of a sandbox table, as the default deployment configuration watches it. */
    public static WatchedTarget target(ResourceId resource, BillingMode billingMode) {
        WatchedTable table = new WatchedTable(resource.table(), billingMode,
                resource.isIndex() ? List.of(resource.index()) : List.of(), Thresholds.SEED,
                ConfigLoader.DEFAULT_LATENCY_OPERATIONS, Map.of());
        return new WatchedTarget(table, Optional.ofNullable(resource.index()));
    }

    /**
     * The delivery CloudWatch makes for the step, or empty when the alarm is already in that state:
     * CloudWatch notifies on state changes only.
     */
    public Optional<byte[]> notification(Scenario.AlarmStep step, BillingMode billingMode) {
        AlarmSignal signal = AlarmSignal.valueOf(signalConstant(step.metric()));
        ObjectNode alarm = definition(ConfigLoader.DEFAULT_DEPLOYMENT_NAME, target(step.resource(), billingMode), signal);
        String name = alarm.get("AlarmName").asText();
        String previous = states.getOrDefault(name, "OK");
        if (previous.equals(step.state())) {
            return Optional.empty();
        }
        states.put(name, step.state());
        return Optional.of(notifications.render(AlarmTransition.stated(alarm, name, previous, step.state(), step.value(), step.at()),
                step.delivery()));
    }

    /** The delivery CloudWatch makes for a state change the sandbox evaluated. */
    public byte[] notification(AlarmEvaluator.StateChange change, Scenario.Delivery delivery) {
        ObjectNode alarm = definition(change.alarm());
        return notifications.render(new AlarmTransition(alarm, change.alarm().alarmName(), change.from().toString(),
                change.to().toString(), change.datapoints(), change.reason(), change.at(), change.contributor()), delivery);
    }

    /** The delivery CloudWatch makes when SetAlarmState changed an alarm's state: the caller's reason, no datapoints. */
    public byte[] notification(AlarmDefinition alarm, InMemoryCloudWatch.SetState change, Scenario.Delivery delivery) {
        return notifications.render(new AlarmTransition(definition(alarm), alarm.alarmName(), change.from().toString(),
                change.to().toString(), List.of(), change.reason(), change.at(), null), delivery);
    }

    /**
     * The stack's alarms on the tables the policy names and every GSI of theirs, as the default deployment
     * configuration creates them; with the policy's sensor, the sensor's alarms too; with unnamed tables, the
     * account-wide Metrics Insights alarms.
     */
    public static List<AlarmDefinition> alarms(List<SandboxTables.SandboxTable> tables, Policy policy) {
        List<AlarmDefinition> alarms = new ArrayList<>();
        for (SandboxTables.SandboxTable table : tables) {
            CreateTableRequest create = table.createTable();
            if (!policy.watchedTables().contains(create.tableName())) {
                continue;
            }
            BillingMode billingMode = "PAY_PER_REQUEST".equals(create.billingModeAsString())
                    ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED;
            WatchedTable watched = new WatchedTable(create.tableName(), billingMode,
                    create.globalSecondaryIndexes().stream().map(GlobalSecondaryIndex::indexName).toList(), Thresholds.SEED,
                    ConfigLoader.DEFAULT_LATENCY_OPERATIONS, Map.of());
            for (WatchedTarget target : WatchedTarget.of(watched)) {
                alarms.addAll(AlarmDefinitions.forTarget(ConfigLoader.DEFAULT_DEPLOYMENT_NAME, target, policy.sensorNamespace()));
            }
        }
        if (policy.unnamedTables() != null) {
            alarms.addAll(AlarmDefinitions.accountWide(ConfigLoader.DEFAULT_DEPLOYMENT_NAME,
                    Thresholds.SEED.throttleEventsPerMinute(), !policy.watchedTables().isEmpty()));
        }
        return alarms;
    }

    /** The alarm's name for a step, as the stack names it. */
    public static String alarmName(Scenario.AlarmStep step) {
        return target(step.resource(), BillingMode.PROVISIONED)
                .alarmName(ConfigLoader.DEFAULT_DEPLOYMENT_NAME, AlarmSignal.valueOf(signalConstant(step.metric())));
    }

    private static String signalConstant(String metric) {
        for (AlarmSignal signal : AlarmSignal.values()) {
            if (signal.signalName().equals(metric)) {
                return signal.name();
            }
        }
        throw new IllegalArgumentException("no alarm signal " + metric);
    }

    /**
     * The SNS event CloudWatch publishes when {@code alarm} goes {@code from -> to} at {@code at}:
     * {@code alarm} is its CloudFormation properties, with literal values.
     */
    public ObjectNode snsNotification(ObjectNode alarm, String from, String to, double value, Instant at) {
        return notifications.sns(AlarmTransition.stated(alarm, alarm.get("AlarmName").asText(), from, to, value, at));
    }

    /** CloudFormation's [{Name, Value}], sorted by name as CDK writes them. */
    private static ArrayNode dimensions(Map<String, String> dimensions) {
        ArrayNode out = JSON.createArrayNode();
        new java.util.TreeMap<>(dimensions).forEach((name, value) -> out.addObject().put("Name", name).put("Value", value));
        return out;
    }
}
