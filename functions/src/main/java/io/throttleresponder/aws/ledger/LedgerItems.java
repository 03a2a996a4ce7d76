package io.throttleresponder.aws.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The ledger table's shared key and attribute encoding, and how long its items are kept. */
final class LedgerItems {

    static final String TABLE = "TABLE#";

    /** Long enough to review an incident after the fact, short enough not to grow without bound. */
    static final Duration RETENTION = Duration.ofDays(30);

    private LedgerItems() {}

    static Map<String, AttributeValue> key(String table, String sortKey) {
        return Map.of("pk", s(TABLE + table), "sk", s(sortKey));
    }

    static long number(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        return item == null || !item.containsKey(name) ? null : Instant.ofEpochMilli(number(item, name));
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }
}
