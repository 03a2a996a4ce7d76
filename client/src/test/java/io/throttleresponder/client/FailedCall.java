package io.throttleresponder.client;

import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/** A failed call as the SDK hands it to an interceptor's onExecutionFailure. */
record FailedCall(SdkRequest request, Throwable exception) implements Context.FailedExecution {

    @Override
    public Optional<SdkHttpRequest> httpRequest() {
        return Optional.empty();
    }

    @Override
    public Optional<SdkHttpResponse> httpResponse() {
        return Optional.empty();
    }

    @Override
    public Optional<SdkResponse> response() {
        return Optional.empty();
    }
}
