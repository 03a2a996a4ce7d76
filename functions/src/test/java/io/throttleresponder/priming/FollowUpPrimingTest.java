package io.throttleresponder.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.model.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SnapStart priming of the follow-up function: a whole hot-key summary through the handler, nothing written anywhere. */
class FollowUpPrimingTest {

    @Test
    void prime_runsAHotKeySummaryThroughTheHandler_andPublishesItNowhere() {
        FollowUpPriming.Run run = FollowUpPriming.prime();

        assertThat(run.batch().results()).singleElement().satisfies(result -> {
            assertThat(result.outcome()).isEqualTo(Outcome.ACTED);
            assertThat(result.summaries()).singleElement()
                    .satisfies(summary -> assertThat(summary.topKeys().get(0).key()).isEqualTo("customer#1042"));
        });
        assertThat(run.batch().failedMessageIds()).isEmpty();
        assertThat(run.batch().dropped()).isEmpty();
        assertThat(run.summaries()).hasSize(2).allSatisfy(message -> assertThat(message.text()).contains("customer#1042"));
    }

    @Test
    void primeRealPath_aSummaryAndARecovery_throughTheProductionAdaptersAndSdkClients_answeredInProcess() {
        FollowUpPriming.RealPath run = FollowUpPriming.primeRealPath(PrimingPasses.ONCE);

        assertThat(run.passes()).isEqualTo(1);
        assertThat(run.batch().results()).hasSize(2);
        assertThat(run.batch().failedMessageIds()).isEmpty();
        assertThat(run.batch().dropped()).isEmpty();
        assertThat(run.answered()).contains("DynamoDB_20120810.DescribeContributorInsights", "cbor.GetInsightRuleReport",
                "DynamoDB_20120810.Query", "query.Publish");
    }

    @Test
    void primeRealPath_walksThePathAsManyTimesAsItsPasses_throughOneHandler() {
        int once = FollowUpPriming.primeRealPath(PrimingPasses.ONCE).answered().size();

        FollowUpPriming.RealPath run = FollowUpPriming.primeRealPath(new PrimingPasses(3, Duration.ofMinutes(1)));

        assertThat(run.passes()).isEqualTo(3);
        assertThat(run.answered()).hasSize(3 * once);
        assertThat(run.batch().results()).hasSize(2);
    }

    @Test
    void prime_asksNoPortForAnyWrite() {
        assertThat(FollowUpPriming.prime().refusedWrites()).isEmpty();
    }

    @Test
    void prime_answersWithTheBatchResponseSqsReads() throws Exception {
        assertThat(new ObjectMapper().readTree(FollowUpPriming.prime().response()).toString())
                .isEqualTo("{\"batchItemFailures\":[]}");
    }

    @Test
    void beforeCheckpoint_withoutAwsCredentialsOrNetwork_completes_andRegisterIsRepeatable() {
        assertThatCode(() -> {
            new FollowUpPriming().beforeCheckpoint(null);
            FollowUpPriming.register();
            FollowUpPriming.register();
        }).doesNotThrowAnyException();
    }
}
