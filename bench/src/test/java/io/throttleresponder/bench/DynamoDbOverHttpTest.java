package io.throttleresponder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;

class DynamoDbOverHttpTest {

    /** Notes the requests it is given; executing one is not this test's business. */
    private static final class Noting implements SdkHttpClient {
        final List<String> given = new ArrayList<>();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            given.add(request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse(request.httpRequest().encodedPath()));
            return null;
        }

        @Override
        public String clientName() {
            return "Noting";
        }

        @Override
        public void close() {
        }
    }

    private static HttpExecuteRequest request(String target, String path) {
        SdkHttpFullRequest.Builder http = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:8000" + path));
        if (target != null) {
            http.putHeader("X-Amz-Target", target);
        }
        return HttpExecuteRequest.builder().request(http.build()).build();
    }

    @Test
    void dynamoDbsCallsGoOverHttp_everyOtherServicesIsAnsweredInTheProcess() {
        Noting http = new Noting();
        Noting inProcess = new Noting();
        DynamoDbOverHttp client = new DynamoDbOverHttp(http, inProcess);

        client.prepareRequest(request("DynamoDB_20120810.UpdateTable", "/"));
        client.prepareRequest(request("AnyScaleFrontendService.DescribeScalableTargets", "/"));
        client.prepareRequest(request(null, "/service/GraniteServiceVersion20100801/operation/GetMetricData"));
        client.prepareRequest(request("AmazonSQS.SendMessage", "/"));

        assertThat(http.given).containsExactly("DynamoDB_20120810.UpdateTable");
        assertThat(inProcess.given).containsExactly("AnyScaleFrontendService.DescribeScalableTargets",
                "/service/GraniteServiceVersion20100801/operation/GetMetricData", "AmazonSQS.SendMessage");
    }

    /** Answers every request with {@code status}. */
    private static SdkHttpClient answering(int status) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        return HttpExecuteResponse.builder().response(SdkHttpResponse.builder().statusCode(status).build()).build();
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public String clientName() {
                return "Answering" + status;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void theCapacityIsRaisedWhenTheFirstUpdateTableIsAnsweredWithSuccess_notBefore() throws Exception {
        DynamoDbOverHttp refused = new DynamoDbOverHttp(answering(400), new Noting());
        DynamoDbOverHttp answered = new DynamoDbOverHttp(answering(200), new Noting());

        refused.prepareRequest(request("DynamoDB_20120810.UpdateTable", "/")).call();
        answered.prepareRequest(request("DynamoDB_20120810.DescribeTable", "/")).call();
        assertThat(answered.capacityRaisedAtMillis()).isEmpty();
        long before = System.currentTimeMillis();
        answered.prepareRequest(request("DynamoDB_20120810.UpdateTable", "/")).call();

        assertThat(refused.capacityRaisedAtMillis()).isEmpty();
        assertThat(answered.capacityRaisedAtMillis()).isPresent();
        assertThat(answered.capacityRaisedAtMillis().getAsLong()).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void everyExchangeIsTimed_overHttpAndInTheProcess_fromTheRequestHandedOverToTheAnswerBack_untilCleared() throws Exception {
        DynamoDbOverHttp client = new DynamoDbOverHttp(answering(200), answering(200));

        long before = System.nanoTime();
        client.prepareRequest(request("DynamoDB_20120810.GetItem", "/")).call();
        client.prepareRequest(request(null, "/service/GraniteServiceVersion20100801/operation/GetMetricData")).call();
        long after = System.nanoTime();

        assertThat(client.exchanges()).extracting(AwsCalls.Call::operation)
                .containsExactly("DynamoDB_20120810.GetItem", "/service/GraniteServiceVersion20100801/operation/GetMetricData");
        assertThat(client.exchanges()).allSatisfy(exchange -> {
            assertThat(exchange.startNanos()).isBetween(before, exchange.endNanos());
            assertThat(exchange.endNanos()).isBetween(exchange.startNanos(), after);
        });
        client.clearExchanges();
        assertThat(client.exchanges()).isEmpty();
    }
}
