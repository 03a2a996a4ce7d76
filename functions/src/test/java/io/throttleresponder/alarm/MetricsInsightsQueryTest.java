package io.throttleresponder.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsInsightsQueryTest {

    @Test
    void parse_schemaQueryGroupedByTable_readsEveryPart() {
        MetricsInsightsQuery query = MetricsInsightsQuery.parse("SELECT SUM(WriteThrottleEvents) FROM SCHEMA(\"AWS/DynamoDB\","
                + " TableName) GROUP BY TableName ORDER BY SUM() DESC LIMIT 100").orElseThrow();

        assertThat(query).isEqualTo(new MetricsInsightsQuery("SUM", "WriteThrottleEvents", "AWS/DynamoDB", List.of("TableName"),
                List.of(), List.of("TableName")));
    }

    @Test
    void parse_quotedNamespaceAndLowerCaseKeywords_areRead() {
        MetricsInsightsQuery query = MetricsInsightsQuery.parse("select avg(ConsumedWriteCapacityUnits) from \"AWS/DynamoDB\""
                + " group by TableName order by max() desc").orElseThrow();

        assertThat(query.function()).isEqualTo("AVG");
        assertThat(query.namespace()).isEqualTo("AWS/DynamoDB");
        assertThat(query.schemaKeys()).isEmpty();
    }

    @Test
    void parse_whereConditionsJoinedByAnd_areEachRead() {
        MetricsInsightsQuery query = MetricsInsightsQuery.parse("SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\","
                + " Operation, TableName) WHERE Operation = 'PutItem' AND TableName != 'scratch' GROUP BY TableName").orElseThrow();

        assertThat(query.where()).containsExactly(new MetricsInsightsQuery.Condition("Operation", "=", "PutItem"),
                new MetricsInsightsQuery.Condition("TableName", "!=", "scratch"));
    }

    @Test
    void parse_whereWithOr_isUnreadable() {
        assertThat(MetricsInsightsQuery.parse("SELECT SUM(WriteThrottleEvents) FROM \"AWS/DynamoDB\" WHERE TableName = 'a' OR"
                + " TableName = 'b' GROUP BY TableName")).isEmpty();
    }

    @Test
    void parse_metricMath_isNoQuery() {
        assertThat(MetricsInsightsQuery.isQuery("SUM(METRICS())")).isFalse();
        assertThat(MetricsInsightsQuery.isQuery("  select SUM(x) FROM y")).isTrue();
        assertThat(MetricsInsightsQuery.parse("SUM(METRICS())")).isEmpty();
    }
}
