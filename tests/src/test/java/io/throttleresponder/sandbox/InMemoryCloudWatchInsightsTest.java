package io.throttleresponder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportResponse;
import software.amazon.awssdk.services.cloudwatch.model.InsightRuleContributor;
import software.amazon.awssdk.services.cloudwatch.model.InsightRuleContributorDatapoint;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;

/** GetInsightRuleReport on the in-memory CloudWatch: a recorded report replayed from the rule's creation. */
class InMemoryCloudWatchInsightsTest {

    /** Three minutes recorded (03:11 to 03:13); 300 of the 1,250 come from contributors the recording does not list. */
    private static final String RECORDING = """
            {"KeyLabels": ["customerId"], "AggregationStatistic": "Sum", "AggregateValue": 1250.0,
             "ApproximateUniqueCount": 12, "Contributors": [
              {"Keys": ["hot"], "ApproximateAggregateValue": 400.0, "Datapoints": [
                {"Timestamp": "2026-11-21T03:11:00Z", "ApproximateValue": 100.0},
                {"Timestamp": "2026-11-21T03:12:00Z", "ApproximateValue": 200.0},
                {"Timestamp": "2026-11-21T03:13:00Z", "ApproximateValue": 100.0}]},
              {"Keys": ["steady"], "ApproximateAggregateValue": 270.0, "Datapoints": [
                {"Timestamp": "2026-11-21T03:11:00Z", "ApproximateValue": 90.0},
                {"Timestamp": "2026-11-21T03:12:00Z", "ApproximateValue": 90.0},
                {"Timestamp": "2026-11-21T03:13:00Z", "ApproximateValue": 90.0}]},
              {"Keys": ["spiky"], "ApproximateAggregateValue": 250.0, "Datapoints": [
                {"Timestamp": "2026-11-21T03:12:00Z", "ApproximateValue": 250.0}]},
              {"Keys": ["late"], "ApproximateAggregateValue": 30.0, "Datapoints": [
                {"Timestamp": "2026-11-21T03:13:00Z", "ApproximateValue": 30.0}]}]}
            """;
    /** Created at 15:00:12: the recording's 03:11 is replayed at 15:00, 03:12 at 15:01, 03:13 at 15:02. */
    private static final Instant CREATED = Instant.parse("2026-11-27T15:00:12.345Z");
    private static final String RULE = "DynamoDBContributorInsights-PKT-orders-" + CREATED.toEpochMilli();

    @TempDir
    Path insights;
    private InMemoryCloudWatch cloudWatch;

    @BeforeEach
    void record() throws IOException {
        Files.writeString(insights.resolve("orders.PKT.json"), RECORDING);
        cloudWatch = at("15:30:00");
    }

    @Test
    void wholeRecording_isReplayedFromTheRulesCreationMinute_withItsTotals() {
        GetInsightRuleReportResponse report = cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00"));

        assertThat(keys(report)).containsExactly("hot", "steady", "spiky", "late");
        assertThat(report.contributors().get(0).approximateAggregateValue()).isEqualTo(400.0);
        assertThat(report.contributors().get(0).datapoints()).extracting(InsightRuleContributorDatapoint::timestamp)
                .containsExactly(time("15:00:00"), time("15:01:00"), time("15:02:00"));
        assertThat(report.aggregateValue()).isEqualTo(1250.0);
        assertThat(report.approximateUniqueCount()).isEqualTo(12);
        assertThat(report.keyLabels()).containsExactly("customerId");
    }

    @Test
    void aWindowCountsOnlyItsMinutes_andItsShareOfTheUnlistedContributors() {
        GetInsightRuleReportResponse report = cloudWatch.getInsightRuleReport(window("15:01:00", "15:02:00"));

        assertThat(keys(report)).containsExactly("spiky", "hot", "steady");
        assertThat(report.contributors()).extracting(InsightRuleContributor::approximateAggregateValue)
                .containsExactly(250.0, 200.0, 90.0);
        assertThat(report.aggregateValue()).isEqualTo(250 + 200 + 90 + 300 / 3.0);
    }

    @Test
    void minutesAfterNow_areNotReported_yet() {
        GetInsightRuleReportResponse report = at("15:01:30").getInsightRuleReport(window("14:00:00", "15:01:30"));

        assertThat(keys(report)).containsExactly("hot", "spiky", "steady");
        assertThat(report.contributors()).extracting(InsightRuleContributor::approximateAggregateValue)
                .containsExactly(300.0, 250.0, 180.0);
        assertThat(report.aggregateValue()).isEqualTo(300 + 250 + 180 + 300 * 2 / 3.0);
    }

    @Test
    void aWindowBeforeTheRuleWasCreated_hasNoContributors() {
        GetInsightRuleReportResponse report = cloudWatch.getInsightRuleReport(window("14:00:00", "14:59:59"));

        assertThat(report.contributors()).isEmpty();
        assertThat(report.aggregateValue()).isZero();
        assertThat(report.approximateUniqueCount()).isZero();
    }

    @Test
    void orderByMaximum_ranksByTheLargestPeriod_maxContributorCountCuts() {
        GetInsightRuleReportResponse byMaximum = cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00").toBuilder()
                .orderBy("Maximum").build());
        GetInsightRuleReportResponse topTwo = cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00").toBuilder()
                .maxContributorCount(2).build());

        assertThat(keys(byMaximum)).containsExactly("spiky", "hot", "steady", "late");
        assertThat(byMaximum.contributors().get(0).approximateAggregateValue()).isEqualTo(250.0);
        assertThat(keys(topTwo)).containsExactly("hot", "steady");
        assertThat(topTwo.aggregateValue()).isEqualTo(1250.0);
    }

    @Test
    void aLongerPeriod_sumsTheMinutesIntoOneDatapointPerPeriod() {
        GetInsightRuleReportResponse report = cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00").toBuilder()
                .period(120).build());

        assertThat(report.contributors().get(0).datapoints())
                .extracting(InsightRuleContributorDatapoint::timestamp, InsightRuleContributorDatapoint::approximateValue)
                .containsExactly(tuple(time("15:00:00"), 300.0),
                        tuple(time("15:02:00"), 100.0));
    }

    @Test
    void aRuleWithoutARecording_hasNoContributorsYet() {
        GetInsightRuleReportResponse report = cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00").toBuilder()
                .ruleName("DynamoDBContributorInsights-SKT-orders-" + CREATED.toEpochMilli()).build());

        assertThat(report.contributors()).isEmpty();
    }

    @Test
    void theSamplesRecording_overItsWholeSpan_keepsItsRecordedTotals() {
        InMemoryCloudWatch samples = new InMemoryCloudWatch(Path.of("..", "events", "insights"), new Faults(Clock.systemUTC()),
                new SandboxClock(time("15:30:00")));

        GetInsightRuleReportResponse report = samples.getInsightRuleReport(window("14:00:00", "15:30:00"));

        assertThat(report.aggregateValue()).isEqualTo(669_900.0);
        assertThat(report.contributors().get(0).keys()).containsExactly("customer#1042");
        assertThat(report.contributors().get(0).approximateAggregateValue()).isEqualTo(582_000.0);
    }

    @Test
    void refusesARequestWithoutStartTimeEndTimeOrPeriod() {
        assertThatThrownBy(() -> cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00").toBuilder().startTime(null).build()))
                .isInstanceOf(MissingRequiredParameterException.class).hasMessageContaining("StartTime");
        assertThatThrownBy(() -> cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00").toBuilder().endTime(null).build()))
                .isInstanceOf(MissingRequiredParameterException.class).hasMessageContaining("EndTime");
        assertThatThrownBy(() -> cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00").toBuilder().period(null).build()))
                .isInstanceOf(MissingRequiredParameterException.class).hasMessageContaining("Period");
    }

    @Test
    void refusesAMaxContributorCountOutside1To100() {
        for (int count : List.of(1000, 101, 0)) {
            assertThatThrownBy(() -> cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00").toBuilder()
                    .maxContributorCount(count).build()))
                    .as("MaxContributorCount " + count).isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("MaxContributorCount");
        }
    }

    @Test
    void refusesAnOrderByOtherThanSumOrMaximum() {
        assertThatThrownBy(() -> cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00").toBuilder()
                .orderBy("Bogus").build()))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("OrderBy");
    }

    @Test
    void refusesAPeriodBelowOne_andAStartTimeNotBeforeTheEndTime() {
        assertThatThrownBy(() -> cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00").toBuilder().period(0).build()))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Period");
        assertThatThrownBy(() -> cloudWatch.getInsightRuleReport(window("15:30:00", "15:30:00")))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("StartTime");
    }

    @Test
    void aRuleNameThatDoesNotParse_isNotFound_andAnOverlongOneIsRefused() {
        assertThatThrownBy(() -> cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00").toBuilder()
                .ruleName("my-own-rule").build()))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cloudWatch.getInsightRuleReport(window("14:00:00", "15:30:00").toBuilder()
                .ruleName(RULE + "x".repeat(128)).build()))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("RuleName");
    }

    private InMemoryCloudWatch at(String now) {
        return new InMemoryCloudWatch(insights, new Faults(Clock.systemUTC()), new SandboxClock(time(now)));
    }

    private static GetInsightRuleReportRequest window(String start, String end) {
        return GetInsightRuleReportRequest.builder().ruleName(RULE).startTime(time(start)).endTime(time(end)).period(60)
                .maxContributorCount(10).orderBy("Sum").build();
    }

    private static List<String> keys(GetInsightRuleReportResponse report) {
        return report.contributors().stream().map(c -> c.keys().get(0)).toList();
    }

    private static Instant time(String time) {
        return Instant.parse("2026-11-27T" + time + "Z");
    }
}
