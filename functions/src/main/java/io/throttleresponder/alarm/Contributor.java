package io.throttleresponder.alarm;

import java.util.Map;
import java.util.Optional;

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

    /** The name this contributor's state changes go by, "alarm/contributor id" ({@link AlarmNotification#source}). */
    public String source(String alarmName) {
        return alarmName + "/" + id;
    }

    /** The alarm a contributor's source name belongs to; empty for the name of a whole alarm. */
    public static Optional<String> alarmOf(String source) {
        int separator = source.lastIndexOf('/');
        return separator > 0 ? Optional.of(source.substring(0, separator)) : Optional.empty();
    }
}
