package io.throttleresponder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

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
}
