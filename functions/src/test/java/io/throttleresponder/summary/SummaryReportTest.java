package io.throttleresponder.summary;

import static io.throttleresponder.summary.Reports.ORDERS;
import static io.throttleresponder.summary.Reports.PKT;
import static io.throttleresponder.summary.Reports.SKT;
import static io.throttleresponder.summary.Reports.dominant;
import static io.throttleresponder.summary.Reports.pk;
import static io.throttleresponder.summary.Reports.report;
import static io.throttleresponder.summary.Reports.sk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.contract.KeyMasking;
import io.throttleresponder.evidence.ApplicationKeys;
import io.throttleresponder.notify.IncidentMessage;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryReportTest {

    private static final java.time.Instant SINCE = java.time.Instant.parse("2026-11-21T03:15:42.817Z");
    private static final java.time.Instant FROM = java.time.Instant.parse("2026-11-21T03:10:42.817Z");
    private static final java.time.Instant TO = java.time.Instant.parse("2026-11-21T03:20:42.817Z");

    private static final String ALARM = "throttle-responder-orders-WriteKeyRangeThroughputThrottleEvents";
    private static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final HotKeySummary WRITES = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, dominant(PKT), false);

    private static IncidentMessage message(List<HotKeySummary> summaries, boolean last, int remaining) {
        return SummaryReport.of(ALARM, REGION, summaries, last, remaining, SINCE, FROM, TO, null);
    }

    /** The JSON object after the marker line; fails if anything but one JSON object follows it. */
    private static JsonNode machineReadable(IncidentMessage message) throws Exception {
        String text = message.text();
        String marker = "\n" + SummaryReport.MACHINE_READABLE_MARKER + "\n";
        assertThat(text).containsOnlyOnce(marker);
        return JSON.readTree(text.substring(text.indexOf(marker) + marker.length()));
    }

    private static JsonNode chat(IncidentMessage message) throws Exception {
        return JSON.readTree(message.chatJson());
    }

    @Test
    void machineReadableBlock_roundsSharesAndValuesToFourDecimals() throws Exception {
        HotKeySummary thirds = new HotKeySummary(ResourceId.table("orders"), "rule", RuleKind.PKT,
                List.of(new RankedKey("a", 1.0, 1.0 / 3)), 3.0, 1.0 / 3, 1.0, "rec");

        String text = SummaryReport.of(ALARM, REGION, List.of(thirds), true, 0, SINCE, FROM, TO, null).text();

        String block = text.substring(text.indexOf(SummaryReport.MACHINE_READABLE_MARKER));
        assertThat(block).contains("\"topShare\":0.3333", "\"share\":0.3333").doesNotContain("0.33333");
    }

    @Test
    void subject_namesTheResource() {
        assertThat(message(List.of(WRITES), false, 2).subject()).isEqualTo("[throttle-responder] Hot keys on table/orders");
    }

    @Test
    void subject_ofTheFinalSummary_saysFinal() {
        assertThat(message(List.of(WRITES), true, 0).subject()).isEqualTo("[throttle-responder] Final hot keys on table/orders");
    }

    @Test
    void subject_forLongTableAndIndexNames_isAsciiAndUnder100Chars() {
        ResourceId longest = new ResourceId("t".repeat(255), "i".repeat(255));
        HotKeySummary summary = HotKeyAnalysis.summarize(longest, Operation.WRITE, dominant(PKT), false);

        String subject = message(List.of(summary), false, 1).subject();

        assertThat(subject).hasSizeLessThan(100).startsWith("[throttle-responder] Hot keys on table/ttt").endsWith("...");
    }

    @Test
    void subject_withoutSummaries_namesTheAlarm_inAsciiOnly() {
        IncidentMessage message = SummaryReport.of("Bestellungen-Überlast\nx", REGION, List.of(), true, 0, SINCE, FROM, TO, null);

        assertThat(message.subject()).isEqualTo("[throttle-responder] No hot-key data for alarm Bestellungen-?berlast?x");
        assertThat(StandardCharsets.US_ASCII.newEncoder().canEncode(message.subject())).isTrue();
    }

    @Test
    void text_hasARankedTableSkewLineAndRecommendationPerRule() {
        String text = message(List.of(WRITES), false, 2).text();

        assertThat(text)
                .startsWith("Hot keys on table/orders\n\nAlarm:  " + ALARM + "\nRegion: us-east-1\n")
                .contains("Rule " + PKT + " (most throttled partition keys) on table/orders\n"
                        + "Total: 1,000 throttled requests from 2026-11-21T03:10:42.817Z to 2026-11-21T03:20:42.817Z (10 min)\n"
                        + "  rank  key       value    share\n"
                        + "     1  user#42     620   62.0 %\n"
                        + "     2  user#7      200   20.0 %\n"
                        + "     3  user#300    120   12.0 %\n"
                        + "Skew: top key 62 % of throttled requests; top 10 94 %\n"
                        + "Recommendation: " + WRITES.recommendation() + "\n")
                .contains("append a random suffix 0..2 to `user#42` and read all 3");
    }

    @Test
    void text_saysHowManyMoreSummariesFollow() {
        assertThat(message(List.of(WRITES), false, 2).text())
                .contains("More summaries follow: up to 2 more while the alarm stays in ALARM.")
                .doesNotContain("final hot-key summary");
    }

    @Test
    void text_ofTheFinalSummary_saysNoMoreFollow() {
        assertThat(message(List.of(WRITES), true, 2).text())
                .contains("This is the final hot-key summary for this alarm.")
                .doesNotContain("More summaries follow");
    }

    @Test
    void text_withNoRepeatsLeft_isFinalEvenIfNotFlagged() throws Exception {
        IncidentMessage message = message(List.of(WRITES), false, 0);

        assertThat(message.text()).contains("This is the final hot-key summary");
        assertThat(machineReadable(message).get("final").asBoolean()).isTrue();
    }

    @Test
    void text_linksToTheTableInTheRegion() {
        assertThat(message(List.of(WRITES), false, 1).text())
                .contains("https://us-east-1.console.aws.amazon.com/dynamodbv2/home?region=us-east-1#table?name=orders");
    }

    @Test
    void text_withoutARegionCode_hasNoLinks() {
        assertThat(SummaryReport.of(ALARM, null, List.of(WRITES), false, 1, SINCE, FROM, TO, null).text())
                .doesNotContain("console.aws.amazon.com").doesNotContain("Region:");
    }

    @Test
    void text_endsWithTheMachineReadableBlock() throws Exception {
        IncidentMessage message = message(List.of(WRITES), false, 2);

        JsonNode json = machineReadable(message);

        assertThat(json.get("resource").asText()).isEqualTo("table/orders");
        assertThat(json.get("alarmName").asText()).isEqualTo(ALARM);
        assertThat(json.get("region").asText()).isEqualTo(REGION);
        assertThat(json.get("final").asBoolean()).isFalse();
        assertThat(json.get("remainingRepeats").asInt()).isEqualTo(2);
        JsonNode summary = json.get("summaries").get(0);
        assertThat(json.get("summaries")).hasSize(1);
        assertThat(summary.get("rule").asText()).isEqualTo(PKT);
        assertThat(summary.get("kind").asText()).isEqualTo("PKT");
        assertThat(summary.get("resource").asText()).isEqualTo("table/orders");
        assertThat(summary.get("total").asDouble()).isEqualTo(1000.0);
        assertThat(summary.get("topShare").asDouble()).isEqualTo(0.62);
        assertThat(summary.get("top10Share").asDouble()).isEqualTo(0.94);
        assertThat(summary.get("topKeys")).hasSize(3);
        JsonNode top = summary.get("topKeys").get(0);
        assertThat(top.get("key").asText()).isEqualTo("user#42");
        assertThat(top.get("value").asDouble()).isEqualTo(620.0);
        assertThat(top.get("share").asDouble()).isEqualTo(0.62);
        assertThat(summary.get("recommendation").asText()).isEqualTo(WRITES.recommendation());
    }

    @Test
    void text_keyWithLineBreakOrBacktick_isShownOnOneLine_butKeptWholeInTheJson() throws Exception {
        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE,
                report(PKT, 100, pk("evil\nRecommendation: `drop`", 90, 60_000)), false);

        IncidentMessage message = message(List.of(summary), false, 1);

        assertThat(message.text()).contains("     1  evil?Recommendation: 'drop'  ")
                .doesNotContain("\nRecommendation: `drop`");
        assertThat(machineReadable(message).get("summaries").get(0).get("topKeys").get(0).get("key").asText())
                .isEqualTo("evil\nRecommendation: `drop`");
    }

    @Test
    void text_veryLongKey_isCutInTheTable() {
        String longKey = "x".repeat(2048);
        HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.READ, report(PKT, 100, pk(longKey, 90, 600)), false);

        String text = message(List.of(summary), false, 1).text();
        String table = text.substring(0, text.indexOf(SummaryReport.MACHINE_READABLE_MARKER));

        assertThat(table).contains("x".repeat(77) + "...").doesNotContain("x".repeat(81));
    }

    @Test
    void text_numbersIgnoreTheJvmLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            HotKeySummary summary = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE,
                    report(PKT, 10_000, pk("a", 2_500, 150_000)), false);

            String text = message(List.of(summary), false, 1).text();

            assertThat(text).contains("Total: 10,000 throttled requests").contains("2,500   25.0 %")
                    .contains("peaking at 2,500 throttled writes/s");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void text_ruleWithoutContributors_saysSo() {
        HotKeySummary empty = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, report(PKT, 0), false);

        assertThat(message(List.of(empty), false, 1).text())
                .contains("Total: 0 throttled requests from 2026-11-21T03:10:42.817Z to 2026-11-21T03:20:42.817Z (10 min)\n  (no contributors)\nSkew: top key 0 % of throttled requests; top 10 0 %\n")
                .contains("Recommendation: no contributors yet: Contributor Insights may still be collecting");
    }

    @Test
    void text_withoutSummaries_saysThereWasNothingToSummarize() throws Exception {
        IncidentMessage message = message(List.of(), true, 0);

        assertThat(message.text()).contains("No Contributor Insights rules to summarize");
        JsonNode json = machineReadable(message);
        assertThat(json.get("resource").isNull()).isTrue();
        assertThat(json.get("summaries")).isEmpty();
    }

    @Test
    void text_twoRules_bothSectionsInOrder() throws Exception {
        HotKeySummary items = HotKeyAnalysis.summarize(ORDERS, Operation.WRITE,
                report(SKT, 100, sk("user#42", "order#9", 70, 60_000)), false);

        IncidentMessage message = message(List.of(WRITES, items), false, 1);

        assertThat(message.text()).contains("Rule " + PKT + " (most throttled partition keys)")
                .contains("Rule " + SKT + " (most throttled items (partition key | sort key))")
                .contains("     1  user#42 | order#9     70   70.0 %");
        assertThat(message.text().indexOf(PKT)).isLessThan(message.text().indexOf(SKT));
        assertThat(machineReadable(message).get("summaries")).extracting(n -> n.get("kind").asText())
                .containsExactly("PKT", "SKT");
        JsonNode context = chat(message).get("metadata").get("additionalContext");
        assertThat(context.get("PKT.topKey").asText()).isEqualTo("user#42");
        assertThat(context.get("SKT.topKey").asText()).isEqualTo("user#42 | order#9");
        assertThat(context.get("SKT.topShare").asText()).isEqualTo("0.7");
    }

    @Test
    void chat_isACustomNotificationWithTheRankedKeysAndRecommendation() throws Exception {
        JsonNode chat = chat(message(List.of(WRITES), false, 2));

        assertThat(chat.get("version").asText()).isEqualTo("1.0");
        assertThat(chat.get("source").asText()).isEqualTo("custom");
        JsonNode content = chat.get("content");
        assertThat(content.get("textType").asText()).isEqualTo("client-markdown");
        assertThat(content.get("title").asText()).isEqualTo(":mag: Hot keys on table/orders");
        assertThat(content.get("description").asText())
                .contains("*PKT* most throttled partition keys on table/orders, total 1,000\n"
                        + "1. `user#42` 620 (62.0 %)\n2. `user#7` 200 (20.0 %)\n3. `user#300` 120 (12.0 %)\n"
                        + "Skew: top key 62 % of throttled requests; top 10 94 %\n")
                .endsWith("More summaries follow: up to 2 more while the alarm stays in ALARM.");
        assertThat(content.get("nextSteps").get(0).asText()).isEqualTo("PKT: " + WRITES.recommendation());
        assertThat(content.get("nextSteps").get(1).asText()).contains("#table?name=orders");
        assertThat(content.get("keywords")).extracting(JsonNode::asText).containsExactly("orders", "HotKeys");
    }

    @Test
    void chat_metadataThreadsWithTheIncidentAndCarriesTheFiguresAsStrings() throws Exception {
        JsonNode metadata = chat(message(List.of(WRITES), false, 2)).get("metadata");

        assertThat(metadata.get("threadId").asText()).isEqualTo("table/orders@2026-11-21T03:15:42.817Z");
        assertThat(metadata.get("eventType").asText()).isEqualTo(SummaryReport.EVENT_TYPE);
        assertThat(metadata.get("summary").asText()).isEqualTo("Hot keys on table/orders");
        assertThat(metadata.get("relatedResources")).extracting(JsonNode::asText).containsExactly("table/orders");
        JsonNode context = metadata.get("additionalContext");
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        context.fields().forEachRemaining(entries::add);
        assertThat(entries).allSatisfy(e -> assertThat(e.getValue().isTextual()).as(e.getKey()).isTrue());
        assertThat(context.get("alarmName").asText()).isEqualTo(ALARM);
        assertThat(context.get("region").asText()).isEqualTo(REGION);
        assertThat(context.get("final").asText()).isEqualTo("false");
        assertThat(context.get("remainingRepeats").asText()).isEqualTo("2");
        assertThat(context.get("PKT.rule").asText()).isEqualTo(PKT);
        assertThat(context.get("PKT.total").asText()).isEqualTo("1000");
        assertThat(context.get("PKT.topShare").asText()).isEqualTo("0.62");
        assertThat(Double.parseDouble(context.get("PKT.top10Share").asText())).isEqualTo(WRITES.top10Share());
        assertThat(context.get("PKT.topKey").asText()).isEqualTo("user#42");
        assertThat(context.get("PKT.topKeyValue").asText()).isEqualTo("620");
    }

    @Test
    void message_withMaskedKeys_neverContainsARawKey() {
        InsightRuleReport report = report(PKT, 1000, pk("alice@example.com", 700, 144_000), pk("bob@example.com", 300, 10));
        List<HotKeySummary> summaries = List.of(
                HotKeyAnalysis.summarize(ORDERS, Operation.WRITE, report, true),
                HotKeyAnalysis.summarize(ORDERS, null, report, true));

        IncidentMessage message = message(summaries, false, 1);

        for (String rendering : List.of(message.subject(), message.text(), message.chatJson())) {
            assertThat(rendering).doesNotContain("alice").doesNotContain("bob").doesNotContain("example.com");
        }
        assertThat(message.text()).contains(KeyMasking.mask("alice@example.com"))
                .contains("     1  key#ff8d9819fc0e    700   70.0 %");
        assertThat(message.chatJson()).contains(KeyMasking.mask("bob@example.com"));
    }

    @Test
    void of_requiresAnAlarmNameAndSummaries() {
        assertThatThrownBy(() -> SummaryReport.of(null, REGION, List.of(), true, 0, SINCE, FROM, TO, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SummaryReport.of(ALARM, REGION, null, true, 0, SINCE, FROM, TO, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theApplicationsKeys_areTheSummarysSecondSource_afterContributorInsights() {
        ApplicationKeys logged = ApplicationKeys.ranked(
                Map.of("customer#1042", 30L, "customer#7", 10L), ApplicationKeys.WINDOW);

        String text = SummaryReport.of(ALARM, REGION, List.of(WRITES), true, 0, SINCE, FROM, TO, logged).text();

        assertThat(text.indexOf("Hot keys from the applications' throttled calls"))
                .isGreaterThan(text.indexOf(WRITES.topKeys().get(0).key())).isPositive();
        assertThat(text).contains("(client sensor, Logs Insights, last 5 min), 40 throttled calls:\n"
                + "  customer#1042: 30 (75%)\n  customer#7: 10 (25%)\n");
    }
}
