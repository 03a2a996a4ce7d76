package io.throttleresponder.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.AlarmHandler;
import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.aws.PrimingHttpClient;
import io.throttleresponder.priming.Priming;
import io.throttleresponder.priming.SnapshotPriming;
import io.throttleresponder.wiring.ResponderConfig;
import io.throttleresponder.wiring.ResponseMetrics;
import io.throttleresponder.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alarm function with nothing of the benchmark's in it: its own jar on the class path, every adapter
 * over every SDK client as {@link Wiring} builds them, DynamoDB's calls over HTTP to the endpoint of the
 * environment (DynamoDB Local) and the other services' answered in the process by the client priming uses
 * ({@link DynamoDbOverHttp}). Not paid here: TLS, and the other services' round trips.
 *
 * <p>Plain: a cold start, timed from process start to the capacity raised (UpdateTable answered) and to
 * the first notification handled, with the classes loaded by then. Primed: what SnapStart runs before its
 * snapshot (priming, as {@code Priming.beforeCheckpoint} runs it), then the first notification, which is
 * the restored function's, then warm ones.
 *
 * <p>Arguments: the launcher's clock (epoch ms) just before it started this JVM, {@code plain} or
 * {@code primed}, the number of warm notifications, the first event file, then the warm event files. The
 * environment is the function's. Prints the handler's output, then one JSON line of figures.
 */
public final class FunctionAsDeployed {

    private FunctionAsDeployed() {}

    public static void main(String[] args) throws IOException {
        long launchedAtMillis = Long.parseLong(args[0]);
        boolean primed = switch (args[1]) {
            case "plain" -> false;
            case "primed" -> true;
            default -> throw new IllegalArgumentException("neither plain nor primed: " + args[1]);
        };
        int warmCount = Integer.parseInt(args[2]);
        Map<String, String> env = System.getenv();
        ResponderConfig config = ResponderConfig.fromEnvironment(env);
        DynamoDbOverHttp http = new DynamoDbOverHttp(AwsClients.httpClient(), new PrimingHttpClient(Priming.cannedAnswers()));
        AwsClients clients = AwsClients.create(config.region(), config.endpointOverride(), http);
        AlarmHandler handler = new AlarmHandler(Wiring.responder(config, clients).build(), ResponseMetrics.fromEnvironment(env));
        long primingNanos = 0;
        if (primed) {
            long primingStart = System.nanoTime();
            SnapshotPriming.beforeSnapshot(Priming::primeForSnapshot);
            primingNanos = System.nanoTime() - primingStart;
        }

        long firstStart = System.nanoTime();
        String firstOutput = handle(handler, Files.readAllBytes(Path.of(args[3])));
        long firstNanos = System.nanoTime() - firstStart;
        long handledAtMillis = System.currentTimeMillis();
        FirstNotificationHandled.mark();
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println(firstOutput);

        List<byte[]> warmEvents = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            warmEvents.add(Files.readAllBytes(Path.of(args[i])));
        }
        List<Double> warmMillis = new ArrayList<>();
        List<Double> warmExcludingAwsMillis = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < warmCount && !warmEvents.isEmpty(); i++) {
            byte[] event = StateChanges.later(warmEvents.get(i % warmEvents.size()), i / warmEvents.size() + 1);
            http.clearExchanges();
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
            warmExcludingAwsMillis.add((total - AwsCalls.busyNanos(http.exchanges())) / 1e6);
        }

        ObjectMapper json = new ObjectMapper();
        ObjectNode figures = json.createObjectNode()
                .put("startToHandledMillis", handledAtMillis - launchedAtMillis)
                .put("classes", classes)
                .put("primingMillis", primingNanos / 1e6)
                .put("firstMillis", firstNanos / 1e6);
        http.capacityRaisedAtMillis().ifPresent(at -> figures.put("startToCapacityRaisedMillis", at - launchedAtMillis));
        figures.set("warmMillis", json.valueToTree(warmMillis));
        figures.set("warmExcludingAwsMillis", json.valueToTree(warmExcludingAwsMillis));
        figures.set("failedNotifications", json.valueToTree(failed.stream().distinct().toList()));
        System.out.println(figures);
    }

    private static String handle(AlarmHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), output, null);
        return output.toString();
    }

    /** Loaded when the notification has been handled: marks its end in a class-load log ({@link ClassBreakdown}). */
    static final class FirstNotificationHandled {
        static void mark() {
            // Loading this class is the mark.
        }
    }
}
