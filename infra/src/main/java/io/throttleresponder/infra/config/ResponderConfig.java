package io.throttleresponder.infra.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deployment of the responder, as read from the configuration file.
 *
 * @param source the file it was read from, named in messages
 * @param deploymentName the stack name and the prefix of every alarm, topic and function name
 * @param dryRun the responder plans and reports but changes nothing
 * @param killSwitch the responder ignores every alarm
 * @param notifications where incident messages go
 * @param policyDefaults responder policy keys applied to every table unless overridden
 * @param tables the named tables, in file order
 * @param unnamedTables with watchAllTables, how every other table of the account is watched; empty without
 * @param sensor the client sensor's metrics and log groups; empty without
 */
public record ResponderConfig(
        Path source,
        String deploymentName,
        boolean dryRun,
        boolean killSwitch,
        Notifications notifications,
        Map<String, Object> policyDefaults,
        List<WatchedTable> tables,
        Optional<UnnamedTables> unnamedTables,
        Optional<SensorConfig> sensor) {

    public ResponderConfig {
        policyDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(policyDefaults));
        tables = List.copyOf(tables);
    }

    /** This deployment watching {@code watched} as its named tables. */
    public ResponderConfig withTables(List<WatchedTable> watched) {
        return new ResponderConfig(source, deploymentName, dryRun, killSwitch, notifications, policyDefaults, watched,
                unnamedTables, sensor);
    }

    /** This deployment watching every other table of the account too. */
    public ResponderConfig withUnnamedTables(UnnamedTables unnamed) {
        return new ResponderConfig(source, deploymentName, dryRun, killSwitch, notifications, policyDefaults, tables,
                Optional.of(unnamed), sensor);
    }

    /** This deployment with the client sensor's alarms and hot keys. */
    public ResponderConfig withSensor(SensorConfig value) {
        return new ResponderConfig(source, deploymentName, dryRun, killSwitch, notifications, policyDefaults, tables,
                unnamedTables, Optional.of(value));
    }
}
