package io.throttleresponder.policy;

import io.throttleresponder.contract.SensorMetrics;
import java.util.List;

/**
 * The applications' client sensor, when the deployment has one: the namespace of its metric, which
 * the 10-second alarms watch, and the log groups its key lines go to, which the responder queries
 * for hot keys (none: no query).
 */
public record SensorSettings(String namespace, List<String> logGroups) {

    public static final SensorSettings DEFAULTS = new SensorSettings(SensorMetrics.DEFAULT_NAMESPACE, List.of());

    public SensorSettings {
        logGroups = List.copyOf(logGroups);
    }

    public boolean readsLogs() {
        return !logGroups.isEmpty();
    }
}
