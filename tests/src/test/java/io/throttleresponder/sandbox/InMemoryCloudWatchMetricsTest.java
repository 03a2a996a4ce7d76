package io.throttleresponder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/** GetMetricData on the in-memory CloudWatch: refuses what CloudWatch refuses, answers from the time series. */
class InMemoryCloudWatchMetricsTest {

    private static final String THROTTLES = "WriteKeyRangeThroughputThrottleEvents";
    private static final Map<String, String> ORDERS = Map.of("TableName", "orders");
    private static final Instant NOW = Instant.parse("2026-11-27T15:04:30Z");

    private final SandboxClock clock = new SandboxClock(NOW);
    private final InMemoryCloudWatch cloudWatch = new InMemoryCloudWatch(null, new Faults(Clock.systemUTC()), clock);

    @BeforeEach
    void recordSeries() {
        cloudWatch.set(THROTTLES, ORDERS, Instant.parse("2026-11-27T14:50:00Z"), 10);
        cloudWatch.set(THROTTLES, ORDERS, Instant.parse("2026-11-27T15:00:00Z"), 40);
    }

    @Test
    void answersOneSumPerMinute_newestFirst_fromTheStartMinuteToNow() {
        MetricDataResult result = only(request("14:58:20", "15:10:00", sumPerMinute(THROTTLES)));

        assertThat(result.statusCode()).isEqualTo(StatusCode.COMPLETE);
        assertThat(result.timestamps()).containsExactly(at("15:04"), at("15:03"), at("15:02"), at("15:01"), at("15:00"),
                at("14:59"), at("14:58"));
        assertThat(result.values()).containsExactly(40.0, 40.0, 40.0, 40.0, 40.0, 10.0, 10.0);
    }

    @Test
    void endTimeIsExclusive() {
        MetricDataResult result = only(request("14:55:00", "15:02:00", sumPerMinute(THROTTLES)));

        assertThat(result.timestamps()).first().isEqualTo(at("15:01"));
        assertThat(result.timestamps()).last().isEqualTo(at("14:55"));
    }

    @Test
    void answersNothingBeforeTheSeriesBegins() {
        MetricDataResult result = only(request("14:40:00", "14:53:00", sumPerMinute(THROTTLES)));

        assertThat(result.timestamps()).containsExactly(at("14:52"), at("14:51"), at("14:50"));
    }

    @Test
    void timestampAscending_isHonoured() {
        MetricDataResult result = only(request("15:02:00", "15:05:00", sumPerMinute(THROTTLES)).toBuilder()
                .scanBy(ScanBy.TIMESTAMP_ASCENDING).build());

        assertThat(result.timestamps()).containsExactly(at("15:02"), at("15:03"), at("15:04"));
    }

    @Test
    void laterMinutes_appearAsTheClockMoves() {
        clock.advanceTo(Instant.parse("2026-11-27T15:06:01Z"));

        assertThat(only(request("15:04:00", "15:10:00", sumPerMinute(THROTTLES))).timestamps())
                .containsExactly(at("15:06"), at("15:05"), at("15:04"));
    }

    @Test
    void put_endsAtTheClocksCurrentMinute() {
        cloudWatch.put("ConsumedWriteCapacityUnits", ORDERS, List.of(6_000.0, 24_000.0, 12_000.0));

        MetricDataResult result = only(request("14:00:00", "15:04:30", sumPerMinute("ConsumedWriteCapacityUnits")));

        assertThat(result.timestamps()).containsExactly(at("15:04"), at("15:03"), at("15:02"));
        assertThat(result.values()).containsExactly(12_000.0, 24_000.0, 6_000.0);
    }

    @Test
    void anotherNamespace_statistic_period_orDimensionSet_hasNoDatapoints() {
        List<MetricDataQuery> queries = List.of(
                query("ec2", s -> s.metric(m -> m.namespace("AWS/EC2").metricName(THROTTLES)
                        .dimensions(d -> d.name("TableName").value("orders"))).period(60).stat("Sum")),
                query("average", s -> dynamoDb(s, THROTTLES, ORDERS).period(60).stat("Average")),
                query("fiveminutes", s -> dynamoDb(s, THROTTLES, ORDERS).period(300).stat("Sum")),
                query("index", s -> dynamoDb(s, THROTTLES, Map.of("TableName", "orders", "GlobalSecondaryIndexName", "by-status"))
                        .period(60).stat("Sum")),
                query("other", s -> dynamoDb(s, "ReadKeyRangeThroughputThrottleEvents", ORDERS).period(60).stat("Sum")));

        List<MetricDataResult> results = cloudWatch.getMetricData(request("14:50:00", "15:05:00", queries)).metricDataResults();

        assertThat(results).hasSize(5).allSatisfy(result -> {
            assertThat(result.statusCode()).isEqualTo(StatusCode.COMPLETE);
            assertThat(result.values()).isEmpty();
            assertThat(result.timestamps()).isEmpty();
        });
    }

    @Test
    void aQueryWithReturnDataFalse_isNotReturned() {
        MetricDataQuery hidden = sumPerMinute(THROTTLES).toBuilder().returnData(false).build();

        assertThat(cloudWatch.getMetricData(request("14:50:00", "15:05:00", hidden)).metricDataResults()).isEmpty();
    }

    @Test
    void refusesARequestWithoutStartTimeOrEndTime() {
        assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00", sumPerMinute(THROTTLES))
                .toBuilder().startTime(null).build()))
                .isInstanceOf(MissingRequiredParameterException.class).hasMessageContaining("StartTime");
        assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00", sumPerMinute(THROTTLES))
                .toBuilder().endTime(null).build()))
                .isInstanceOf(MissingRequiredParameterException.class).hasMessageContaining("EndTime");
    }

    @Test
    void refusesAStartTimeNotBeforeTheEndTime() {
        assertThatThrownBy(() -> cloudWatch.getMetricData(request("15:00:00", "15:00:00", sumPerMinute(THROTTLES))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("StartTime must be less than the parameter EndTime");
    }

    @Test
    void refusesNoQueries_andMoreThan500() {
        assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00", List.of())))
                .isInstanceOf(MissingRequiredParameterException.class).hasMessageContaining("MetricDataQueries");
        List<MetricDataQuery> many = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            many.add(sumPerMinute(THROTTLES).toBuilder().id("q" + i).build());
        }
        assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00", many)))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("500");
    }

    @Test
    void refusesAnIdNotStartingWithALowercaseLetter_orNotUnique() {
        for (String id : List.of("Q1", "1q", "q-1", "")) {
            assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00",
                    sumPerMinute(THROTTLES).toBuilder().id(id).build())))
                    .as(id).isInstanceOf(InvalidParameterValueException.class);
        }
        assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00",
                List.of(sumPerMinute(THROTTLES), sumPerMinute(THROTTLES)))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("not unique");
    }

    @Test
    void refusesBothOrNeitherOfMetricStatAndExpression() {
        assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00",
                sumPerMinute(THROTTLES).toBuilder().expression("m1 * 2").build())))
                .isInstanceOf(InvalidParameterCombinationException.class);
        assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00",
                MetricDataQuery.builder().id("q").build())))
                .isInstanceOf(InvalidParameterCombinationException.class);
    }

    @Test
    void refusesAMetricStatWithoutMetricPeriodOrStat() {
        assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00",
                query("q", s -> s.period(60).stat("Sum")))))
                .isInstanceOf(MissingRequiredParameterException.class).hasMessageContaining("MetricStat.Metric");
        assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00",
                query("q", s -> dynamoDb(s, THROTTLES, ORDERS).stat("Sum")))))
                .isInstanceOf(MissingRequiredParameterException.class).hasMessageContaining("MetricStat.Period");
        assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00",
                query("q", s -> dynamoDb(s, THROTTLES, ORDERS).period(60)))))
                .isInstanceOf(MissingRequiredParameterException.class).hasMessageContaining("MetricStat.Stat");
    }

    @Test
    void refusesAPeriodThatIsNotOneFiveTenTwentyThirtyOrAMultipleOf60() {
        for (int period : List.of(0, 2, 45, 90, -60)) {
            assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00",
                    query("q", s -> dynamoDb(s, THROTTLES, ORDERS).period(period).stat("Sum")))))
                    .as("period " + period).isInstanceOf(InvalidParameterValueException.class);
        }
        for (int period : List.of(1, 5, 10, 20, 30, 120, 3600)) {
            assertThat(cloudWatch.getMetricData(request("14:50:00", "15:05:00",
                    query("q", s -> dynamoDb(s, THROTTLES, ORDERS).period(period).stat("Sum")))).metricDataResults())
                    .as("period " + period).hasSize(1);
        }
    }

    @Test
    void refusesAnUnknownStatistic_acceptsExtendedOnes() {
        for (String stat : List.of("sum", "Total", "p", "p101", "Bogus")) {
            assertThatThrownBy(() -> cloudWatch.getMetricData(request("14:50:00", "15:05:00",
                    query("q", s -> dynamoDb(s, THROTTLES, ORDERS).period(60).stat(stat)))))
                    .as(stat).isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Stat");
        }
        for (String stat : List.of("SampleCount", "Maximum", "p99", "p99.9", "tm90", "TM(10%:90%)", "IQM", "PR(:300)")) {
            assertThat(cloudWatch.getMetricData(request("14:50:00", "15:05:00",
                    query("q", s -> dynamoDb(s, THROTTLES, ORDERS).period(60).stat(stat)))).metricDataResults())
                    .as(stat).hasSize(1);
        }
    }

    private MetricDataResult only(GetMetricDataRequest request) {
        List<MetricDataResult> results = cloudWatch.getMetricData(request).metricDataResults();
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    private static MetricDataQuery sumPerMinute(String metricName) {
        return query("m1", s -> dynamoDb(s, metricName, ORDERS).period(60).stat("Sum"));
    }

    private static MetricStat.Builder dynamoDb(MetricStat.Builder stat, String metricName, Map<String, String> dimensions) {
        return stat.metric(m -> m.namespace("AWS/DynamoDB").metricName(metricName).dimensions(dimensions.entrySet().stream()
                .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build())
                .toList()));
    }

    private static MetricDataQuery query(String id, Consumer<MetricStat.Builder> stat) {
        return MetricDataQuery.builder().id(id).metricStat(stat).build();
    }

    private static GetMetricDataRequest request(String start, String end, MetricDataQuery query) {
        return request(start, end, List.of(query));
    }

    private static GetMetricDataRequest request(String start, String end, List<MetricDataQuery> queries) {
        return GetMetricDataRequest.builder().startTime(at(start)).endTime(at(end)).metricDataQueries(queries).build();
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-27T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }
}
