package io.throttleresponder.diagnose;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.Contributor;
import io.throttleresponder.alarm.MetricsInsightsQuery;
import io.throttleresponder.model.ResourceId;
import java.util.Map;

/**
 * Reads one contributor of a Metrics Insights alarm over several time series (one per table or index,
 * {@code GROUP BY TableName}) as the incident of a per-table alarm on the metric the SELECT names: the
 * table (and index) come from the contributor's attributes, the operation from the metric, from an
 * {@code Operation} attribute or from a WHERE that fixes it. Pure.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html">Alarm
 *     events and EventBridge: "CloudWatch Alarm Contributor State Change"</a>
 */
public final class MetricsInsightsDiagnosis {

    private MetricsInsightsDiagnosis() {}

    static Diagnosis diagnose(AlarmNotification alarm, String queryText) {
        String name = "Metrics Insights alarm " + alarm.alarmName();
        MetricsInsightsQuery query = MetricsInsightsQuery.parse(queryText).orElse(null);
        if (query == null) {
            return new Diagnosis.NotActionable(name + ": the responder cannot read its query (" + queryText + ")");
        }
        if (!Diagnoser.NAMESPACE.equals(query.namespace())) {
            return new Diagnosis.NotActionable(name + " reads namespace " + query.namespace() + ", not " + Diagnoser.NAMESPACE);
        }
        Contributor contributor = alarm.contributor();
        Map<String, String> attributes = contributor.attributes();
        String table = attributes.get(Diagnoser.TABLE_DIMENSION);
        if (table == null) {
            return new Diagnosis.NotActionable(name + ": contributor " + contributor.id() + " names no "
                    + Diagnoser.TABLE_DIMENSION + " (attributes " + attributes + "); group the query by TableName");
        }
        String apiOperation = attributes.get("Operation");
        for (MetricsInsightsQuery.Condition condition : query.where()) {
            boolean resourceFilter = condition.key().equals(Diagnoser.TABLE_DIMENSION)
                    || condition.key().equals(Diagnoser.INDEX_DIMENSION);
            if (condition.key().equals("Operation") && condition.isEquality()) {
                apiOperation = condition.value();
            } else if (!resourceFilter) {
                // The contributor passed CloudWatch's filter on its table or index; any other narrowing the
                // responder cannot attribute to one table's reads or writes.
                return new Diagnosis.NotActionable(name + ": its WHERE " + condition + " is not one the responder can"
                        + " honour (it reads TableName, GlobalSecondaryIndexName and Operation = '...')");
            }
        }
        ResourceId resource = new ResourceId(table, attributes.get(Diagnoser.INDEX_DIMENSION));
        return Diagnoser.single(alarm, resource, query.metricName(), apiOperation, Diagnoser.alarmedRate(alarm,
                query.metricName(), "SUM".equals(query.function()), alarm.metricsInsightsMetric().period()));
    }
}
