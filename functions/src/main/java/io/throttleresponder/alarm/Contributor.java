package io.throttleresponder.alarm;

import java.util.Map;

/**
 * One time series of a Metrics Insights alarm that watches several (one per table, grouped by
 * TableName): it goes to ALARM and back to OK on its own. Its attributes are the GROUP BY
 * dimensions and their values.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_AlarmContributor.html">AlarmContributor</a>
 */
public record Contributor(String id, Map<String, String> attributes) {

    public Contributor {
        attributes = Map.copyOf(attributes);
    }
}
