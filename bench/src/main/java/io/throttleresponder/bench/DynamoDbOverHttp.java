package io.throttleresponder.bench;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * DynamoDB's calls (AWS JSON, {@code X-Amz-Target: DynamoDB_20120810.*}) through {@code http}, every other
 * service's through {@code inProcess}: DynamoDB Local serves only DynamoDB.
 */
final class DynamoDbOverHttp implements SdkHttpClient {

    private final SdkHttpClient http;
    private final SdkHttpClient inProcess;

    DynamoDbOverHttp(SdkHttpClient http, SdkHttpClient inProcess) {
        this.http = http;
        this.inProcess = inProcess;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        boolean dynamoDb = request.httpRequest().firstMatchingHeader("X-Amz-Target")
                .filter(target -> target.startsWith("DynamoDB_")).isPresent();
        return (dynamoDb ? http : inProcess).prepareRequest(request);
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
}
