package io.throttleresponder.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.AlarmHandler;
import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.aws.PrimingHttpClient;
import io.throttleresponder.priming.Priming;
import io.throttleresponder.wiring.ResponderConfig;
import io.throttleresponder.wiring.ResponseMetrics;
import io.throttleresponder.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The alarm function's plain cold start with nothing of the benchmark's in it: its own jar on the class
 * path, every adapter over every SDK client as {@link Wiring} builds them, DynamoDB's calls over HTTP to
 * the endpoint of the environment (DynamoDB Local) and the other services' answered in the process by
 * the client priming uses ({@link DynamoDbOverHttp}). Not paid here: TLS, and the other services' round
 * trips. Prints the handler's output, then one JSON line: process start to the first notification
 * handled, and the classes loaded by then.
 *
 * <p>Arguments: the launcher's clock (epoch ms) just before it started this JVM, the event file. The
 * environment is the function's.
 */
public final class FunctionAsDeployed {

    private FunctionAsDeployed() {}

    public static void main(String[] args) throws IOException {
        long launchedAtMillis = Long.parseLong(args[0]);
        Map<String, String> env = System.getenv();
        ResponderConfig config = ResponderConfig.fromEnvironment(env);
        AwsClients clients = AwsClients.create(config.region(), config.endpointOverride(),
                new DynamoDbOverHttp(AwsClients.httpClient(), new PrimingHttpClient(Priming.cannedAnswers())));
        AlarmHandler handler = new AlarmHandler(Wiring.responder(config, clients).build(), ResponseMetrics.fromEnvironment(env));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1]))), output, null);
        long handledAtMillis = System.currentTimeMillis();
        FirstNotificationHandled.mark();
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println(output);
        System.out.println(new ObjectMapper().createObjectNode()
                .put("startToHandledMillis", handledAtMillis - launchedAtMillis)
                .put("classes", classes));
    }

    /** Loaded when the notification has been handled: marks its end in a class-load log ({@link ClassBreakdown}). */
    static final class FirstNotificationHandled {
        static void mark() {
            // Loading this class is the mark.
        }
    }
}
