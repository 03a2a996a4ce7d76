package io.throttleresponder.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.notify.ChatNotification;
import io.throttleresponder.evidence.ApplicationKeys;
import io.throttleresponder.notify.IncidentMessage;
import io.throttleresponder.notify.IncidentReport;
import io.throttleresponder.model.ResourceId;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes the hot-key summary message: a subject and e-mail text (a ranked table per rule, the skew,
 * the recommendation, whether more summaries follow, and a machine-readable JSON block at the end),
 * and the Amazon Q Developer custom notification for chat, in the same shape as the incident
 * message so both thread together. Pure. Keys are shown as the summaries hold them (already masked
 * when the policy masks keys).
 */
public final class SummaryReport {

    /** The line that introduces the JSON block at the end of the e-mail text; everything after it is one JSON object. */
    public static final String MACHINE_READABLE_MARKER = "--- machine-readable ---";
    /** The chat notification's {@code metadata.eventType}. */
    public static final String EVENT_TYPE = "ThrottleResponderHotKeySummary";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private SummaryReport() {}

    /**
     * @param alarmName the alarm that asked for the summary
     * @param region the region code (e.g. us-east-1) for console links, or null
     * @param summaries one per Contributor Insights rule, possibly none
     * @param finalSummary whether this is the last summary for the alarm (also when {@code remainingRepeats} is 0)
     * @param remainingRepeats how many more summaries are scheduled while the alarm stays in ALARM
     * @param since when the alarm fired: the incident's chat thread is the resource and that time
     * @param from the start of the window the totals count, the reports' start
     * @param to the end of that window
     * @param applicationKeys the keys the applications' client sensors logged, the summary's second source
     *     beside Contributor Insights; null when the deployment reads no sensor log groups
     */
    public static IncidentMessage of(String alarmName, String region, List<HotKeySummary> summaries, boolean finalSummary,
            int remainingRepeats, Instant since, Instant from, Instant to, ApplicationKeys applicationKeys) {
        java.util.Objects.requireNonNull(alarmName, "alarmName");
        java.util.Objects.requireNonNull(summaries, "summaries");
        boolean last = finalSummary || remainingRepeats <= 0;
        int more = last ? 0 : remainingRepeats;
        Set<ResourceId> resources = summaries.stream().map(HotKeySummary::resource)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        String on = resources.stream().map(ResourceId::toString).collect(Collectors.joining(", "));
        String title = summaries.isEmpty()
                ? "No hot-key data for alarm " + alarmName
                : (last ? "Final hot keys on " : "Hot keys on ") + on;
        String subject = IncidentMessage.truncate(ascii("[throttle-responder] " + title), IncidentMessage.SUBJECT_LIMIT);
        String followUp = last
                ? "This is the final hot-key summary for this alarm."
                : "More summaries follow: up to " + more + " more while the alarm stays in ALARM.";
        List<String> links = links(region, resources);

        StringBuilder text = new StringBuilder();
        text.append(title).append("\n\n");
        text.append("Alarm:  ").append(alarmName).append('\n');
        if (region != null) {
            text.append("Region: ").append(region).append('\n');
        }
        if (summaries.isEmpty()) {
            text.append("\nNo Contributor Insights rules to summarize: Contributor Insights may be off,"
                    + " or still being enabled.\n");
        }
        for (HotKeySummary summary : summaries) {
            text.append('\n').append(ruleSection(summary, from, to));
        }
        if (applicationKeys != null) {
            List<String> keyLines = applicationKeys.lines();
            text.append('\n').append(keyLines.get(0)).append('\n');
            keyLines.subList(1, keyLines.size()).forEach(l -> text.append("  ").append(l).append('\n'));
        }
        text.append('\n').append(followUp).append('\n');
        if (!links.isEmpty()) {
            text.append("\nLinks:\n");
            links.forEach(l -> text.append("  ").append(l).append('\n'));
        }
        text.append('\n').append(MACHINE_READABLE_MARKER).append('\n')
                .append(machineReadable(alarmName, region, resources, summaries, last, more)).append('\n');

        return new IncidentMessage(subject, text.toString(), chat(alarmName, region, title, resources, summaries, last, more,
                followUp, links, since));
    }

    /** What a rule ranks, for people. */
    static String describe(RuleKind kind) {
        return switch (kind) {
            case PKC -> "most accessed partition keys";
            case PKT -> "most throttled partition keys";
            case SKC -> "most accessed items (partition key | sort key)";
            case SKT -> "most throttled items (partition key | sort key)";
        };
    }

    /** "top key 62 % of throttled requests; top 10 94 %". */
    static String skew(HotKeySummary summary) {
        return "top key " + Figures.percent(summary.topShare()) + " of " + Figures.requests(summary.kind())
                + "; top 10 " + Figures.percent(summary.top10Share());
    }

    private static String ruleSection(HotKeySummary s, Instant from, Instant to) {
        StringBuilder text = new StringBuilder();
        text.append("Rule ").append(s.rule()).append(" (").append(describe(s.kind())).append(") on ")
                .append(s.resource()).append('\n');
        text.append("Total: ").append(Figures.number(s.total())).append(' ').append(Figures.requests(s.kind()))
                .append(" from ").append(from).append(" to ").append(to)
                .append(" (").append(Duration.between(from, to).toMinutes()).append(" min)").append('\n');
        if (s.topKeys().isEmpty()) {
            text.append("  (no contributors)\n");
        } else {
            List<String> keys = s.topKeys().stream().map(k -> KeyText.display(k.key())).toList();
            List<String> values = s.topKeys().stream().map(k -> Figures.number(k.value())).toList();
            int keyWidth = Math.max("key".length(), keys.stream().mapToInt(String::length).max().orElse(0));
            int valueWidth = Math.max("value".length(), values.stream().mapToInt(String::length).max().orElse(0));
            String row = "  %4s  %-" + keyWidth + "s  %" + valueWidth + "s  %7s%n";
            text.append(String.format(Locale.ROOT, row, "rank", "key", "value", "share"));
            for (int i = 0; i < keys.size(); i++) {
                text.append(String.format(Locale.ROOT, row, i + 1, keys.get(i), values.get(i),
                        Figures.percent1(s.topKeys().get(i).share())));
            }
        }
        text.append("Skew: ").append(skew(s)).append('\n');
        text.append("Recommendation: ").append(s.recommendation()).append('\n');
        return text.toString();
    }

    private static String machineReadable(String alarmName, String region, Set<ResourceId> resources,
            List<HotKeySummary> summaries, boolean last, int more) {
        ObjectNode root = JSON.createObjectNode();
        root.put("alarmName", alarmName);
        root.put("region", region);
        if (resources.isEmpty()) {
            root.putNull("resource");
        } else {
            root.put("resource", resources.iterator().next().toString());
        }
        root.put("final", last);
        root.put("remainingRepeats", more);
        ArrayNode list = root.putArray("summaries");
        for (HotKeySummary s : summaries) {
            ObjectNode node = list.addObject();
            node.put("resource", s.resource().toString());
            node.put("rule", s.rule());
            node.put("kind", s.kind().name());
            node.put("total", rounded(s.total()));
            node.put("topShare", rounded(s.topShare()));
            node.put("top10Share", rounded(s.top10Share()));
            ArrayNode keys = node.putArray("topKeys");
            for (RankedKey k : s.topKeys()) {
                keys.addObject().put("key", k.key()).put("value", rounded(k.value())).put("share", rounded(k.share()));
            }
            node.put("recommendation", s.recommendation());
        }
        return root.toString();
    }

    /** Four decimals are more than a share or a count needs: the block stays short for people who see it. */
    private static double rounded(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static String chat(String alarmName, String region, String title, Set<ResourceId> resources,
            List<HotKeySummary> summaries, boolean last, int more, String followUp, List<String> links, Instant since) {
        StringBuilder description = new StringBuilder();
        description.append("*").append(alarmName).append("*\n");
        if (summaries.isEmpty()) {
            description.append("No Contributor Insights rules to summarize: Contributor Insights may be off, or still being enabled.\n");
        }
        for (HotKeySummary s : summaries) {
            description.append("\n*").append(s.kind()).append("* ").append(describe(s.kind())).append(" on ")
                    .append(s.resource()).append(", total ").append(Figures.number(s.total())).append('\n');
            int rank = 1;
            for (RankedKey k : s.topKeys()) {
                description.append(rank++).append(". ").append(KeyText.code(k.key())).append(' ')
                        .append(Figures.number(k.value())).append(" (").append(Figures.percent1(k.share())).append(")\n");
            }
            if (s.topKeys().isEmpty()) {
                description.append("(no contributors)\n");
            }
            description.append("Skew: ").append(skew(s)).append('\n');
        }
        description.append('\n').append(followUp);
        List<String> keywords = new ArrayList<>(resources.stream().map(ResourceId::table).distinct().toList());
        keywords.add("HotKeys");

        Map<String, String> context = new LinkedHashMap<>();
        context.put("alarmName", alarmName);
        if (region != null) {
            context.put("region", region);
        }
        context.put("final", Boolean.toString(last));
        context.put("remainingRepeats", Integer.toString(more));
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < summaries.size(); i++) {
            HotKeySummary s = summaries.get(i);
            String prefix = s.kind().name() + (s.resource().isIndex() ? "-" + s.resource().index() : "");
            if (!prefixes.add(prefix)) {
                prefix = prefix + "-" + (i + 1);
                prefixes.add(prefix);
            }
            context.put(prefix + ".rule", s.rule());
            context.put(prefix + ".total", plain(s.total()));
            context.put(prefix + ".topShare", plain(s.topShare()));
            context.put(prefix + ".top10Share", plain(s.top10Share()));
            if (!s.topKeys().isEmpty()) {
                context.put(prefix + ".topKey", s.topKeys().get(0).key());
                context.put(prefix + ".topKeyValue", plain(s.topKeys().get(0).value()));
            }
        }
        return ChatNotification.of(":mag: " + title, description.toString())
                .nextSteps(summaries.stream().map(s -> s.kind() + ": " + s.recommendation()).toList())
                .nextSteps(links)
                .keywords(keywords)
                .threadId(resources.isEmpty() ? alarmName : IncidentReport.threadId(resources.iterator().next(), since))
                .summary(IncidentMessage.truncate(title, IncidentMessage.SUBJECT_LIMIT))
                .eventType(EVENT_TYPE)
                .relatedResources(resources.stream().map(ResourceId::toString).toList())
                .additionalContext(context)
                .toJson();
    }

    private static List<String> links(String region, Set<ResourceId> resources) {
        List<String> links = new ArrayList<>();
        if (region == null || !REGION.matcher(region).matches()) {
            return links;
        }
        String console = "https://" + region + ".console.aws.amazon.com/";
        resources.stream().map(ResourceId::table).distinct().forEach(table -> links.add(
                "Table " + table + ": " + console + "dynamodbv2/home?region=" + region + "#table?name=" + encode(table)));
        return links;
    }

    private static String plain(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : Double.toString(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Printable ASCII only: anything else (accents, line breaks) becomes '?'. */
    private static String ascii(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7f ? (char) cp : '?'));
        return out.toString();
    }
}
