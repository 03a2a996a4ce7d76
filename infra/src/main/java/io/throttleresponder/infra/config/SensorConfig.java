package io.throttleresponder.infra.config;

import java.util.List;

/**
 * With {@code "sensor"}, the applications' client sensor (the {@code client} module) reports their
 * throttled calls: 10-second alarms watch its metric in {@code namespace}, and the responder reads the
 * hot keys of its lines in {@code logGroups} with Logs Insights (none: alarms only).
 */
public record SensorConfig(String namespace, List<String> logGroups) {

    public SensorConfig {
        logGroups = List.copyOf(logGroups);
    }
}
