package io.throttleresponder.infra.config;

import io.throttleresponder.contract.SensorMetrics;
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

    /** The sensor of a construct, checked as the configuration file's is; {@code owner} is named in the error. */
    public static SensorConfig checked(String owner, String namespace, List<String> logGroups) {
        if (!SensorMetrics.isValidNamespace(namespace)) {
            throw new IllegalArgumentException(owner + ": sensor namespace \"" + namespace
                    + "\" is not a custom CloudWatch namespace");
        }
        logGroups.stream().filter(name -> !SensorMetrics.isValidLogGroupName(name)).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException(owner + ": \"" + name + "\" is not a log group name");
        });
        if (logGroups.size() > SensorMetrics.MAX_LOG_GROUPS) {
            throw new IllegalArgumentException(owner + ": " + logGroups.size()
                    + " sensor log groups; one Logs Insights query reads at most " + SensorMetrics.MAX_LOG_GROUPS);
        }
        return new SensorConfig(namespace, logGroups);
    }
}
