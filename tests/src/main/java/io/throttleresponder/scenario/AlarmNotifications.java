package io.throttleresponder.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.alarm.Regions;
import io.throttleresponder.infra.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The notifications CloudWatch sends when an alarm of the stacks changes state, in the three shapes AWS
 * delivers (SNS, EventBridge, alarm action), to and from the default deployment's account and Region.
 */
final class AlarmNotifications {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String account;
    private final String region;
    private final String alarmTopicArn;

    AlarmNotifications(String account, String region) {
        this.account = account;
        this.region = region;
        this.alarmTopicArn = "arn:aws:sns:%s:%s:%s-alarms".formatted(region, account, ConfigLoader.DEFAULT_DEPLOYMENT_NAME);
    }

    byte[] render(AlarmTransition transition, Scenario.Delivery delivery) {
        ObjectNode event = switch (delivery) {
            case SNS -> sns(transition);
            case EVENTBRIDGE -> eventBridge(transition);
            case ALARM_ACTION -> alarmAction(transition);
        };
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    ObjectNode sns(AlarmTransition t) {
        ObjectNode message = JSON.createObjectNode();
        message.put("AlarmName", t.name());
        message.put("AlarmDescription", t.alarm().path("AlarmDescription").asText(null));
        message.put("AWSAccountId", account);
        message.put("AlarmConfigurationUpdatedTimestamp", AlarmTransition.NOTIFICATION_TIME.format(t.at().minus(7, ChronoUnit.DAYS)));
        message.put("NewStateValue", t.to());
        message.put("NewStateReason", t.reason());
        message.put("StateChangeTime", AlarmTransition.NOTIFICATION_TIME.format(t.at()));
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

    private ObjectNode eventBridge(AlarmTransition t) {
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

    private ObjectNode alarmAction(AlarmTransition t) {
        ObjectNode event = JSON.createObjectNode();
        event.put("source", "aws.cloudwatch");
        event.put("alarmArn", alarmArn(t.name()));
        event.put("accountId", account);
        event.put("time", AlarmTransition.NOTIFICATION_TIME.format(t.at()));
        event.put("region", region);
        ObjectNode data = event.putObject("alarmData");
        data.put("alarmName", t.name());
        alarmData(data, t);
        return event;
    }

    /** state, previousState and configuration, as EventBridge and alarm actions carry them. */
    private void alarmData(ObjectNode data, AlarmTransition t) {
        ObjectNode state = data.putObject("state");
        state.put("value", t.to());
        state.put("reason", t.reason());
        state.put("reasonData", t.reasonData());
        state.put("timestamp", AlarmTransition.NOTIFICATION_TIME.format(t.at()));
        ObjectNode previous = data.putObject("previousState");
        previous.put("value", t.from());
        previous.put("reason", "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was"
                + " treated as [NonBreaching].");
        previous.put("timestamp", AlarmTransition.NOTIFICATION_TIME.format(t.at().minus(1, ChronoUnit.HOURS)));
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
    private static String uuid(AlarmTransition t, String kind) {
        return UUID.nameUUIDFromBytes((kind + t.name() + t.at()).getBytes(StandardCharsets.UTF_8)).toString();
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
