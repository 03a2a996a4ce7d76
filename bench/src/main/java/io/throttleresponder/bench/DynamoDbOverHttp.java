package io.throttleresponder.bench;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * DynamoDB's calls (AWS JSON, {@code X-Amz-Target: DynamoDB_20120810.*}) through {@code http}, every other
 * service's through {@code inProcess}: DynamoDB Local serves only DynamoDB. Notes when the first UpdateTable
 * was answered: the capacity raised, where the guide's script stops its clock. Records every exchange, from the
 * request handed to the HTTP client to the answer's status and headers back: the time AWS has the call, where
 * marshalling, signing and reading the answer are the function's.
 */
final class DynamoDbOverHttp implements SdkHttpClient {

    private static final String UPDATE_TABLE = "DynamoDB_20120810.UpdateTable";

    private final SdkHttpClient http;
    private final SdkHttpClient inProcess;
    private final AtomicLong capacityRaisedAtMillis = new AtomicLong();
    private final List<AwsCalls.Call> exchanges = new CopyOnWriteArrayList<>();

    DynamoDbOverHttp(SdkHttpClient http, SdkHttpClient inProcess) {
        this.http = http;
        this.inProcess = inProcess;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        String operation = target.isEmpty() ? request.httpRequest().encodedPath() : target;
        if (!target.startsWith("DynamoDB_")) {
            return new TimedExchange(operation, inProcess.prepareRequest(request), false);
        }
        return new TimedExchange(operation, http.prepareRequest(request), target.equals(UPDATE_TABLE));
    }

    /** The exchanges since the last {@link #clearExchanges()}, in the order they ended. */
    List<AwsCalls.Call> exchanges() {
        return List.copyOf(exchanges);
    }

    void clearExchanges() {
        exchanges.clear();
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

    private final class TimedExchange implements ExecutableHttpRequest {
        private final String operation;
        private final ExecutableHttpRequest call;
        private final boolean raisesCapacity;

        TimedExchange(String operation, ExecutableHttpRequest call, boolean raisesCapacity) {
            this.operation = operation;
            this.call = call;
            this.raisesCapacity = raisesCapacity;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            long start = System.nanoTime();
            HttpExecuteResponse response;
            try {
                response = call.call();
            } finally {
                exchanges.add(new AwsCalls.Call(operation, start, System.nanoTime()));
            }
            if (raisesCapacity && response.httpResponse().isSuccessful()) {
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
