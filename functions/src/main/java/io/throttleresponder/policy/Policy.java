package io.throttleresponder.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the responder may do: global switches, default settings and the named tables; with
 * {@code unnamedTables}, every other table of the account too, with the default settings.
 *
 * @param unnamedTables null when the responder watches the named tables only
 * @param sensor null when the deployment has no client sensor
 */
public record Policy(boolean dryRun, boolean killSwitch, TableSettings defaults, Map<String, TableSettings> tables,
                     UnnamedTables unnamedTables, SensorSettings sensor) {

    public Policy {
        tables = Map.copyOf(tables);
    }

    /** A policy of named tables only. */
    public Policy(boolean dryRun, boolean killSwitch, TableSettings defaults, Map<String, TableSettings> tables) {
        this(dryRun, killSwitch, defaults, tables, null, null);
    }

    /** This policy with the client sensor. */
    public Policy withSensor(SensorSettings value) {
        return new Policy(dryRun, killSwitch, defaults, tables, unnamedTables, value);
    }

    /** Whether the responder reads the sensor's log groups for hot keys: a sensor that names some. */
    public boolean readsSensorLogs() {
        return sensor != null && sensor.readsLogs();
    }

    /** The sensor's namespace, whose alarms the responder answers; empty without a sensor. */
    public Optional<String> sensorNamespace() {
        return Optional.ofNullable(sensor).map(SensorSettings::namespace);
    }

    /** Settings for a watched table (a named one's own, or the defaults for any other when all are watched); empty when it is not watched. */
    public Optional<TableSettings> settingsFor(String table) {
        TableSettings named = tables.get(table);
        if (named != null) {
            return Optional.of(named);
        }
        return unnamedTables == null ? Optional.empty() : Optional.of(defaults);
    }

    /** The opt-in rule for {@code table}; empty for a named table, which the policy lets the responder change. */
    public Optional<UnnamedTables> optInRequiredFor(String table) {
        return tables.containsKey(table) ? Optional.empty() : Optional.ofNullable(unnamedTables);
    }

    public Set<String> watchedTables() {
        return tables.keySet();
    }

    /** Dry-run anywhere (globally or for the table) means plan, never change. */
    public boolean dryRunFor(TableSettings settings) {
        return dryRun || settings.dryRun();
    }
}
