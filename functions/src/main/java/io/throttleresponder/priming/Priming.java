package io.throttleresponder.priming;

import static io.throttleresponder.logging.StructuredEntry.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.throttleresponder.AlarmHandler;
import io.throttleresponder.act.Actuator;
import io.throttleresponder.act.FollowUpScheduler;
import io.throttleresponder.act.RecoveryScheduler;
import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.alarm.ParsedEvent;
import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.aws.PrimingHttpClient;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.diagnose.Diagnoser;
import io.throttleresponder.diagnose.Diagnosis;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Decreases;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.Response;
import io.throttleresponder.model.TableState;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.record.ReadOnlyLedger;
import io.throttleresponder.respond.Responder;
import io.throttleresponder.respond.ResponseJson;
import io.throttleresponder.wiring.ResponderConfig;
import io.throttleresponder.wiring.ResponseMetrics;
import io.throttleresponder.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: before the snapshot, runs a bundled sample alarm through parsing, diagnosis,
 * planning and serialisation, so the restored function starts with that code loaded and compiled.
 * The responder it primes with plans only and talks to in-memory ports: every write port refuses
 * every call, so priming needs no credentials, no network and changes nothing.
 */
public final class Priming implements Resource {

    /** Copied from events/ by the build, so the sample and the bundled copy cannot drift apart. */
    static final String SAMPLE_EVENT = "/priming/sns-write-provisioned-orders.json";

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one priming run did: the responses, their JSON, and any write a port was asked for (refused). */
    record Run(List<Response> responses, byte[] json, List<String> refusedWrites) {}

    Priming() {}

    /** Registers priming with the CRaC context once per container, however many handlers are built. */
    public static void register() {
        SnapshotPriming.registerOnce(Priming.class, Priming::new);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        SnapshotPriming.beforeSnapshot(Priming::primeForSnapshot);
    }

    /** What the alarm function runs before its snapshot: the sample, then the real path's passes. */
    public static void primeForSnapshot() {
        Run run = prime();
        RealPath realPath = primeRealPath(PrimingPasses.BEFORE_SNAPSHOT);
        LOG.info("primed for snapshot",
                entry("sampleEvent", SAMPLE_EVENT),
                entry("outcomes", run.responses().stream().map(r -> r.outcome().name()).toList()),
                entry("refusedWrites", run.refusedWrites()),
                entry("deliveries", REAL_PATH_EVENTS.size()),
                entry("passes", realPath.passes()),
                entry("awsOperationsAnsweredInProcess", realPath.answered().size()));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to reconnect: the SDK clients open their connections on first use.
    }

    /** The bundled sample's account and Region, so that it is answered as this account's alarm. */
    static final OwnAccount SAMPLE_ACCOUNT = new OwnAccount("123456789012", "us-east-1");

    static Run prime() {
        List<String> refusedWrites = Collections.synchronizedList(new ArrayList<>());
        byte[] event = resource(SAMPLE_EVENT);
        Responder responder = planOnlyResponder(policyWatching(event), refusedWrites);
        List<Response> responses = new ArrayList<>();
        for (ParsedEvent parsed : AlarmEventParser.create().parse(event)) {
            if (parsed instanceof ParsedEvent.Alarm alarm) {
                responses.add(responder.respond(alarm.notification()));
            }
        }
        ArrayNode results = JSON.createArrayNode();
        responses.forEach(r -> results.add(ResponseJson.toJson(r)));
        // Loads and compiles the metrics' serialization too, writing the lines nowhere: nothing happened.
        ResponseMetrics metrics = ResponseMetrics.writingLinesTo(line -> { });
        responses.forEach(r -> metrics.record(r, Instant.now()));
        try {
            return new Run(List.copyOf(responses), JSON.writeValueAsBytes(results), List.copyOf(refusedWrites));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One sample of each delivery: SNS, EventBridge and the direct alarm action, each parsed by its own Jackson path. */
    static final List<String> REAL_PATH_EVENTS = List.of(SAMPLE_EVENT,
            "/priming/eventbridge-write-provisioned-orders.json", "/priming/alarm-action-read-provisioned-orders.json");

    private static final String CANNED_ANSWERS = "/priming/aws-answers.json";

    /**
     * What the production path did over the in-process client: the handler's output per event in the first pass,
     * the operations answered in all, and the passes run.
     */
    record RealPath(List<byte[]> outputs, List<String> answered, int passes) {}

    /**
     * The samples through the handler as Lambda calls it, wired exactly as {@link Wiring} wires the
     * function (every adapter, every SDK client configured as {@link AwsClients#create} does), but over
     * {@link PrimingHttpClient}: each AWS operation of a notification, writes included, is marshalled,
     * signed, answered and unmarshalled inside the process. Nothing reaches AWS, and the function's own
     * clients, ledger and guard state are untouched. The handler is built once and walked {@code passes} times.
     */
    static RealPath primeRealPath(PrimingPasses passes) {
        PrimingHttpClient aws = new PrimingHttpClient(cannedAnswers());
        AwsClients clients = AwsClients.inProcess(SAMPLE_ACCOUNT.region(), aws);
        ResponderConfig config = inProcessConfig(policyWatching(resource(SAMPLE_EVENT)));
        AlarmHandler handler = new AlarmHandler(Wiring.responder(config, clients).build(), ResponseMetrics.writingLinesTo(line -> { }));
        List<byte[]> events = REAL_PATH_EVENTS.stream().map(Priming::resource).toList();
        List<byte[]> outputs = new ArrayList<>();
        int run = passes.run(pass -> {
            for (byte[] event : events) {
                try {
                    ByteArrayOutputStream output = new ByteArrayOutputStream();
                    handler.handleRequest(new ByteArrayInputStream(event), output, null);
                    if (pass == 0) {
                        outputs.add(output.toByteArray());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, System::nanoTime);
        return new RealPath(List.copyOf(outputs), aws.answered(), run);
    }

    /** The function's configuration for a priming over in-process clients: the sample's account, names of the stack's shape. */
    static ResponderConfig inProcessConfig(Policy policy) {
        return new ResponderConfig(policy, "throttle-responder-ledger",
                "arn:aws:sns:us-east-1:123456789012:throttle-responder-notifications",
                "https://sqs.us-east-1.amazonaws.com/123456789012/throttle-responder-follow-ups",
                SAMPLE_ACCOUNT, null, "throttle-responder", null);
    }

    /** The in-process answers priming gives each AWS operation, keyed as {@link PrimingHttpClient} looks them up. */
    public static Map<String, String> cannedAnswers() {
        try {
            Map<String, String> answers = new HashMap<>();
            JSON.readTree(resource(CANNED_ANSWERS)).fields()
                    .forEachRemaining(answer -> answers.put(answer.getKey(), answer.getValue().toString()));
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A responder that plans on in-memory state and refuses, noting it, every write a port is asked for. */
    static Responder planOnlyResponder(Policy policy, List<String> refusedWrites) {
        return Responder.builder()
                .policy(policy)
                .tables(Priming::provisionedState)
                .metrics(new SampleMetrics())
                .actuator(refusing(Actuator.class, refusedWrites))
                .ledger(new ReadOnlyLedger())
                .notifier(refusing(Notifier.class, refusedWrites))
                .followUps(refusing(FollowUpScheduler.class, refusedWrites))
                .recoveries(refusing(RecoveryScheduler.class, refusedWrites))
                .ownAccount(SAMPLE_ACCOUNT)
                .planOnly(true)
                .build();
    }

    private static byte[] resource(String name) {
        try (InputStream in = Priming.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Watches the sample's tables with default settings, whatever the deployed policy says, so planning runs in full. */
    private static Policy policyWatching(byte[] event) {
        Map<String, TableSettings> watched = new HashMap<>();
        for (ParsedEvent parsed : AlarmEventParser.create().parse(event)) {
            if (parsed instanceof ParsedEvent.Alarm alarm
                    && Diagnoser.diagnose(alarm.notification()) instanceof Diagnosis.Found found) {
                watched.put(found.incident().resource().table(), TableSettings.DEFAULTS);
            }
        }
        return new Policy(false, false, TableSettings.DEFAULTS, watched);
    }

    /** A provisioned table (and the focus index, if any) at modest capacity, as the sandbox's orders table is. */
    static TableState provisionedState(ResourceId focus) {
        ResourceId table = ResourceId.table(focus.table());
        Map<String, ResourceState> indexes = focus.isIndex()
                ? Map.of(focus.index(), resource(focus))
                : Map.of();
        return new TableState(BillingMode.PROVISIONED, resource(table), indexes,
                TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA);
    }

    private static ResourceState resource(ResourceId id) {
        return new ResourceState(id, "ACTIVE", 100, 50, ResourceState.NO_ON_DEMAND_MAXIMUM,
                ResourceState.NO_ON_DEMAND_MAXIMUM, Decreases.NONE, Map.of(), "DISABLED");
    }

    /** Consumed capacity near the provisioned level, so the planner's peak-and-headroom arithmetic runs. */
    static final class SampleMetrics implements MetricsReader {
        @Override
        public Map<Cause, Double> throttleEventsByCause(ResourceId resource, Operation operation, Instant now) {
            return Map.of(Cause.PROVISIONED, 212.0);
        }

        @Override
        public OptionalDouble consumedPeak(ResourceId resource, Operation operation, Instant now) {
            return OptionalDouble.of(60.0);
        }

        @Override
        public OptionalDouble accountProvisionedUtilization(Operation operation, Instant now) {
            return OptionalDouble.of(10.0);
        }

        @Override
        public OptionalDouble peak(ResourceId resource, String metricName, Instant from, Instant to) {
            return OptionalDouble.empty();
        }
    }

    /** A write port whose every method is refused and noted, whatever methods the port grows. */
    static <T> T refusing(Class<T> port, List<String> refusedWrites) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "refusing " + port.getSimpleName();
                };
            }
            refusedWrites.add(port.getSimpleName() + "." + method.getName());
            throw new IllegalStateException("priming makes no write: " + port.getSimpleName() + "." + method.getName());
        }));
    }
}
