package io.throttleresponder.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the responder may do: global switches, default settings and the watched tables. */
public record Policy(boolean dryRun, boolean killSwitch, TableSettings defaults, Map<String, TableSettings> tables) {

    public Policy {
        tables = Map.copyOf(tables);
    }

    /** Settings for a watched table; empty when the policy does not watch it. */
    public Optional<TableSettings> settingsFor(String table) {
        return Optional.ofNullable(tables.get(table));
    }

    public Set<String> watchedTables() {
        return tables.keySet();
    }

    /** Dry-run anywhere (globally or for the table) means plan, never change. */
    public boolean dryRunFor(TableSettings settings) {
        return dryRun || settings.dryRun();
    }
}
