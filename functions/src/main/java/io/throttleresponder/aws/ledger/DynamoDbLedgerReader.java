package io.throttleresponder.aws.ledger;

import static io.throttleresponder.aws.ledger.DynamoDbAuditLog.EVENTS;
import static io.throttleresponder.aws.ledger.LedgerItems.TABLE;
import static io.throttleresponder.aws.ledger.LedgerItems.s;

import io.throttleresponder.operate.LedgerReader;
import io.throttleresponder.operate.RecordedResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** The operator's reads of the ledger: which tables have incident state, and the audit log's responses. */
final class DynamoDbLedgerReader implements LedgerReader {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    DynamoDbLedgerReader(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** A Scan of the keys: the operator's occasional read of a small table, never the function's. */
    @Override
    public Set<String> tablesWithState() {
        Set<String> tables = new TreeSet<>();
        for (ScanResponse page : dynamoDb.scanPaginator(r -> r.tableName(tableName)
                .filterExpression("begins_with(pk, :table)")
                .projectionExpression("pk")
                .expressionAttributeValues(Map.of(":table", s(TABLE)))
                .consistentRead(true))) {
            page.items().forEach(item -> tables.add(item.get("pk").s().substring(TABLE.length())));
        }
        return tables;
    }

    @Override
    public List<RecordedResponse> history(Optional<String> table, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        if (table.isPresent()) {
            items.addAll(dynamoDb.query(r -> r.tableName(tableName)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(EVENTS + table.get())))
                    .scanIndexForward(false)
                    .limit(limit)).items());
        } else {
            for (ScanResponse page : dynamoDb.scanPaginator(r -> r.tableName(tableName)
                    .filterExpression("begins_with(pk, :events)")
                    .expressionAttributeValues(Map.of(":events", s(EVENTS))))) {
                items.addAll(page.items());
            }
        }
        return items.stream()
                .map(item -> new RecordedResponse(Instant.parse(item.get("sk").s().substring(0, item.get("sk").s().indexOf('#'))),
                        item.get("pk").s().substring(EVENTS.length()), item.get("outcome").s(), item.get("response").s()))
                .sorted(Comparator.comparing(RecordedResponse::at).reversed())
                .limit(limit)
                .toList();
    }
}
