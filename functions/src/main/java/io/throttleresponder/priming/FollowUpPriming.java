package io.throttleresponder.priming;

import static io.throttleresponder.logging.StructuredEntry.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.FollowUpHandler;
import io.throttleresponder.act.Actuator;
import io.throttleresponder.act.AlarmStateReset;
import io.throttleresponder.act.FollowUpScheduler;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.aws.AwsClients;
import io.throttleresponder.aws.FollowUpMessage;
import io.throttleresponder.aws.PrimingHttpClient;
import io.throttleresponder.followup.ContributorWatch;
import io.throttleresponder.followup.FollowUpResponder;
import io.throttleresponder.followup.QuietWatch;
import io.throttleresponder.followup.Recovery;
import io.throttleresponder.respond.Responder;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.notify.IncidentMessage;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.record.ReadOnlyLedger;
import io.throttleresponder.summary.InsightRuleReport;
import io.throttleresponder.summary.InsightsReader;
import io.throttleresponder.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming of the follow-up function, as {@link Priming} primes the alarm function: before
 * the snapshot, a hot-key summary follow-up goes through the handler (the SQS event, the message,
 * the Contributor Insights analysis, the summary's text and chat forms, the batch response) on
 * in-memory ports. The summary is built and published nowhere; every other write a port is asked
 * for is refused and noted, so priming needs no credentials, no network and changes nothing.
 */
public final class FollowUpPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(FollowUpPriming.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceId ORDERS = ResourceId.table("orders");
    private static final String SAMPLE_ALARM = "throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents";

    /** What one priming run did: the handler's batch and response, the summaries built, and any write refused. */
    record Run(FollowUpHandler.Batch batch, byte[] response, List<IncidentMessage> summaries, List<String> refusedWrites) {}

    FollowUpPriming() {}

    /** Registers priming with the CRaC context once per container, however many handlers are built. */
    public static void register() {
        SnapshotPriming.registerOnce(FollowUpPriming.class, FollowUpPriming::new);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        SnapshotPriming.beforeSnapshot(() -> {
            Run run = prime();
            RealPath realPath = primeRealPath(PrimingPasses.BEFORE_SNAPSHOT);
            LOG.info("follow-up function primed for snapshot",
                    entry("outcomes", run.batch().results().stream().map(r -> r.outcome().name()).toList()),
                    entry("refusedWrites", run.refusedWrites()),
                    entry("passes", realPath.passes()),
                    entry("awsOperationsAnsweredInProcess", realPath.answered().size()));
        });
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to reconnect: the SDK clients open their connections on first use.
    }

    static Run prime() {
        List<String> refusedWrites = Collections.synchronizedList(new ArrayList<>());
        List<IncidentMessage> summaries = Collections.synchronizedList(new ArrayList<>());
        Policy policy = new Policy(false, false, TableSettings.DEFAULTS, Map.of(ORDERS.table(), TableSettings.DEFAULTS));
        Notifier publishedNowhere = summaries::add;
        Recovery recovery = new Recovery(policy, Priming::provisionedState, new Priming.SampleMetrics(),
                FollowUpPriming::alarmsInAlarm, Priming.refusing(Actuator.class, refusedWrites), new ReadOnlyLedger(),
                publishedNowhere, Priming.refusing(FollowUpScheduler.class, refusedWrites), Clock.systemUTC());
        Responder planOnly = Priming.planOnlyResponder(policy, refusedWrites);
        ContributorWatch contributorWatch = new ContributorWatch(new Priming.SampleMetrics(), FollowUpPriming::alarmsInAlarm,
                Priming.refusing(FollowUpScheduler.class, refusedWrites), planOnly, publishedNowhere);
        FollowUpResponder responder = FollowUpResponder.builder()
                .policy(policy)
                .responder(planOnly)
                .recovery(recovery)
                .quietWatch(new QuietWatch(new ReadOnlyLedger(), new ReadOnlyLedger(), new Priming.SampleMetrics(),
                        FollowUpPriming::alarmsInAlarm, Priming.refusing(AlarmStateReset.class, refusedWrites),
                        Priming.refusing(FollowUpScheduler.class, refusedWrites), recovery, contributorWatch))
                .contributorWatch(contributorWatch)
                .insights(new SampleInsights())
                .alarms(FollowUpPriming::alarmsInAlarm)
                .ledger(new ReadOnlyLedger())
                .notifier(publishedNowhere)
                .followUps(Priming.refusing(FollowUpScheduler.class, refusedWrites))
                .region(Priming.SAMPLE_ACCOUNT.region())
                .build();
        FollowUpHandler handler = new FollowUpHandler(responder);
        Instant since = Instant.now().minus(Duration.ofMinutes(5));
        byte[] event = sqsEvent(FollowUpMessage.write(FollowUp.hotKeySummary(SAMPLE_ALARM, ORDERS, Operation.WRITE, since, 0),
                since));
        try {
            FollowUpHandler.Batch batch = handler.handle(event, () -> Long.MAX_VALUE);
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), response, null);
            return new Run(batch, response.toByteArray(), List.copyOf(summaries), List.copyOf(refusedWrites));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the production path did over the in-process client: the handler's batch in the first pass, the operations answered in all, the passes run. */
    record RealPath(FollowUpHandler.Batch batch, List<String> answered, int passes) {}

    /**
     * A hot-key summary and a recovery through the handler, wired exactly as {@link Wiring} wires the
     * follow-up function, over {@link PrimingHttpClient}: every AWS operation they make is marshalled,
     * signed, answered and unmarshalled inside the process, and nothing reaches AWS. The handler is built once
     * and walked {@code passes} times.
     */
    static RealPath primeRealPath(PrimingPasses passes) {
        Map<String, String> answers = new HashMap<>(Priming.cannedAnswers());
        // Contributor Insights on, with its rules, as a summary finds it after the alarm function enabled it.
        answers.put("DynamoDB_20120810.DescribeContributorInsights", "{\"TableName\":\"orders\","
                + "\"ContributorInsightsStatus\":\"ENABLED\",\"ContributorInsightsRuleList\":[\"" + SampleInsights.RULE + "\"]}");
        PrimingHttpClient aws = new PrimingHttpClient(answers);
        Policy policy = new Policy(false, false, TableSettings.DEFAULTS, Map.of(ORDERS.table(), TableSettings.DEFAULTS));
        FollowUpHandler handler = new FollowUpHandler(Wiring.followUpResponder(Priming.inProcessConfig(policy),
                AwsClients.inProcess(Priming.SAMPLE_ACCOUNT.region(), aws)).build());
        Instant since = Instant.now().minus(Duration.ofMinutes(5));
        byte[] event = sqsEvent(
                FollowUpMessage.write(FollowUp.hotKeySummary(SAMPLE_ALARM, ORDERS, Operation.WRITE, since, 0), since),
                FollowUpMessage.write(FollowUp.recovery(SAMPLE_ALARM, ORDERS, Operation.WRITE, since), since));
        List<FollowUpHandler.Batch> first = new ArrayList<>();
        int run = passes.run(pass -> {
            FollowUpHandler.Batch batch = handler.handle(event, () -> Long.MAX_VALUE);
            if (pass == 0) {
                first.add(batch);
            }
        }, System::nanoTime);
        return new RealPath(first.get(0), aws.answered(), run);
    }

    private static Map<String, AlarmState> alarmsInAlarm(Collection<String> names) {
        return names.stream().collect(Collectors.toMap(name -> name, name -> AlarmState.ALARM));
    }

    /** The SQS event Lambda delivers for follow-up messages, one record each. */
    private static byte[] sqsEvent(String... bodies) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (int i = 0; i < bodies.length; i++) {
            ObjectNode record = records.addObject();
            record.put("messageId", "priming-" + i);
            record.put("body", bodies[i]);
            record.put("eventSource", "aws:sqs");
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One partition-key rule whose top key takes most of the throttled writes, so the whole analysis runs. */
    private static final class SampleInsights implements InsightsReader {
        private static final String RULE = "DynamoDBContributorInsights-PKT-orders-1795000000000";

        @Override
        public List<String> ruleNames(ResourceId resource) {
            return List.of(RULE);
        }

        @Override
        public InsightRuleReport report(String ruleName, Instant from, Instant to) {
            return new InsightRuleReport(ruleName, List.of("pk"), 1000, 60, List.of(
                    new InsightRuleReport.Contributor(List.of("customer#1042"), 860, 212),
                    new InsightRuleReport.Contributor(List.of("customer#7"), 90, 30),
                    new InsightRuleReport.Contributor(List.of("customer#9"), 50, 20)));
        }
    }
}
