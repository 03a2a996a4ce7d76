package io.throttleresponder;

import static io.throttleresponder.logging.StructuredEntry.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.ParsedEvent;
import io.throttleresponder.aws.FailedCall;
import io.throttleresponder.diagnose.Diagnoser;
import io.throttleresponder.diagnose.Diagnosis;
import io.throttleresponder.logging.InvocationLogging;
import io.throttleresponder.model.Response;
import io.throttleresponder.priming.Priming;
import io.throttleresponder.respond.Responder;
import io.throttleresponder.respond.ResponseJson;
import io.throttleresponder.wiring.ResponseMetrics;
import io.throttleresponder.wiring.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm handler, whichever way the alarm is delivered (SNS, EventBridge, direct alarm action):
 * parse, hand each notification to the responder, log one line per notification, and return the
 * responses as a JSON array. Bad input is rejected with its reason, never thrown, so no delivery
 * retries in a loop.
 */
public final class AlarmHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlarmEventParser parser = AlarmEventParser.create();
    private final Responder responder;
    private final ResponseMetrics metrics;

    public AlarmHandler() {
        this(Wiring.responderFromEnvironment(), ResponseMetrics.fromEnvironment(System.getenv()));
        Priming.register();
    }

  public   AlarmHandler(Responder responder, ResponseMetrics metrics) {
        this.responder = responder;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = readAtMost(input, AlarmEventParser.MAX_EVENT_BYTES + 1);
        List<Response> responses = context == null
                ? handle(event)
                : InvocationLogging.withContext(context, () -> handle(event));
        ArrayNode results = JSON.createArrayNode();
        responses.forEach(r -> results.add(ResponseJson.toJson(r)));
        output.write(JSON.writeValueAsBytes(results));
    }

    private List<Response> handle(byte[] event) {
        List<Response> responses = new ArrayList<>();
        for (ParsedEvent parsed : parser.parse(event)) {
            Response response;
            if (parsed instanceof ParsedEvent.Alarm alarm) {
                try {
                    response = responder.respond(alarm.notification());
                } catch (RuntimeException e) {
                    logFailure(alarm.notification(), e);
                    throw e;
                }
            } else {
                response = Response.rejected(parsed.delivery(), ((ParsedEvent.Rejected) parsed).reason());
            }
            log(response);
            responses.add(response);
        }
        return responses;
    }

    /**
     * The responder's own outage, as visible as its work: one structured line (outcome FAILED, the call
     * that failed and what it means) and the NotificationsFailed metric under the alarm's table, before
     * the invocation fails for Lambda's retry.
     */
    private void logFailure(AlarmNotification alarm, RuntimeException e) {
        String call = FailedCall.of(e).orElse("not an AWS call");
        LOG.error("alarm not handled",
                entry("outcome", "FAILED"),
                entry("alarm", alarm.alarmName()),
                entry("delivery", alarm.delivery().name()),
                entry("call", call),
                entry("reason", call + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()),
                entry("meaning", "the invocation fails so that Lambda retries it (the claim is given back when nothing"
                        + " was changed yet), then sends it to the dead-letter queue (docs/operations.md)"));
        metrics.recordFailure(tableOf(alarm), Instant.now());
    }

    /** The table the alarm names, as diagnosis reads it; null when it names none. */
    private static String tableOf(AlarmNotification alarm) {
        return Diagnoser.diagnose(alarm) instanceof Diagnosis.Found found ? found.incident().resource().table() : null;
    }

    /** One structured line per notification, and its metrics. */
    private void log(Response response) {
        LOG.info("alarm handled",
                entry("outcome", response.outcome().name()),
                entry("alarm", response.alarm()),
                entry("delivery", response.delivery() == null ? null : response.delivery().name()),
                entry("reason", response.reason()),
                entry("incident", response.incident() == null ? null : response.incident().resource() + " "
                        + response.incident().operation() + " " + response.incident().cause()),
                entry("actions", response.actions().stream()
                        .map(a -> a.type() + ":" + a.status() + (a.to() == null ? "" : ":" + a.from() + "->" + a.to()))
                        .toList()));
        metrics.record(response, Instant.now());
    }

    /** Reads one byte past the limit at most, so an oversized event is rejected without being buffered whole. */
    static byte[] readAtMost(InputStream input, int limit) {
        try {
            return input.readNBytes(limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
