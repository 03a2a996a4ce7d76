package io.throttleresponder.scenario;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.sandbox.SandboxTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The sandbox's tables and GSIs, to check the names steps use. */
final class KnownTables {

    private final Map<String, SandboxTables.SandboxTable> byName;
    private final ValueChecks checks;

    KnownTables(List<SandboxTables.SandboxTable> tables, ValueChecks checks) {
        byName = tables.stream().collect(Collectors.toMap(t -> t.createTable().tableName(), t -> t,
                (a, b) -> a, LinkedHashMap::new));
        this.checks = checks;
    }

    ResourceId resource(ResourceId id, String where) {
        SandboxTables.SandboxTable table = byName.get(id.table());
        if (table == null) {
            throw checks.problem(where + ": unknown table \"" + id.table() + "\" (the sandbox has " + byName.keySet() + ")");
        }
        if (id.isIndex() && table.createTable().globalSecondaryIndexes().stream()
                .noneMatch(g -> g.indexName().equals(id.index()))) {
            throw checks.problem(where + ": table " + id.table() + " has no global secondary index \"" + id.index() + "\"");
        }
        return id;
    }

    BillingMode billingMode(String table) {
        return "PAY_PER_REQUEST".equals(byName.get(table).createTable().billingModeAsString())
                ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED;
    }
}
