package io.throttleresponder.client;

import io.throttleresponder.client.ThrottleSensor.Target;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** What a DynamoDB request names: its table (and index), and the keys it touches on a table. */
final class Requests {

    /** Unknown or several tables: what a throttle is counted under when DynamoDB did not name its table. */
    static final String NO_TABLE = "-";

    /** {@code arn:aws:dynamodb:us-east-1:123456789012:table/orders[/index/by-status]} */
    private static final Pattern RESOURCE_ARN = Pattern.compile("^arn:[^:]+:dynamodb:[^:]*:[^:]*:table/([^/]+)(?:/index/([^/]+))?$");
    /** PartiQL's table (and index): {@code FROM "orders"."by-status"}, {@code INSERT INTO "orders"}, {@code UPDATE "orders"}. */
    private static final Pattern STATEMENT_TABLE =
            Pattern.compile("(?i)\\b(?:FROM|INTO|UPDATE)\\s+\"([^\"]+)\"(?:\\.\"([^\"]+)\")?");

    /**
     * Key attributes ({@code isKey}: a request's Key, the table's key exactly) or a whole item (a put's,
     * whose key needs the table's key schema); or a query's partition key value alone.
     */
    record KeyedItem(Map<String, AttributeValue> attributes, boolean isKey, AttributeValue partitionKeyValue) {
        static KeyedItem key(Map<String, AttributeValue> key) {
            return new KeyedItem(key, true, null);
        }

        static KeyedItem item(Map<String, AttributeValue> item) {
            return new KeyedItem(item, false, null);
        }
    }

    private Requests() {}

    /** The table or index a resource ARN of a ThrottlingReason names. */
    static Optional<Target> targetOfArn(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        Matcher matcher = RESOURCE_ARN.matcher(arn);
        return matcher.matches() ? Optional.of(new Target(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** The table (and index) a request names; {@link #NO_TABLE} when it names none or several. */
    static Target target(SdkRequest request) {
        if (request instanceof QueryRequest query) {
            return new Target(Objects.requireNonNullElse(query.tableName(), NO_TABLE), query.indexName());
        }
        if (request instanceof ScanRequest scan) {
            return new Target(Objects.requireNonNullElse(scan.tableName(), NO_TABLE), scan.indexName());
        }
        if (request instanceof BatchGetItemRequest batch) {
            return onlyTable(batch.requestItems().keySet());
        }
        if (request instanceof BatchWriteItemRequest batch) {
            return onlyTable(batch.requestItems().keySet());
        }
        if (request instanceof TransactGetItemsRequest transaction) {
            return onlyTable(transaction.transactItems().stream()
                    .map(item -> item.get() == null ? null : item.get().tableName())
                    .collect(Collectors.toSet()));
        }
        if (request instanceof TransactWriteItemsRequest transaction) {
            return onlyTable(transaction.transactItems().stream().map(Requests::tableName).collect(Collectors.toSet()));
        }
        if (request instanceof ExecuteStatementRequest statement && statement.statement() != null) {
            Matcher matcher = STATEMENT_TABLE.matcher(statement.statement());
            return matcher.find() ? new Target(matcher.group(1), matcher.group(2)) : new Target(NO_TABLE, null);
        }
        return new Target(request.getValueForField("TableName", String.class).orElse(NO_TABLE), null);
    }

    /** The keys (or items) a request touches on {@code table}: one for a single-item call, one per item of a batch or transaction. */
    static List<KeyedItem> keyedItems(SdkRequest request, String table) {
        if (request instanceof GetItemRequest get) {
            return List.of(KeyedItem.key(get.key()));
        }
        if (request instanceof UpdateItemRequest update) {
            return List.of(KeyedItem.key(update.key()));
        }
        if (request instanceof DeleteItemRequest delete) {
            return List.of(KeyedItem.key(delete.key()));
        }
        if (request instanceof PutItemRequest put) {
            return List.of(KeyedItem.item(put.item()));
        }
        if (request instanceof QueryRequest query) {
            return queryPartitionKey(query).map(value -> List.of(new KeyedItem(Map.of(), true, value))).orElse(List.of());
        }
        if (request instanceof BatchGetItemRequest batch) {
            KeysAndAttributes keys = batch.requestItems().get(table);
            return keys == null ? List.of() : keys.keys().stream().map(KeyedItem::key).toList();
        }
        if (request instanceof BatchWriteItemRequest batch) {
            List<KeyedItem> items = new ArrayList<>();
            for (WriteRequest write : batch.requestItems().getOrDefault(table, List.of())) {
                if (write.putRequest() != null) {
                    items.add(KeyedItem.item(write.putRequest().item()));
                } else if (write.deleteRequest() != null) {
                    items.add(KeyedItem.key(write.deleteRequest().key()));
                }
            }
            return items;
        }
        if (request instanceof TransactGetItemsRequest transaction) {
            return transaction.transactItems().stream()
                    .map(TransactGetItem::get)
                    .filter(get -> get != null && table.equals(get.tableName()))
                    .map(get -> KeyedItem.key(get.key()))
                    .toList();
        }
        if (request instanceof TransactWriteItemsRequest transaction) {
            return transaction.transactItems().stream()
                    .filter(item -> table.equals(tableName(item)))
                    .map(Requests::keyedItem)
                    .toList();
        }
        return List.of();
    }

    static String text(AttributeValue value) {
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return value.n();
        }
        if (value.b() != null) {
            return Base64.getEncoder().encodeToString(value.b().asByteArray());
        }
        return value.toString();
    }

    private static Target onlyTable(Set<String> tables) {
        return tables.size() == 1 && !tables.contains(null) ? new Target(tables.iterator().next(), null) : new Target(NO_TABLE, null);
    }

    private static String tableName(TransactWriteItem item) {
        if (item.put() != null) {
            return item.put().tableName();
        }
        if (item.update() != null) {
            return item.update().tableName();
        }
        if (item.delete() != null) {
            return item.delete().tableName();
        }
        return item.conditionCheck() == null ? null : item.conditionCheck().tableName();
    }

    private static KeyedItem keyedItem(TransactWriteItem item) {
        if (item.put() != null) {
            return KeyedItem.item(item.put().item());
        }
        if (item.update() != null) {
            return KeyedItem.key(item.update().key());
        }
        if (item.delete() != null) {
            return KeyedItem.key(item.delete().key());
        }
        return KeyedItem.key(item.conditionCheck().key());
    }

    /** The partition key value of a query's key condition: {@code pk = :v} or {@code #pk = :v}, possibly AND a sort key condition. */
    private static Optional<AttributeValue> queryPartitionKey(QueryRequest query) {
        if (query.keyConditionExpression() == null) {
            return Optional.empty();
        }
        String first = query.keyConditionExpression().split("(?i)\\s+AND\\s+")[0].trim();
        String[] sides = first.split("=");
        if (sides.length != 2) {
            return Optional.empty();
        }
        return Optional.ofNullable(query.expressionAttributeValues().get(sides[1].trim()));
    }
}
