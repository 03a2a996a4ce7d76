package io.throttleresponder.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.alarm.Regions;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.cloudwatch.model.AlarmContributor;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

/**
 * The alarms the stacks create, and the notifications CloudWatch sends when one changes state. The
 * definitions are infra's own {@link AlarmDefinitions}, rendered as the CloudFormation properties infra
 * synthesizes (AlarmContractTest holds the two together); the notifications are rendered from them in
 * the three shapes AWS delivers (SNS, EventBridge, alarm action), for a state stated by a scenario's
 * alarm step, evaluated by the sandbox, or set with SetAlarmState.
 */
public final class ScenarioAlarms {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How CloudWatch writes times in notifications: 2026-11-21T03:15:42.817+0000. */
    private static final DateTimeFormatter NOTIFICATION_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    /** How the state reason writes a datapoint's minute: 21/11/26 03:14:00. */
    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss").withZone(ZoneOffset.UTC);

    private final String account;
    private final String region;
    private final String alarmTopicArn;
    private final Map<String, String> states = new LinkedHashMap<>();

    public ScenarioAlarms(String account, String region) {
        this.account = account;
        this.region = region;
        this.alarmTopicArn = "arn:aws:sns:%s:%s:%s-alarms".formatted(region, account, ConfigLoader.DEFAULT_DEPLOYMENT_NAME);
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
        return Optional.of(render(Transition.stated(alarm, name, previous, step.state(), step.value(), step.at()), step.delivery()));
    }

    /** The delivery CloudWatch makes for a state change the sandbox evaluated. */
    public byte[] notification(AlarmEvaluator.StateChange change, Scenario.Delivery delivery) {
        ObjectNode alarm = definition(change.alarm());
        return render(new Transition(alarm, change.alarm().alarmName(), change.from().toString(), change.to().toString(),
                change.datapoints(), change.reason(), change.at(), change.contributor()), delivery);
    }

    /** The delivery CloudWatch makes when SetAlarmState changed an alarm's state: the caller's reason, no datapoints. */
    public byte[] notification(AlarmDefinition alarm, InMemoryCloudWatch.SetState change, Scenario.Delivery delivery) {
        return render(new Transition(definition(alarm), alarm.alarmName(), change.from().toString(), change.to().toString(),
                List.of(), change.reason(), change.at(), null), delivery);
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

    private byte[] render(Transition transition, Scenario.Delivery delivery) {
        ObjectNode event = switch (delivery) {
            case SNS -> sns(transition);
            case EVENTBRIDGE -> eventBridge(transition);
            case ALARM_ACTION -> alarmAction(transition);
        };
        return event.toString().getBytes(StandardCharsets.UTF_8);
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

    /** @param datapoints the evaluated ones, newest first; a null value is a missing one */
    /** @param contributor the Metrics Insights time series the change is of; null for an alarm's own change */
    private record Transition(ObjectNode alarm, String name, String from, String to, List<AlarmEvaluator.Datapoint> datapoints,
                              String reason, Instant at, AlarmContributor contributor) {

        /** A change stated by a scenario's alarm step: one datapoint, the minute before the change. */
        static Transition stated(ObjectNode alarm, String name, String from, String to, double value, Instant at) {
            Instant minute = at.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
            String reason = "Threshold Crossed: 1 out of the last 1 datapoints [%s (%s)] was %sgreater than the threshold (%s)"
                    .formatted(value, REASON_TIME.format(minute), to.equals("ALARM") ? "" : "not ",
                            alarm.get("Threshold").asDouble())
                    + " (minimum 1 datapoint for %s -> %s transition).".formatted(from, to);
            return new Transition(alarm, name, from, to, List.of(new AlarmEvaluator.Datapoint(minute, value)), reason, at, null);
        }

        double threshold() {
            return alarm.get("Threshold").asDouble();
        }

        String reasonData() {
            ObjectNode data = JSON.createObjectNode();
            data.put("version", "1.0");
            data.put("queryDate", NOTIFICATION_TIME.format(at));
            if (!datapoints.isEmpty()) {
                data.put("startDate", NOTIFICATION_TIME.format(datapoints.get(datapoints.size() - 1).timestamp()));
            }
            if (alarm.has("Statistic")) {
                data.put("statistic", alarm.get("Statistic").asText());
            }
            data.put("period", alarm.has("Period") ? alarm.get("Period").asInt() : alarm.get("Metrics").findValue("Period").asInt());
            ArrayNode recent = data.putArray("recentDatapoints");
            for (int i = datapoints.size() - 1; i >= 0; i--) {
                if (datapoints.get(i).value() != null) {
                    recent.add(datapoints.get(i).value());
                }
            }
            data.put("threshold", threshold());
            ArrayNode evaluated = data.putArray("evaluatedDatapoints");
            for (AlarmEvaluator.Datapoint datapoint : datapoints) {
                ObjectNode point = evaluated.addObject();
                point.put("timestamp", NOTIFICATION_TIME.format(datapoint.timestamp()));
                if (datapoint.value() != null) {
                    point.put("value", datapoint.value());
                }
            }
            return data.toString();
        }
    }

    /**
     * The SNS event CloudWatch publishes when {@code alarm} goes {@code from -> to} at {@code at}:
     * {@code alarm} is its CloudFormation properties, with literal values.
     */
    public ObjectNode snsNotification(ObjectNode alarm, String from, String to, double value, Instant at) {
        return sns(Transition.stated(alarm, alarm.get("AlarmName").asText(), from, to, value, at));
    }

    private ObjectNode sns(Transition t) {
        ObjectNode message = JSON.createObjectNode();
        message.put("AlarmName", t.name());
        message.put("AlarmDescription", t.alarm().path("AlarmDescription").asText(null));
        message.put("AWSAccountId", account);
        message.put("AlarmConfigurationUpdatedTimestamp", NOTIFICATION_TIME.format(t.at().minus(7, ChronoUnit.DAYS)));
        message.put("NewStateValue", t.to());
        message.put("NewStateReason", t.reason());
        message.put("StateChangeTime", NOTIFICATION_TIME.format(t.at()));
        message.put("Region", Regions.displayNameOf(region));
        message.put("AlarmArn", alarmArn(t.name()));
        message.put("OldStateValue", t.from());
        message.putArray("OKActions").add(alarmTopicArn);
        message.putArray("AlarmActions").add(alarmTopicArn);
        message.putArray("InsufficientDataActions");
        if (t.contributor() != null) {
            message.put("AlarmContributorId", t.contributor().contributorId());
            ObjectNode attributes = message.putObject("AlarmContributorAttributes");
            t.contributor().contributorAttributes().forEach(attributes::put);
        }
        message.set("Trigger", trigger(t.alarm()));

        ObjectNode sns = JSON.createObjectNode();
        sns.put("Type", "Notification");
        sns.put("MessageId", uuid(t, "sns"));
        sns.put("TopicArn", alarmTopicArn);
        sns.put("Subject", "%s: \"%s\" in %s".formatted(t.to(), t.name(), Regions.displayNameOf(region)));
        sns.put("Message", message.toString());
        sns.put("Timestamp", DateTimeFormatter.ISO_INSTANT.format(t.at().plusMillis(44).truncatedTo(ChronoUnit.MILLIS)));
        sns.put("SignatureVersion", "1");
        sns.put("Signature", "c2FuZGJveCBub3RpZmljYXRpb24=");
        sns.put("SigningCertUrl", "https://sns.%s.amazonaws.com/SimpleNotificationService-sandbox.pem".formatted(region));
        sns.put("UnsubscribeUrl", "https://sns.%s.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=%s:sandbox"
                .formatted(region, alarmTopicArn));
        sns.putObject("MessageAttributes");
        ObjectNode record = JSON.createObjectNode();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", alarmTopicArn + ":sandbox");
        record.set("Sns", sns);
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").add(record);
        return event;
    }

    /** The SNS Trigger: the alarm's metric, or the metric-math queries with lower-case dimension pairs. */
    private static ObjectNode trigger(ObjectNode alarm) {
        ObjectNode trigger = JSON.createObjectNode();
        if (alarm.has("MetricName")) {
            trigger.put("MetricName", alarm.get("MetricName").asText());
            trigger.put("Namespace", alarm.get("Namespace").asText());
            if (alarm.has("ExtendedStatistic")) {
                trigger.put("StatisticType", "ExtendedStatistic");
                trigger.put("ExtendedStatistic", alarm.get("ExtendedStatistic").asText());
            } else {
                trigger.put("StatisticType", "Statistic");
                // Notifications spell the statistic as an enum constant: SUM, AVERAGE, SAMPLE_COUNT.
                trigger.put("Statistic", alarm.get("Statistic").asText()
                        .replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT));
            }
            trigger.putNull("Unit");
            trigger.set("Dimensions", notificationDimensions(alarm.path("Dimensions")));
            trigger.put("Period", alarm.get("Period").asInt());
        } else {
            trigger.put("Period", alarm.get("Metrics").findValue("Period").asInt());
        }
        trigger.put("EvaluationPeriods", alarm.get("EvaluationPeriods").asInt());
        trigger.put("DatapointsToAlarm", alarm.path("DatapointsToAlarm").asInt(alarm.get("EvaluationPeriods").asInt()));
        trigger.put("ComparisonOperator", alarm.get("ComparisonOperator").asText());
        trigger.put("Threshold", alarm.get("Threshold").asDouble());
        trigger.put("TreatMissingData", alarm.path("TreatMissingData").asText(""));
        trigger.put("EvaluateLowSampleCountPercentile", "");
        if (alarm.has("Metrics")) {
            ArrayNode metrics = trigger.putArray("Metrics");
            for (JsonNode query : alarm.get("Metrics")) {
                ObjectNode out = metrics.addObject();
                if (query.has("Expression")) {
                    out.put("Expression", query.get("Expression").asText());
                }
                out.put("Id", query.get("Id").asText());
                if (query.has("Label")) {
                    out.put("Label", query.get("Label").asText());
                }
                if (query.has("MetricStat")) {
                    JsonNode stat = query.get("MetricStat");
                    ObjectNode metric = out.putObject("MetricStat").putObject("Metric");
                    metric.set("Dimensions", notificationDimensions(stat.get("Metric").path("Dimensions")));
                    metric.put("MetricName", stat.get("Metric").get("MetricName").asText());
                    metric.put("Namespace", stat.get("Metric").get("Namespace").asText());
                    ((ObjectNode) out.get("MetricStat")).put("Period", stat.get("Period").asInt());
                    ((ObjectNode) out.get("MetricStat")).put("Stat", stat.get("Stat").asText());
                }
                // CloudFormation's default: a query without ReturnData is returned.
                out.put("ReturnData", query.path("ReturnData").asBoolean(true));
            }
        }
        return trigger;
    }

    private ObjectNode eventBridge(Transition t) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", uuid(t, "eventbridge"));
        event.put("detail-type", "CloudWatch Alarm State Change");
        event.put("source", "aws.cloudwatch");
        event.put("account", account);
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(t.at().truncatedTo(ChronoUnit.SECONDS)));
        event.put("region", region);
        event.putArray("resources").add(alarmArn(t.name()));
        ObjectNode detail = event.putObject("detail");
        detail.put("alarmName", t.name());
        alarmData(detail, t);
        return event;
    }

    private ObjectNode alarmAction(Transition t) {
        ObjectNode event = JSON.createObjectNode();
        event.put("source", "aws.cloudwatch");
        event.put("alarmArn", alarmArn(t.name()));
        event.put("accountId", account);
        event.put("time", NOTIFICATION_TIME.format(t.at()));
        event.put("region", region);
        ObjectNode data = event.putObject("alarmData");
        data.put("alarmName", t.name());
        alarmData(data, t);
        return event;
    }

    /** state, previousState and configuration, as EventBridge and alarm actions carry them. */
    private void alarmData(ObjectNode data, Transition t) {
        ObjectNode state = data.putObject("state");
        state.put("value", t.to());
        state.put("reason", t.reason());
        state.put("reasonData", t.reasonData());
        state.put("timestamp", NOTIFICATION_TIME.format(t.at()));
        ObjectNode previous = data.putObject("previousState");
        previous.put("value", t.from());
        previous.put("reason", "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was"
                + " treated as [NonBreaching].");
        previous.put("timestamp", NOTIFICATION_TIME.format(t.at().minus(1, ChronoUnit.HOURS)));
        ObjectNode configuration = data.putObject("configuration");
        configuration.put("description", t.alarm().get("AlarmDescription").asText());
        ArrayNode metrics = configuration.putArray("metrics");
        if (t.alarm().has("MetricName")) {
            ObjectNode metric = metrics.addObject();
            // A single-metric alarm's id here is an opaque generated one.
            metric.put("id", uuid(t, "metric"));
            ObjectNode stat = metric.putObject("metricStat");
            ObjectNode inner = stat.putObject("metric");
            inner.put("namespace", t.alarm().get("Namespace").asText());
            inner.put("name", t.alarm().get("MetricName").asText());
            inner.set("dimensions", dimensionObject(t.alarm().get("Dimensions")));
            stat.put("period", t.alarm().get("Period").asInt());
            stat.put("stat", t.alarm().get("Statistic").asText());
            metric.put("returnData", true);
        } else {
            for (JsonNode query : t.alarm().get("Metrics")) {
                ObjectNode out = metrics.addObject();
                if (query.has("Expression")) {
                    out.put("expression", query.get("Expression").asText());
                }
                out.put("id", query.get("Id").asText());
                if (query.has("Label")) {
                    out.put("label", query.get("Label").asText());
                }
                if (query.has("MetricStat")) {
                    JsonNode stat = query.get("MetricStat");
                    ObjectNode outStat = out.putObject("metricStat");
                    ObjectNode inner = outStat.putObject("metric");
                    inner.put("namespace", stat.get("Metric").get("Namespace").asText());
                    inner.put("name", stat.get("Metric").get("MetricName").asText());
                    inner.set("dimensions", dimensionObject(stat.get("Metric").get("Dimensions")));
                    outStat.put("period", stat.get("Period").asInt());
                    outStat.put("stat", stat.get("Stat").asText());
                }
                out.put("returnData", query.get("ReturnData").asBoolean());
            }
        }
    }

    private String alarmArn(String name) {
        return "arn:aws:cloudwatch:%s:%s:alarm:%s".formatted(region, account, name);
    }

    /** Stable per transition, so a replayed scenario sends the same ids. */
    private static String uuid(Transition t, String kind) {
        return UUID.nameUUIDFromBytes((kind + t.name() + t.at()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** CloudFormation's [{Name, Value}], sorted by name as CDK writes them. */
    private static ArrayNode dimensions(Map<String, String> dimensions) {
        ArrayNode out = JSON.createArrayNode();
        new java.util.TreeMap<>(dimensions).forEach((name, value) -> out.addObject().put("Name", name).put("Value", value));
        return out;
    }

    /** Notifications carry dimension pairs as [{value, name}], in lower case. */
    private static ArrayNode notificationDimensions(JsonNode dimensions) {
        ArrayNode out = JSON.createArrayNode();
        dimensions.forEach(d -> out.addObject().put("value", d.get("Value").asText()).put("name", d.get("Name").asText()));
        return out;
    }

    /** EventBridge and alarm actions carry dimensions as an object. */
    private static ObjectNode dimensionObject(JsonNode dimensions) {
        ObjectNode out = JSON.createObjectNode();
        dimensions.forEach(d -> out.put(d.get("Name").asText(), d.get("Value").asText()));
        return out;
    }
}
