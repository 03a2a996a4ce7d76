package io.throttleresponder.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SnapStart priming runs the whole response path on the bundled sample, and writes nothing anywhere. */
class PrimingTest {

    @Test
    void prime_bundledSample_asksNoPortForAnyWrite() {
        Priming.Run run = Priming.prime();

        assertThat(run.refusedWrites()).isEmpty();
    }

    @Test
    void prime_bundledSample_plansTheCapacityIncreaseWithoutApplyingIt() {
        Priming.Run run = Priming.prime();

        assertThat(run.responses()).singleElement().satisfies(response -> {
            assertThat(response.outcome()).isEqualTo(Outcome.PLANNED);
            assertThat(response.actions()).extracting(Action::status).containsOnly(ActionStatus.PLANNED);
            assertThat(response.actions()).extracting(Action::type).contains(ActionType.UPDATE_PROVISIONED);
        });
    }

    @Test
    void prime_bundledSample_serialisesTheResponsesAsTheHandlerReturnsThem() throws Exception {
        Priming.Run run = Priming.prime();

        JsonNode json = new ObjectMapper().readTree(run.json());
        Response response = run.responses().get(0);
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("alarm").asText()).isEqualTo(response.alarm());
        assertThat(json.get(0).get("outcome").asText()).isEqualTo("PLANNED");
    }

    @Test
    void primeRealPath_eachDelivery_actsThroughTheProductionAdaptersAndSdkClients_answeredInProcess() throws Exception {
        Priming.RealPath run = Priming.primeRealPath(PrimingPasses.ONCE);

        assertThat(run.outputs()).hasSize(Priming.REAL_PATH_EVENTS.size()).allSatisfy(output ->
                assertThat(new ObjectMapper().readTree(output).get(0).get("outcome").asText()).isEqualTo("ACTED"));
        // Every protocol a notification speaks: DynamoDB's and Application Auto Scaling's JSON, CloudWatch's
        // CBOR, SNS's query form, SQS's JSON; reads and the remedy's writes alike.
        assertThat(run.answered()).contains(
                "DynamoDB_20120810.TransactWriteItems", "DynamoDB_20120810.Query", "DynamoDB_20120810.DescribeTable",
                "DynamoDB_20120810.DescribeLimits", "DynamoDB_20120810.DescribeContributorInsights",
                "AnyScaleFrontendService.DescribeScalableTargets", "cbor.GetMetricData",
                "DynamoDB_20120810.UpdateTable", "DynamoDB_20120810.UpdateContributorInsights",
                "AmazonSQS.SendMessage", "query.Publish");
    }

    @Test
    void primeRealPath_walksEveryDeliveryAsManyTimesAsItsPasses_throughOneHandler_keepingTheFirstPassesOutputs() throws Exception {
        int once = Priming.primeRealPath(PrimingPasses.ONCE).answered().size();

        Priming.RealPath run = Priming.primeRealPath(new PrimingPasses(3, Duration.ofMinutes(1)));

        assertThat(run.passes()).isEqualTo(3);
        // Later passes find what the first read kept: the account's limits and the operators' pause.
        assertThat(run.answered()).hasSizeGreaterThan(2 * once).hasSizeLessThanOrEqualTo(3 * once);
        assertThat(run.outputs()).hasSize(Priming.REAL_PATH_EVENTS.size()).allSatisfy(output ->
                assertThat(new ObjectMapper().readTree(output).get(0).get("outcome").asText()).isEqualTo("ACTED"));
    }

    @Test
    void beforeCheckpoint_withoutAwsCredentialsOrNetwork_completes() {
        assertThatCode(() -> new Priming().beforeCheckpoint(null)).doesNotThrowAnyException();
    }

    @Test
    void register_onAJvmWithoutCrac_isHarmlessAndRepeatable() {
        assertThatCode(() -> {
            Priming.register();
            Priming.register();
        }).doesNotThrowAnyException();
    }
}
