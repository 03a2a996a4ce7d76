package io.throttleresponder.bench;

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
 * The classes the alarm function loads by the end of its first notification, wired as on Lambda and with
 * nothing of the benchmark's: its own jar on the class path, every adapter over every SDK client as
 * {@link Wiring} builds them, each AWS call of the notification marshalled, signed and answered in the
 * process ({@link PrimingHttpClient}, the answers priming uses), and first one DynamoDB call over HTTP to
 * the endpoint of the environment, for the HTTP client's own classes. Not counted: TLS's handshake, which
 * loopback HTTP does not make. Prints the handler's output, then the loaded class count.
 *
 * <p>Arguments: the notification's event file. The environment is the function's.
 */
public final class FunctionClasses {

    private FunctionClasses() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        ResponderConfig config = ResponderConfig.fromEnvironment(env);
        AwsClients.create(config.region(), config.endpointOverride()).dynamoDb().describeLimits();
        AwsClients inProcess = AwsClients.inProcess(config.region(), new PrimingHttpClient(Priming.cannedAnswers()));
        AlarmHandler handler = new AlarmHandler(Wiring.responder(config, inProcess).build(), ResponseMetrics.fromEnvironment(env));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[0]))), output, null);
        FirstNotificationHandled.mark();
        System.out.println(output);
        System.out.println(ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
    }

    /** Loaded when the notification has been handled: marks its end in a class-load log ({@link ClassBreakdown}). */
    static final class FirstNotificationHandled {
        static void mark() {
            // Loading this class is the mark.
        }
    }
}
