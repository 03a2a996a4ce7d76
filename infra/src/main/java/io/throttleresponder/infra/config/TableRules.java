package io.throttleresponder.infra.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.contract.DynamoDbNames;
import io.throttleresponder.infra.AlarmSignal;
import io.throttleresponder.infra.WatchedTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validating the named tables: each table's keys, its thresholds and latency operations (also those of
 * {@code defaults}), and that the alarm names of all tables are short enough and distinct.
 */
final class TableRules {

    /** A metric-math alarm may hold at most 10 metrics; the latency alarm holds one per operation. */
    static final int MAX_LATENCY_OPERATIONS = 10;

    private static final int MAX_ALARM_NAME_LENGTH = 255;
    private static final Set<String> LATENCY_OPERATIONS = Set.of(
            "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem",
            "TransactGetItems", "TransactWriteItems", "ExecuteStatement", "BatchExecuteStatement",
            "ExecuteTransaction", "GetRecords");
    private static final Set<String> TABLE_KEYS =
            Set.of("name", "billingMode", "indexes", "thresholds", "latencyOperations", "policy");
    private static final Set<String> THRESHOLD_KEYS =
            Set.of("throttleEventsPerMinute", "utilizationPercent", "latencyMilliseconds");

    private final JsonFields fields;
    private final PolicyKeys policy;

    TableRules(JsonFields fields, PolicyKeys policy) {
        this.fields = fields;
        this.policy = policy;
    }

    /** The tables of {@code tableNodes}, a non-empty list, each name once and each alarm name valid and distinct. */
    List<WatchedTable> tables(JsonNode tableNodes, String deploymentName, boolean withSensor, Thresholds defaultThresholds,
                              List<String> defaultOperations) {
        List<WatchedTable> tables = new ArrayList<>();
        Map<String, Integer> firstIndexByName = new HashMap<>();
        Map<String, String> alarmSubjectByLabel = new HashMap<>();
        for (int i = 0; i < tableNodes.size(); i++) {
            String path = "tables[%d]".formatted(i);
            WatchedTable table = table(tableNodes.get(i), path, defaultThresholds, defaultOperations);
            if (table == null) {
                continue;
            }
            Integer first = firstIndexByName.putIfAbsent(table.name(), i);
            if (first != null) {
                fields.problem("%s.name: table \"%s\" is listed twice (also tables[%d])".formatted(path, table.name(), first));
            }
            checkAlarmNameLength(deploymentName, table, path, withSensor);
            if (first == null) {
                checkAlarmNamesAreDistinct(table, path, alarmSubjectByLabel);
            }
            tables.add(table);
        }
        return tables;
    }

    private WatchedTable table(JsonNode node, String path, Thresholds defaultThresholds, List<String> defaultOperations) {
        if (!fields.requireObject(node, path)) {
            return null;
        }
        fields.rejectUnknownKeys(node, path, TABLE_KEYS);
        Optional<String> name = fields.text(node, path, "name");
        if (name.isEmpty()) {
            fields.problem(path + ".name: missing; every watched table needs its DynamoDB table name");
            return null;
        }
        if (!DynamoDbNames.isValid(name.get())) {
            fields.problem("%s.name: \"%s\" is not a valid DynamoDB table name (3-255 characters of a-z, A-Z, 0-9, '_', '-', '.')"
                    .formatted(path, name.get()));
        }
        BillingMode billingMode = billingMode(node, path);
        List<String> indexes = fields.stringList(node.get("indexes"), path + ".indexes");
        Map<String, Integer> firstIndexByName = new HashMap<>();
        for (int i = 0; i < indexes.size(); i++) {
            String index = indexes.get(i);
            if (!DynamoDbNames.isValid(index)) {
                fields.problem("%s.indexes[%d]: \"%s\" is not a valid index name (3-255 characters of a-z, A-Z, 0-9, '_', '-', '.')"
                        .formatted(path, i, index));
            }
            Integer first = firstIndexByName.putIfAbsent(index, i);
            if (first != null) {
                fields.problem("%s.indexes[%d]: index \"%s\" is listed twice (also indexes[%d])".formatted(path, i, index, first));
            }
        }
        return new WatchedTable(
                name.get(),
                billingMode,
                indexes,
                thresholds(node.get("thresholds"), path + ".thresholds", defaultThresholds),
                latencyOperations(node.get("latencyOperations"), path + ".latencyOperations", defaultOperations),
                policy.read(node.get("policy"), path + ".policy", true));
    }

    private BillingMode billingMode(JsonNode table, String path) {
        Optional<String> value = fields.text(table, path, "billingMode");
        if (value.isEmpty()) {
            fields.problem(path + ".billingMode: missing; state PROVISIONED or PAY_PER_REQUEST, as the table has it");
            return BillingMode.PROVISIONED;
        }
        try {
            return BillingMode.valueOf(value.get());
        } catch (IllegalArgumentException e) {
            fields.problem("%s.billingMode: \"%s\" is not PROVISIONED or PAY_PER_REQUEST".formatted(path, value.get()));
            return BillingMode.PROVISIONED;
        }
    }

    Thresholds thresholds(JsonNode node, String path, Thresholds inherited) {
        if (node == null || !fields.requireObject(node, path)) {
            return inherited;
        }
        fields.rejectUnknownKeys(node, path, THRESHOLD_KEYS);
        return new Thresholds(
                fields.positiveNumber(node, path, "throttleEventsPerMinute").orElse(inherited.throttleEventsPerMinute()),
                fields.positiveNumber(node, path, "utilizationPercent").orElse(inherited.utilizationPercent()),
                fields.positiveNumber(node, path, "latencyMilliseconds").orElse(inherited.latencyMilliseconds()));
    }

    List<String> latencyOperations(JsonNode node, String path, List<String> inherited) {
        if (node == null) {
            return inherited;
        }
        List<String> operations = fields.stringList(node, path);
        if (operations.isEmpty() || operations.size() > MAX_LATENCY_OPERATIONS) {
            fields.problem("%s: name 1 to %d operations (one metric each; a metric-math alarm holds at most %d metrics)"
                    .formatted(path, MAX_LATENCY_OPERATIONS, MAX_LATENCY_OPERATIONS));
            return inherited;
        }
        for (int i = 0; i < operations.size(); i++) {
            String operation = operations.get(i);
            if (!LATENCY_OPERATIONS.contains(operation)) {
                fields.problem("%s[%d]: \"%s\" is not a DynamoDB operation with a SuccessfulRequestLatency metric"
                        .formatted(path, i, operation));
            } else if (operations.indexOf(operation) != i) {
                fields.problem("%s[%d]: \"%s\" is listed twice".formatted(path, i, operation));
            }
        }
        return operations;
    }

    private void checkAlarmNameLength(String deploymentName, WatchedTable table, String path, boolean withSensor) {
        int tableAlarmName = deploymentName.length() + table.name().length() + AlarmSignal.longestSignalName() + 2
                + (withSensor ? WatchedTarget.SENSOR_ALARM_SUFFIX.length() : 0);
        if (tableAlarmName > MAX_ALARM_NAME_LENGTH) {
            fields.problem("%s.name: alarm names for this table would be %d characters; CloudWatch allows %d"
                    .formatted(path, tableAlarmName, MAX_ALARM_NAME_LENGTH));
            return;
        }
        for (int i = 0; i < table.indexes().size(); i++) {
            int indexAlarmName = tableAlarmName + table.indexes().get(i).length() + 1;
            if (indexAlarmName > MAX_ALARM_NAME_LENGTH) {
                fields.problem("%s.indexes[%d]: alarm names for this index would be %d characters; CloudWatch allows %d"
                        .formatted(path, i, indexAlarmName, MAX_ALARM_NAME_LENGTH));
            }
        }
    }

    /** Table "a-b" and index "b" of table "a" would both be named "a-b" in alarm names. */
    private void checkAlarmNamesAreDistinct(WatchedTable table, String path, Map<String, String> subjectByLabel) {
        for (WatchedTarget target : WatchedTarget.of(table)) {
            String subject = target.index().map(index -> "%s.indexes \"%s\"".formatted(path, index)).orElse(path + ".name");
            String other = subjectByLabel.putIfAbsent(target.label(), subject);
            if (other != null) {
                fields.problem("%s: its alarm names (\"%s-...\") would be the same as those of %s; rename one in the file"
                        .formatted(subject, target.label(), other));
            }
        }
    }
}
