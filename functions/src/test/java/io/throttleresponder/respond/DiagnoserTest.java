package io.throttleresponder.respond;

import static io.throttleresponder.respond.Fixtures.alarm;
import static io.throttleresponder.respond.Fixtures.expression;
import static io.throttleresponder.respond.Fixtures.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.alarm.MetricQuery;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DiagnoserTest {

    private static Incident found(MetricQuery... metrics) {
        Diagnosis diagnosis = Diagnoser.diagnose(alarm("test-alarm", List.of(metrics)));
        assertThat(diagnosis).isInstanceOf(Diagnosis.Found.class);
        return ((Diagnosis.Found) diagnosis).incident();
    }

    private static String notActionable(MetricQuery... metrics) {
        Diagnosis diagnosis = Diagnoser.diagnose(alarm("test-alarm", List.of(metrics)));
        assertThat(diagnosis).isInstanceOf(Diagnosis.NotActionable.class);
        return ((Diagnosis.NotActionable) diagnosis).reason();
    }

    @ParameterizedTest
    @CsvSource({
            "ReadKeyRangeThroughputThrottleEvents, READ, KEY_RANGE",
            "WriteKeyRangeThroughputThrottleEvents, WRITE, KEY_RANGE",
            "ReadProvisionedThroughputThrottleEvents, READ, PROVISIONED",
            "WriteProvisionedThroughputThrottleEvents, WRITE, PROVISIONED",
            "ReadMaxOnDemandThroughputThrottleEvents, READ, MAX_ON_DEMAND",
            "WriteMaxOnDemandThroughputThrottleEvents, WRITE, MAX_ON_DEMAND",
            "ReadAccountLimitThrottleEvents, READ, ACCOUNT_LIMIT",
            "WriteAccountLimitThrottleEvents, WRITE, ACCOUNT_LIMIT",
    })
    void diagnose_perCauseMetric_givesOperationAndCause(String metricName, Operation operation, Cause cause) {
        Incident incident = found(metric(metricName, "TableName", "orders"));

        assertThat(incident.resource()).isEqualTo(Fixtures.ORDERS);
        assertThat(incident.operation()).isEqualTo(operation);
        assertThat(incident.cause()).isEqualTo(cause);
        assertThat(incident.signal()).isEqualTo(metricName);
        assertThat(incident.aggregate()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"ReadThrottleEvents, READ", "WriteThrottleEvents, WRITE"})
    void diagnose_aggregateThrottleEvents_isUnknownAndAggregate(String metricName, Operation operation) {
        Incident incident = found(metric(metricName, "TableName", "orders"));

        assertThat(incident.operation()).isEqualTo(operation);
        assertThat(incident.cause()).isEqualTo(Cause.UNKNOWN);
        assertThat(incident.aggregate()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"GetItem, READ", "Query, READ", "Scan, READ", "BatchGetItem, READ", "TransactGetItems, READ",
            "PutItem, WRITE", "UpdateItem, WRITE", "DeleteItem, WRITE", "BatchWriteItem, WRITE", "TransactWriteItems, WRITE"})
    void diagnose_throttledRequestsWithOperation_isAggregateOfThatOperation(String apiOperation, Operation operation) {
        Incident incident = found(metric("ThrottledRequests", "TableName", "orders", "Operation", apiOperation));

        assertThat(incident.operation()).isEqualTo(operation);
        assertThat(incident.cause()).isEqualTo(Cause.UNKNOWN);
        assertThat(incident.aggregate()).isTrue();
    }

    @Test
    void diagnose_throttledRequestsWithoutKnownOperation_isNotActionable() {
        assertThat(notActionable(metric("ThrottledRequests", "TableName", "orders"))).contains("Operation");
        assertThat(notActionable(metric("ThrottledRequests", "TableName", "orders", "Operation", "DescribeTable")))
                .contains("Operation");
    }

    @Test
    void diagnose_gsiDimension_targetsTheIndex() {
        Incident incident = found(metric("ReadProvisionedThroughputThrottleEvents",
                "TableName", "orders", "GlobalSecondaryIndexName", "by-status"));

        assertThat(incident.resource()).isEqualTo(Fixtures.BY_STATUS);
        assertThat(incident.resource().isIndex()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"Read, READ", "Write, WRITE"})
    void diagnose_utilizationMetricMath_isUtilizationOfThatOperation(String prefix, Operation operation) {
        Incident incident = found(expression("(m1 / 60) / m2 * 100"),
                metric("Consumed" + prefix + "CapacityUnits", "TableName", "orders"),
                metric("Provisioned" + prefix + "CapacityUnits", "TableName", "orders"));

        assertThat(incident.operation()).isEqualTo(operation);
        assertThat(incident.cause()).isEqualTo(Cause.UTILIZATION);
        assertThat(incident.signal()).isEqualTo(prefix + "CapacityUtilization");
        assertThat(incident.aggregate()).isFalse();
    }

    @Test
    void diagnose_utilizationMetricMathOnIndex_targetsTheIndex() {
        Incident incident = found(expression("(m1 / 60) / m2 * 100"),
                metric("ConsumedReadCapacityUnits", "TableName", "orders", "GlobalSecondaryIndexName", "by-status"),
                metric("ProvisionedReadCapacityUnits", "TableName", "orders", "GlobalSecondaryIndexName", "by-status"));

        assertThat(incident.resource()).isEqualTo(Fixtures.BY_STATUS);
        assertThat(incident.cause()).isEqualTo(Cause.UTILIZATION);
    }

    @Test
    void diagnose_consumedCapacityAlone_isUtilization() {
        Incident incident = found(metric("ConsumedWriteCapacityUnits", "TableName", "orders"));

        assertThat(incident.operation()).isEqualTo(Operation.WRITE);
        assertThat(incident.cause()).isEqualTo(Cause.UTILIZATION);
    }

    @Test
    void diagnose_mismatchedCapacityMetricMath_isNotActionable() {
        String reason = notActionable(expression("m1 / m2"),
                metric("ConsumedReadCapacityUnits", "TableName", "orders"),
                metric("ProvisionedWriteCapacityUnits", "TableName", "orders"));

        assertThat(reason).contains("ConsumedReadCapacityUnits").contains("ProvisionedWriteCapacityUnits");
    }

    @Test
    void diagnose_latencyMetricMathOverReadsAndWrites_isLatencyWithoutOperation() {
        Incident incident = found(expression("AVG([m1, m2, m3])"),
                metric("SuccessfulRequestLatency", "TableName", "orders", "Operation", "GetItem"),
                metric("SuccessfulRequestLatency", "TableName", "orders", "Operation", "PutItem"),
                metric("SuccessfulRequestLatency", "TableName", "orders", "Operation", "Query"));

        assertThat(incident.cause()).isEqualTo(Cause.LATENCY);
        assertThat(incident.operation()).isNull();
        assertThat(incident.signal()).isEqualTo("SuccessfulRequestLatency");
    }

    @Test
    void diagnose_latencyMetricMathOverReadsOnly_isLatencyOfReads() {
        Incident incident = found(expression("AVG([m1, m2])"),
                metric("SuccessfulRequestLatency", "TableName", "orders", "Operation", "GetItem"),
                metric("SuccessfulRequestLatency", "TableName", "orders", "Operation", "Query"));

        assertThat(incident.cause()).isEqualTo(Cause.LATENCY);
        assertThat(incident.operation()).isEqualTo(Operation.READ);
    }

    @Test
    void diagnose_singleLatencyMetric_isLatencyOfItsOperation() {
        Incident incident = found(metric("SuccessfulRequestLatency", "TableName", "orders", "Operation", "PutItem"));

        assertThat(incident.cause()).isEqualTo(Cause.LATENCY);
        assertThat(incident.operation()).isEqualTo(Operation.WRITE);
    }

    @Test
    void diagnose_metricMathOverOneThrottleMetricTwice_isDiagnosedAsThatMetric() {
        Incident incident = found(expression("m1 + m2"),
                metric("WriteKeyRangeThroughputThrottleEvents", "TableName", "orders"),
                metric("WriteKeyRangeThroughputThrottleEvents", "TableName", "orders"));

        assertThat(incident.cause()).isEqualTo(Cause.KEY_RANGE);
        assertThat(incident.operation()).isEqualTo(Operation.WRITE);
    }

    @Test
    void diagnose_nonDynamoDbNamespace_isNotActionableNamingNamespace() {
        String reason = notActionable(Fixtures.metricIn("AWS/EC2", "CPUUtilization", "InstanceId", "i-0a1b2c3d4e5f67890"));

        assertThat(reason).contains("AWS/EC2").contains("AWS/DynamoDB");
    }

    @Test
    void diagnose_missingTableName_isNotActionable() {
        String reason = notActionable(metric("WriteProvisionedThroughputThrottleEvents", "GlobalSecondaryIndexName", "by-status"));

        assertThat(reason).contains("TableName");
    }

    @Test
    void diagnose_unrecognisedDynamoDbMetric_isNotActionable() {
        String reason = notActionable(metric("UserErrors", "TableName", "orders"));

        assertThat(reason).contains("UserErrors").contains("not a throttling");
    }

    @Test
    void diagnose_compositeAlarmWithoutMetrics_isNotActionable() {
        assertThat(notActionable()).contains("watches no metric");
    }

    @Test
    void diagnose_expressionOnly_isNotActionable() {
        assertThat(notActionable(expression("SUM(METRICS())"))).contains("watches no metric");
    }

    @Test
    void diagnose_metricsFromTwoTables_isNotActionable() {
        String reason = notActionable(expression("m1 + m2"),
                metric("WriteThrottleEvents", "TableName", "orders"),
                metric("WriteThrottleEvents", "TableName", "sessions"));

        assertThat(reason).contains("several tables");
    }

    @Test
    void diagnose_dynamoDbMetricBesideOtherNamespace_usesTheDynamoDbMetric() {
        Incident incident = found(expression("m1 + m2"),
                Fixtures.metricIn("AWS/EC2", "CPUUtilization", "InstanceId", "i-1"),
                metric("WriteProvisionedThroughputThrottleEvents", "TableName", "orders"));

        assertThat(incident.cause()).isEqualTo(Cause.PROVISIONED);
    }
}
