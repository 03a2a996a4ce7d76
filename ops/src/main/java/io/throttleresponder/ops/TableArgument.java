package io.throttleresponder.ops;

import io.throttleresponder.model.ResourceId;

/**
 * A table as the operator types it: its name ({@code orders}), or the resource as {@code status} and the
 * messages print it ({@code table/orders}, {@code table/orders/index/by-status}).
 */
final class TableArgument {

    private TableArgument() {}

    /** @param index the --index option; null when not given */
    static ResourceId resource(String table, String index) {
        if (!table.startsWith("table/")) {
            return new ResourceId(table, index);
        }
        ResourceId named;
        try {
            named = ResourceId.parse(table);
        } catch (IllegalArgumentException e) {
            throw new OpsException(e.getMessage(), true);
        }
        if (index != null && named.isIndex() && !index.equals(named.index())) {
            throw new OpsException(table + " names index " + named.index() + ", and --index names " + index
                    + ": give one of them", true);
        }
        return index == null ? named : new ResourceId(named.table(), index);
    }
}
