package io.throttleresponder.bench;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * DynamoDB's calls (AWS JSON, {@code X-Amz-Target: DynamoDB_20120810.*}) through {@code http}, every other
 * service's through {@code inProcess}: DynamoDB Local serves only DynamoDB. Notes when the first UpdateTable
 * was answered: the capacity raised, where the guide's script stops its clock.
 */
final class DynamoDbOverHttp implements SdkHttpClient {

    private static final String UPDATE_TABLE = "DynamoDB_20120810.UpdateTable";

    private final SdkHttpClient http;
    private final SdkHttpClient inProcess;
    private final AtomicLong capacityRaisedAtMillis = new AtomicLong();

    DynamoDbOverHttp(SdkHttpClient http, SdkHttpClient inProcess) {
        this.http = http;
        this.inProcess = inProcess;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        if (!target.startsWith("DynamoDB_")) {
            return inProcess.prepareRequest(request);
        }
        ExecutableHttpRequest call = http.prepareRequest(request);
        return target.equals(UPDATE_TABLE) ? new NotingAnswer(call) : call;
    }

    /** When the first UpdateTable was answered (epoch ms), if one was. */
    OptionalLong capacityRaisedAtMillis() {
        long at = capacityRaisedAtMillis.get();
        return at == 0 ? OptionalLong.empty() : OptionalLong.of(at);
    }

    @Override
    public String clientName() {
        return "DynamoDbOverHttp";
    }

    @Override
    public void close() {
        http.close();
        inProcess.close();
    }

    private final class NotingAnswer implements ExecutableHttpRequest {
        private final ExecutableHttpRequest call;

        NotingAnswer(ExecutableHttpRequest call) {
            this.call = call;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            HttpExecuteResponse response = call.call();
            if (response.httpResponse().isSuccessful()) {
                capacityRaisedAtMillis.compareAndSet(0, System.currentTimeMillis());
            }
            return response;
        }

        @Override
        public void abort() {
            call.abort();
        }
    }
}
