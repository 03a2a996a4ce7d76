package io.throttleresponder.diagnose;

import static io.throttleresponder.respond.Fixtures.alarm;
import static io.throttleresponder.respond.Fixtures.expression;
import static io.throttleresponder.respond.Fixtures.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.AnomalyBand;
import io.throttleresponder.alarm.Contributor;
import io.throttleresponder.alarm.Delivery;
import io.throttleresponder.alarm.EventFiles;
import io.throttleresponder.alarm.MetricQuery;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.respond.Fixtures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    private static AlarmNotification comparing(String operator, String reason) {
        AlarmNotification a = alarm("test-alarm", List.of(metric("WriteProvisionedThroughputThrottleEvents", "TableName", "orders")));
        return new AlarmNotification(a.delivery(), a.alarmName(), a.alarmArn(), a.accountId(), a.region(), a.state(),
                a.previousState(), a.stateChangeTime(), reason, a.threshold(), a.metrics(), operator, List.of(), null, null,
                null, null);
    }

    @ParameterizedTest
    @CsvSource({"LessThanThreshold", "LessThanOrEqualToThreshold"})
    void diagnose_alarmBreachingBelowItsThreshold_isNotAThrottle_evenOnAThrottleMetric(String operator) {
        Diagnosis diagnosis = Diagnoser.diagnose(comparing(operator, "Threshold Crossed: 1 out of the last 1 datapoints [2.0"
                + " (21/11/26 03:14:00)] was less than the threshold (50.0)"));

        assertThat(diagnosis).isInstanceOf(Diagnosis.NotActionable.class);
        assertThat(((Diagnosis.NotActionable) diagnosis).reason())
                .isEqualTo("alarm test-alarm breached below its threshold (" + operator + "): less demand, not a throttle;"
                        + " nothing to raise");
    }

    @Test
    void diagnose_withoutAnOperator_readsTheComparisonFromTheReason() {
        assertThat(Diagnoser.diagnose(comparing(null, "Threshold Crossed: 1 datapoint was less than or equal to the threshold"
                + " (1.0).")))
                .isInstanceOf(Diagnosis.NotActionable.class);
        assertThat(Diagnoser.diagnose(comparing(null, "Threshold Crossed: 1 datapoint was greater than the threshold (50.0).")))
                .isInstanceOf(Diagnosis.Found.class);
        // The operator, when given, decides: a reason is not read against it.
        assertThat(Diagnoser.diagnose(comparing("GreaterThanThreshold", "... was less than the threshold (1.0)")))
                .isInstanceOf(Diagnosis.Found.class);
    }

    @Test
    void diagnose_contributorOfALowConsumptionMetricsInsightsAlarm_asAwsDocumentsIt_isIgnoredNotRaised() {
        Diagnosis diagnosis = Diagnoser.diagnose(EventFiles.notification("eventbridge-contributor-low-consumption-orders.json"));

        assertThat(diagnosis).isInstanceOf(Diagnosis.NotActionable.class);
        assertThat(((Diagnosis.NotActionable) diagnosis).reason()).startsWith(
                "alarm throttle-responder-tables-low-write-consumption/6d442278dba546f6 breached below its threshold (its reason:"
                        + " \"Threshold Crossed: 1 datapoint was less than the threshold (1.0).");
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
    void diagnose_alarmWithoutMetrics_isNotActionable() {
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

    /** An ALARM of test-alarm with what the parser reads besides the metrics. */
    private static AlarmNotification alarmWith(List<MetricQuery> metrics, String comparisonOperator, List<Double> datapoints,
                                               String alarmRule, Contributor contributor, AnomalyBand band) {
        return new AlarmNotification(Delivery.SNS, "test-alarm", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:test-alarm",
                "123456789012", "us-east-1", AlarmState.ALARM, AlarmState.OK, Fixtures.CHANGED_AT, "Threshold Crossed",
                50.0, metrics, comparisonOperator, datapoints, alarmRule, contributor, null, band);
    }

    private static String reason(Diagnosis diagnosis) {
        assertThat(diagnosis).isInstanceOf(Diagnosis.NotActionable.class);
        return ((Diagnosis.NotActionable) diagnosis).reason();
    }

    private static Incident incident(Diagnosis diagnosis) {
        assertThat(diagnosis).isInstanceOf(Diagnosis.Found.class);
        return ((Diagnosis.Found) diagnosis).incident();
    }

    @Nested
    class Composites {

        @Test
        void diagnose_compositeAlarm_isNotActionable_namingItsRule() {
            Diagnosis diagnosis = Diagnoser.diagnose(alarmWith(List.of(), null, List.of(),
                    "ALARM(a) OR ALARM(b)", null, null));

            assertThat(reason(diagnosis)).isEqualTo("composite alarm test-alarm (ALARM(a) OR ALARM(b)): the responder"
                    + " answers the metric alarms it combines, each on its own");
        }
    }

    @Nested
    class AnomalyBands {

        private final List<MetricQuery> band = List.of(metric("WriteThrottleEvents", "TableName", "orders"),
                expression("ANOMALY_DETECTION_BAND(m1, 2)"));

        @Test
        void diagnose_twoSidedBandCrossedBelow_isNotActionable_withDatapointAndBound() {
            String reason = reason(Diagnoser.diagnose(alarmWith(band, "LessThanLowerOrGreaterThanUpperThreshold", List.of(1.0),
                    null, null, new AnomalyBand(10.0, 90.0))));

            assertThat(reason).contains("breached below its band (1.0 < lower bound 10.0)");
        }

        @Test
        void diagnose_twoSidedBandCrossedAbove_isAnsweredAsThePlainMetric() {
            Incident incident = incident(Diagnoser.diagnose(alarmWith(band, "LessThanLowerOrGreaterThanUpperThreshold",
                    List.of(95.0), null, null, new AnomalyBand(10.0, 90.0))));

            assertThat(incident.operation()).isEqualTo(Operation.WRITE);
            assertThat(incident.aggregate()).isTrue();
        }

        @Test
        void diagnose_lowerSideOnlyBand_isNotActionableWhateverTheDatapoint() {
            String reason = reason(Diagnoser.diagnose(alarmWith(band, "LessThanLowerThreshold", List.of(), null, null, null)));

            assertThat(reason).contains("breached below its band (LessThanLowerThreshold)");
        }

        @Test
        void diagnose_upperSideOnlyBand_isAnsweredWithoutBounds() {
            assertThat(incident(Diagnoser.diagnose(alarmWith(band, "GreaterThanUpperThreshold", List.of(), null, null, null)))
                    .resource()).isEqualTo(ResourceId.table("orders"));
        }

        @Test
        void diagnose_twoSidedBandWithoutDatapointOrBound_isNotActionable_neverBlind() {
            String reason = reason(Diagnoser.diagnose(alarmWith(band, null, List.of(), null, null, null)));

            assertThat(reason).contains("does not say which side of its band it crossed");
        }
    }

    @Nested
    class ReadAndWriteMath {

        @Test
        void diagnose_sumOfReadAndWriteThrottleEvents_isAggregateWithTheOperationToRefine() {
            Incident incident = found(expression("SUM(METRICS())"), metric("ReadThrottleEvents", "TableName", "orders"),
                    metric("WriteThrottleEvents", "TableName", "orders"));

            assertThat(incident.operation()).isNull();
            assertThat(incident.aggregate()).isTrue();
            assertThat(incident.cause()).isEqualTo(Cause.UNKNOWN);
        }
    }

    @Nested
    class ConsumedCapacity {

        private MetricQuery consumed(Integer period, String stat) {
            return new MetricQuery("m1", "AWS/DynamoDB", "ConsumedWriteCapacityUnits", java.util.Map.of("TableName", "orders"),
                    stat, null, true, null, period);
        }

        @Test
        void diagnose_consumedSumOverPeriod_carriesTheBreachingDatapointPerSecond() {
            Incident incident = incident(Diagnoser.diagnose(alarmWith(List.of(consumed(60, "Sum")), null, List.of(120.0, 252.0),
                    null, null, null)));

            assertThat(incident.alarmedRate()).isEqualTo(4.2);
        }

        @Test
        void diagnose_consumedWithoutDatapoints_usesTheThresholdPerSecond() {
            assertThat(incident(Diagnoser.diagnose(alarmWith(List.of(consumed(60, "Sum")), null, List.of(), null, null, null)))
                    .alarmedRate()).isEqualTo(50.0 / 60);
        }

        @Test
        void diagnose_consumedAverageOrWithoutPeriod_carriesNoRate() {
            assertThat(incident(Diagnoser.diagnose(alarmWith(List.of(consumed(60, "Average")), null, List.of(252.0), null, null,
                    null))).alarmedRate()).isNull();
            assertThat(incident(Diagnoser.diagnose(alarmWith(List.of(consumed(null, "Sum")), null, List.of(252.0), null, null,
                    null))).alarmedRate()).isNull();
        }
    }

    @Nested
    class MetricsInsightsContributors {

        private Diagnosis contributor(String query, java.util.Map<String, String> attributes) {
            return Diagnoser.diagnose(alarmWith(List.of(new MetricQuery("m1", null, null, java.util.Map.of(), null, query, true,
                    null, 60)), null, List.of(), null, attributes == null ? null : new Contributor("c1", attributes), null));
        }

        @Test
        void diagnose_parentStateChange_isNotActionable_sayingContributorsAreAnswered() {
            assertThat(reason(contributor("SELECT SUM(WriteThrottleEvents) FROM SCHEMA(\"AWS/DynamoDB\", TableName)"
                    + " GROUP BY TableName", null))).contains("each contributor (one table or index) is, on its own");
        }

        @Test
        void diagnose_contributor_isTheIncidentOfItsTableForTheSelectedMetric() {
            Incident incident = incident(contributor("SELECT MAX(ReadProvisionedThroughputThrottleEvents) FROM \"AWS/DynamoDB\""
                    + " GROUP BY TableName ORDER BY MAX() DESC LIMIT 10", java.util.Map.of("TableName", "orders")));

            assertThat(incident).isEqualTo(new Incident(ResourceId.table("orders"), Operation.READ, Cause.PROVISIONED,
                    "ReadProvisionedThroughputThrottleEvents", false));
        }

        @Test
        void diagnose_contributorGroupedByIndex_isTheIndexIncident() {
            Incident incident = incident(contributor("SELECT SUM(WriteThrottleEvents) FROM SCHEMA(\"AWS/DynamoDB\","
                    + " GlobalSecondaryIndexName, TableName) GROUP BY TableName, GlobalSecondaryIndexName",
                    java.util.Map.of("TableName", "orders", "GlobalSecondaryIndexName", "by-status")));

            assertThat(incident.resource()).isEqualTo(new ResourceId("orders", "by-status"));
            assertThat(incident.aggregate()).isTrue();
        }

        @Test
        void diagnose_throttledRequestsWithOperationFixedByWhere_isThatOperation() {
            Incident incident = incident(contributor("SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", Operation,"
                    + " TableName) WHERE Operation = 'PutItem' GROUP BY TableName", java.util.Map.of("TableName", "orders")));

            assertThat(incident.operation()).isEqualTo(Operation.WRITE);
        }

        @Test
        void diagnose_whereOnTheTable_isHonouredByCloudWatchAlready() {
            assertThat(incident(contributor("SELECT SUM(WriteThrottleEvents) FROM SCHEMA(\"AWS/DynamoDB\", TableName)"
                    + " WHERE TableName != 'scratch' GROUP BY TableName", java.util.Map.of("TableName", "orders")))
                    .resource()).isEqualTo(ResourceId.table("orders"));
        }

        @Test
        void diagnose_whereTheResponderCannotHonour_isNotActionable_namingIt() {
            assertThat(reason(contributor("SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", Operation, TableName)"
                    + " WHERE Operation != 'Scan' GROUP BY TableName", java.util.Map.of("TableName", "orders"))))
                    .contains("its WHERE Operation != Scan is not one the responder can honour");
        }

        @Test
        void diagnose_contributorWithoutTableName_isNotActionable() {
            assertThat(reason(contributor("SELECT SUM(WriteThrottleEvents) FROM \"AWS/DynamoDB\" GROUP BY Operation",
                    java.util.Map.of("Operation", "PutItem")))).contains("contributor c1 names no TableName");
        }

        @Test
        void diagnose_queryOfAnotherNamespace_isNotActionable() {
            assertThat(reason(contributor("SELECT AVG(CPUUtilization) FROM SCHEMA(\"AWS/EC2\", InstanceId) GROUP BY InstanceId",
                    java.util.Map.of("InstanceId", "i-1")))).contains("reads namespace AWS/EC2, not AWS/DynamoDB");
        }

        @Test
        void diagnose_queryItCannotRead_isNotActionable() {
            assertThat(reason(contributor("SELECT SUM(WriteThrottleEvents) FROM \"AWS/DynamoDB\" WHERE TableName = 'a' OR"
                    + " TableName = 'b' GROUP BY TableName", java.util.Map.of("TableName", "a"))))
                    .contains("the responder cannot read its query");
        }

        @Test
        void diagnose_consumedSumContributor_carriesTheRatePerSecondOfTheQueryPeriod() {
            Diagnosis diagnosis = Diagnoser.diagnose(new AlarmNotification(Delivery.EVENTBRIDGE, "test-alarm", null, null, null,
                    AlarmState.ALARM, null, Fixtures.CHANGED_AT, "r", null, List.of(new MetricQuery("m1", null, null,
                    java.util.Map.of(), null, "SELECT SUM(ConsumedReadCapacityUnits) FROM \"AWS/DynamoDB\" GROUP BY TableName",
                    true, null, 60)), null, List.of(300.0), null, new Contributor("c1", java.util.Map.of("TableName", "orders")),
                    null, null));

            assertThat(incident(diagnosis).alarmedRate()).isEqualTo(5.0);
        }
    }

    @Nested
    class ClientSensor {

        private static final Optional<String> SENSOR = Optional.of("Checkout/ThrottleSensor");

        private Diagnosis diagnose(MetricQuery metric) {
            return Diagnoser.diagnose(alarm("orders-10s", List.of(metric)), SENSOR);
        }

        private static MetricQuery sensorMetric(String... dimensions) {
            return Fixtures.metricIn("Checkout/ThrottleSensor", "ThrottledRequests", dimensions);
        }

        @ParameterizedTest
        @CsvSource({
                "TableReadKeyRangeThroughputExceeded, READ, KEY_RANGE",
                "TableWriteKeyRangeThroughputExceeded, WRITE, KEY_RANGE",
                "TableReadProvisionedThroughputExceeded, READ, PROVISIONED",
                "TableWriteProvisionedThroughputExceeded, WRITE, PROVISIONED",
                "TableReadMaxOnDemandThroughputExceeded, READ, MAX_ON_DEMAND",
                "TableWriteMaxOnDemandThroughputExceeded, WRITE, MAX_ON_DEMAND",
                "TableReadAccountLimitExceeded, READ, ACCOUNT_LIMIT",
                "TableWriteAccountLimitExceeded, WRITE, ACCOUNT_LIMIT",
        })
        void eachReason_isTheCauseOfTheMetricItMapsTo(String reason, Operation operation, Cause cause) {
            Diagnosis diagnosis = diagnose(sensorMetric("TableName", "orders", "Reason", reason));

            assertThat(diagnosis).isEqualTo(new Diagnosis.Found(new Incident(Fixtures.ORDERS, operation, cause, reason, false)));
        }

        @Test
        void anIndexReason_isTheIndexNamedByTheAlarm() {
            Diagnosis diagnosis = diagnose(sensorMetric("TableName", "orders", "GlobalSecondaryIndexName", "by-status",
                    "Reason", "IndexWriteProvisionedThroughputExceeded"));

            assertThat(diagnosis).isEqualTo(new Diagnosis.Found(new Incident(Fixtures.BY_STATUS, Operation.WRITE,
                    Cause.PROVISIONED, "IndexWriteProvisionedThroughputExceeded", false)));
        }

        @ParameterizedTest
        @CsvSource({"ProvisionedThroughputExceeded", "ThrottlingException", "RequestLimitExceeded"})
        void aThrottleWithoutReason_isThrottlingToRefine(String exceptionName) {
            Diagnosis diagnosis = diagnose(sensorMetric("TableName", "orders", "Reason", exceptionName));

            assertThat(diagnosis).isEqualTo(new Diagnosis.Found(new Incident(Fixtures.ORDERS, null, Cause.UNKNOWN,
                    exceptionName, true)));
        }

        @Test
        void whatTheSensorDoesNotWrite_isNotActionable_withTheReason() {
            assertThat(diagnose(sensorMetric("TableName", "orders", "Reason", "TableWriteSomethingNew")))
                    .isEqualTo(new Diagnosis.NotActionable("alarm orders-10s on the client sensor: TableWriteSomethingNew"
                            + " is not a throttling reason DynamoDB gives"));
            assertThat(diagnose(sensorMetric("Reason", "TableWriteKeyRangeThroughputExceeded")))
                    .isInstanceOfSatisfying(Diagnosis.NotActionable.class, n -> assertThat(n.reason()).contains("names no table"));
            assertThat(diagnose(sensorMetric("TableName", "orders", "Reason", "IndexReadKeyRangeThroughputExceeded")))
                    .isInstanceOfSatisfying(Diagnosis.NotActionable.class,
                            n -> assertThat(n.reason()).contains("is an index's, but the alarm names no GlobalSecondaryIndexName"));
            assertThat(diagnose(Fixtures.metricIn("Checkout/ThrottleSensor", "KeyLinesDropped", "TableName", "orders")))
                    .isInstanceOfSatisfying(Diagnosis.NotActionable.class,
                            n -> assertThat(n.reason()).contains("watches [KeyLinesDropped], not its ThrottledRequests"));
        }

        @Test
        void withoutTheSensorsNamespace_itsAlarmIsAnotherNamespacesAlarm() {
            Diagnosis diagnosis = Diagnoser.diagnose(alarm("orders-10s", List.of(sensorMetric("TableName", "orders",
                    "Reason", "TableWriteKeyRangeThroughputExceeded"))));

            assertThat(diagnosis).isInstanceOfSatisfying(Diagnosis.NotActionable.class, n -> assertThat(n.reason())
                    .contains("watches namespace Checkout/ThrottleSensor, not AWS/DynamoDB"));
        }

        @Test
        void theSampleSensorEvent_isDiagnosedAsItsReason() {
            AlarmNotification alarm = EventFiles.notification("sns-sensor-read-provisioned-orders-by-status.json");

            assertThat(Diagnoser.diagnose(alarm, Optional.of("ThrottleSensor"))).isEqualTo(new Diagnosis.Found(
                    new Incident(Fixtures.BY_STATUS, Operation.READ, Cause.PROVISIONED, "IndexReadProvisionedThroughputExceeded", false)));
        }
    }
}
