package io.throttleresponder.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailedCallTest {

    @Test
    void namesTheAdapterMethodAndTheOperationItCalled_throughALambdaAndTheSdksDefaultMethod() {
        RuntimeException refused = failureAt(
                frame("software.amazon.awssdk.core.internal.http.pipeline.stages.MakeHttpRequestStage", "execute"),
                frame("software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient", "transactWriteItems"),
                frame("software.amazon.awssdk.services.dynamodb.DynamoDbClient", "transactWriteItems"),
                frame("io.throttleresponder.aws.ledger.DynamoDbDeliveryClaims", "lambda$claimAndLock$3"),
                frame("io.throttleresponder.aws.AwsFailures", "call"),
                frame("io.throttleresponder.aws.ledger.DynamoDbDeliveryClaims", "claimAndLock"),
                frame("io.throttleresponder.respond.Responder", "respond"));

        assertThat(FailedCall.of(refused)).hasValue("DynamoDbDeliveryClaims.claimAndLock -> TransactWriteItems");
    }

    @Test
    void readsTheCauses_whenTheFailureWasWrappedElsewhere() {
        RuntimeException cause = failureAt(
                frame("software.amazon.awssdk.services.cloudwatch.DefaultCloudWatchClient", "getMetricData"),
                frame("io.throttleresponder.aws.CloudWatchMetricsReader$Batch", "read"));
        RuntimeException wrapped = new IllegalStateException("wrapped", cause);
        wrapped.setStackTrace(new StackTraceElement[] {frame("io.throttleresponder.respond.Responder", "respond")});

        assertThat(FailedCall.of(wrapped)).hasValue("CloudWatchMetricsReader.Batch.read -> GetMetricData");
    }

    @Test
    void aFailureNoAdapterCalled_namesNoCall() {
        RuntimeException planning = failureAt(
                frame("io.throttleresponder.plan.Planner", "plan"),
                frame("io.throttleresponder.respond.Responder", "respond"));

        assertThat(FailedCall.of(planning)).isEmpty();
    }

    private static RuntimeException failureAt(StackTraceElement... frames) {
        RuntimeException failure = new RuntimeException("Unable to execute HTTP request: Connection refused");
        failure.setStackTrace(frames);
        return failure;
    }

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, null, -1);
    }
}
