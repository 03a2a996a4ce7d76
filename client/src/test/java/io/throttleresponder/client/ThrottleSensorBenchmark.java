package io.throttleresponder.client;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * What the sensor costs the application's call: every hook the SDK calls on an interceptor during a
 * successful call (the sensor keeps the defaults, which do nothing), and the handling of a throttled
 * one. Run by hand, not by the build: docs/performance.md has the command and the results.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ThrottleSensorBenchmark {

    private final ThrottleSensor sensor = ThrottleSensor.builder().lines(line -> { }).flushEverySecond(false)
            .keyLinesPerSecond(Integer.MAX_VALUE).build();
    private final ExecutionAttributes attributes = new ExecutionAttributes();
    private final GetItemRequest request = GetItemRequest.builder().tableName("orders")
            .key(Map.of("pk", AttributeValue.fromS("customer#1042"))).build();
    private final Success success = new Success(request, GetItemResponse.builder().build());
    private final FailedCall throttled = new FailedCall(request, ProvisionedThroughputExceededException.builder().message("exceeded").build());

    /** A successful call's context, as the SDK hands each hook its part. */
    private record Success(SdkRequest request, SdkResponse response) implements Context.AfterExecution {
        @Override
        public SdkHttpRequest httpRequest() { return null; }

        @Override
        public Optional<RequestBody> requestBody() { return Optional.empty(); }

        @Override
        public Optional<AsyncRequestBody> asyncRequestBody() { return Optional.empty(); }

        @Override
        public SdkHttpResponse httpResponse() { return null; }

        @Override
        public Optional<Publisher<ByteBuffer>> responsePublisher() { return Optional.empty(); }

        @Override
        public Optional<InputStream> responseBody() { return Optional.empty(); }
    }

    /** The hooks of a successful call, in the SDK's order. */
    @Benchmark
    public void successfulCall(Blackhole blackhole) {
        sensor.beforeExecution(success, attributes);
        blackhole.consume(sensor.modifyRequest(success, attributes));
        sensor.beforeMarshalling(success, attributes);
        sensor.afterMarshalling(success, attributes);
        sensor.beforeTransmission(success, attributes);
        sensor.afterTransmission(success, attributes);
        sensor.beforeUnmarshalling(success, attributes);
        sensor.afterUnmarshalling(success, attributes);
        blackhole.consume(sensor.modifyResponse(success, attributes));
        sensor.afterExecution(success, attributes);
    }

    /** A throttled call: counted, and its key line written (to nowhere). */
    @Benchmark
    public void throttledCall() {
        sensor.onExecutionFailure(throttled, attributes);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ThrottleSensorBenchmark.class.getSimpleName()).addProfiler("gc").build()).run();
    }
}
