package io.throttleresponder.infra;

import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.contract.DynamoDbNames;
import io.throttleresponder.infra.config.Thresholds;
import io.throttleresponder.infra.config.WatchedTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awscdk.services.dynamodb.ITable;

/**
 * The tables a {@link ThrottleResponder} was told to watch by construct: their names, billing modes and GSIs are
 * read when the app is synthesized, then checked together with the configuration's.
 */
final class WatchedTables {

    private final List<Supplier<WatchedTable>> watched = new ArrayList<>();
    private final AlarmFootprint footprint;
    private final Thresholds defaultThresholds;
    private final List<String> defaultLatencyOperations;

    /** @param defaultThresholds and {@code defaultLatencyOperations}: those of a table watched without its own */
    WatchedTables(AlarmFootprint footprint, Thresholds defaultThresholds, List<String> defaultLatencyOperations) {
        this.footprint = footprint;
        this.defaultThresholds = defaultThresholds;
        this.defaultLatencyOperations = defaultLatencyOperations;
    }

    /** A table of the app or one imported: its name, billing mode and GSIs as the app has them when synthesized. */
    void add(ITable table, ThrottleResponder.WatchOptions options) {
        Supplier<WatchedTable> watchedTable = () -> options.toWatchedTable(CdkTables.name(table),
                options.billingMode != null ? options.billingMode : CdkTables.billingMode(table),
                options.indexes != null ? options.indexes : CdkTables.indexes(table), defaultThresholds, defaultLatencyOperations);
        watched.add(watchedTable);
        try {
            footprint.measureAhead(watchedTable.get());
        } catch (IllegalArgumentException notKnownYet) {
            // Its name is not known yet: the synthesis says so, or estimates its bytes if the name comes later.
        }
    }

    /** A table by name: provisioned and without GSIs unless the options say otherwise. */
    void add(String tableName, ThrottleResponder.WatchOptions options) {
        WatchedTable table = options.toWatchedTable(tableName,
                options.billingMode != null ? options.billingMode : BillingMode.PROVISIONED,
                options.indexes != null ? options.indexes : List.of(), defaultThresholds, defaultLatencyOperations);
        watched.add(() -> table);
        footprint.measureAhead(table);
    }

    boolean isEmpty() {
        return watched.isEmpty();
    }

    /** {@code configured} and then the watched tables, each name once and each a DynamoDB name. */
    List<WatchedTable> after(List<WatchedTable> configured) {
        List<WatchedTable> tables = new ArrayList<>(configured);
        watched.forEach(table -> tables.add(table.get()));
        Set<String> names = new HashSet<>();
        for (WatchedTable table : tables) {
            if (!names.add(table.name())) {
                throw new IllegalArgumentException("table " + table.name() + " is watched twice");
            }
            Stream.concat(Stream.of(table.name()), table.indexes().stream()).filter(name -> !DynamoDbNames.isValid(name))
                    .findFirst().ifPresent(name -> {
                        throw new IllegalArgumentException("\"" + name + "\" (table " + table.name()
                                + ") is not a DynamoDB table or index name: 3-255 of a-z A-Z 0-9 _ . -");
                    });
        }
        return tables;
    }
}
