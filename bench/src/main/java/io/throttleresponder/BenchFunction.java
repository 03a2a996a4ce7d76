package io.throttleresponder;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.BenchWiring.Configuration;
import io.throttleresponder.bench.AwsCalls;
import io.throttleresponder.bench.StateChanges;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;

/**
 * One measured cold start, in its own JVM: build the handler, handle the first notification, then
 * handle warm ones; print the figures as one JSON line on standard output.
 *
 * <p>Arguments: launcher's clock (epoch ms) just before it started this JVM, configuration, warm
 * notification count, the first event file, then the warm event files. The environment is the
 * function's (docs/contracts.md), pointing at DynamoDB Local; BENCH_SCALABLE_TARGETS carries the
 * sandbox's scalable targets.
 */
public final class BenchFunction {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchFunction() {}

    public static void main(String[] args) throws IOException {
        long mainAtMillis = System.currentTimeMillis();
        long launchedAtMillis = Long.parseLong(args[0]);
        // Logging first, so its start is measured alone: the handlers' loggers are the first to need it.
        LoggerFactory.getLogger(BenchFunction.class).debug("benchmark function started");
        long loggingAtMillis = System.currentTimeMillis();
        Configuration configuration = Configuration.valueOf(args[1]);
        int warmCount = Integer.parseInt(args[2]);
        byte[] firstEvent = Files.readAllBytes(Path.of(args[3]));
        List<byte[]> warmEvents = new ArrayList<>();
        for (String file : Arrays.copyOfRange(args, 4, args.length)) {
            warmEvents.add(Files.readAllBytes(Path.of(file)));
        }
        List<ScalableTarget> scalableTargets = ScalableTargets.parse(System.getenv("BENCH_SCALABLE_TARGETS"));
        AwsCalls calls = new AwsCalls(0);

        RequestStreamHandler handler = BenchWiring.handler(configuration, System.getenv(), scalableTargets, calls);
        long initEndMillis = System.currentTimeMillis();
        long classesAtInit = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        long primingNanos = 0;
        if (configuration == Configuration.SHIPPED_PRIMED) {
            long primingStart = System.nanoTime();
            BenchWiring.primeAsBeforeSnapshot();
            primingNanos = System.nanoTime() - primingStart;
        }

        calls.clear();
        long firstStart = System.nanoTime();
        JsonNode firstResponses = handle(handler, firstEvent);
        long firstNanos = System.nanoTime() - firstStart;
        List<AwsCalls.Call> firstCalls = calls.calls();
        long firstEndMillis = System.currentTimeMillis();
        long classesAfterFirst = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.gc();
        long heapAfterFirst = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        List<Double> warmMillis = new ArrayList<>();
        List<Double> warmExcludingAwsMillis = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<Double> awsCallMillis = new ArrayList<>();
        List<Double> warmFirstRoundMillis = new ArrayList<>();
        for (int i = 0; i < warmCount; i++) {
            byte[] event = StateChanges.later(warmEvents.get(i % warmEvents.size()), i / warmEvents.size() + 1);
            calls.clear();
            long start = System.nanoTime();
            try {
                handle(handler, event);
            } catch (IOException | RuntimeException e) {
                // What Lambda would retry; its time says nothing about a handled notification.
                failed.add(e.toString().lines().findFirst().orElse(""));
                continue;
            }
            long total = System.nanoTime() - start;
            warmMillis.add(total / 1e6);
            warmExcludingAwsMillis.add((total - AwsCalls.busyNanos(calls.calls())) / 1e6);
            calls.calls().forEach(c -> awsCallMillis.add((c.endNanos() - c.startNanos()) / 1e6));
            firstRoundMillis(calls.calls()).ifPresent(warmFirstRoundMillis::add);
        }

        ObjectNode result = JSON.createObjectNode();
        result.put("configuration", configuration.name());
        result.put("initMillis", initEndMillis - launchedAtMillis);
        ObjectNode steps = result.putObject("initSteps");
        steps.put("JVM start to main (with this benchmark class's own static init)", mainAtMillis - launchedAtMillis);
        steps.put("logging (the functions' own SLF4J binding, JSON lines)", loggingAtMillis - mainAtMillis);
        long previous = loggingAtMillis;
        for (Map.Entry<String, Long> step : BenchWiring.SHIPPED_INIT_STEPS.entrySet()) {
            steps.put(step.getKey(), step.getValue() - previous);
            previous = step.getValue();
        }
        result.put("primingMillis", primingNanos / 1e6);
        result.put("firstMillis", firstNanos / 1e6);
        result.put("firstExcludingAwsMillis", (firstNanos - AwsCalls.busyNanos(firstCalls)) / 1e6);
        result.put("firstFirstRoundMillis", firstRoundMillis(firstCalls).orElse(0));
        result.put("startToFirstMillis", firstEndMillis - launchedAtMillis);
        result.put("firstOutcome", firstResponses.path(0).path("outcome").asText());
        result.put("classesAtInit", classesAtInit);
        result.put("classesAfterFirst", classesAfterFirst);
        result.put("heapAfterFirstBytes", heapAfterFirst);
        result.put("notifications", 1 + warmCount);
        result.set("warmMillis", JSON.valueToTree(warmMillis));
        result.set("warmExcludingAwsMillis", JSON.valueToTree(warmExcludingAwsMillis));
        result.set("warmAwsCallMillis", JSON.valueToTree(awsCallMillis));
        result.set("warmFirstRoundMillis", JSON.valueToTree(warmFirstRoundMillis));
        result.set("failedNotifications", JSON.valueToTree(failed.stream().distinct().toList()));
        System.out.println(result);
    }

    /** The first round's wall time: its first call's start to its last call's end. */
    private static OptionalDouble firstRoundMillis(List<AwsCalls.Call> calls) {
        List<List<AwsCalls.Call>> rounds = AwsCalls.rounds(calls);
        if (rounds.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<AwsCalls.Call> first = rounds.get(0);
        long start = first.stream().mapToLong(AwsCalls.Call::startNanos).min().orElseThrow();
        long end = first.stream().mapToLong(AwsCalls.Call::endNanos).max().orElseThrow();
        return OptionalDouble.of((end - start) / 1e6);
    }

    private static JsonNode handle(RequestStreamHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), output, null);
        return JSON.readTree(output.toByteArray());
    }

    /** The sandbox's scalable targets as the launcher passes them: resourceId,dimension,min,max separated by ';'. */
    public static final class ScalableTargets {
        private ScalableTargets() {}

        public static List<ScalableTarget> parse(String encoded) {
            List<ScalableTarget> targets = new ArrayList<>();
            if (encoded == null || encoded.isBlank()) {
                return targets;
            }
            for (String target : encoded.split(";")) {
                String[] fields = target.split(",");
                targets.add(ScalableTarget.builder()
                        .serviceNamespace("dynamodb")
                        .resourceId(fields[0])
                        .scalableDimension(fields[1])
                        .minCapacity(Integer.parseInt(fields[2]))
                        .maxCapacity(Integer.parseInt(fields[3]))
                        .build());
            }
            return targets;
        }

        public static String format(List<ScalableTarget> targets) {
            return String.join(";", targets.stream()
                    .map(t -> t.resourceId() + "," + t.scalableDimensionAsString() + "," + t.minCapacity() + "," + t.maxCapacity())
                    .toList());
        }
    }
}
