package io.throttleresponder.alarm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a CloudWatch Metrics Insights query the responder reads: the function and metric of the
 * SELECT, the namespace and dimensions of the FROM, the WHERE conditions and the GROUP BY. Grammar:
 * {@code SELECT FUNCTION(metric) FROM namespace | SCHEMA(namespace[, key...]) [WHERE key op value [AND ...]]
 * [GROUP BY key[, ...]] [ORDER BY FUNCTION() [ASC|DESC]] [LIMIT n]}. Pure.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html">Metrics Insights query components and syntax</a>
 */
public record MetricsInsightsQuery(String function, String metricName, String namespace, List<String> schemaKeys,
                                   List<Condition> where, List<String> groupBy) {

    private static final Pattern QUERY = Pattern.compile(
            "^\\s*SELECT\\s+(\\w+)\\s*\\(\\s*(\"[^\"]+\"|[\\w.\\-]+)\\s*\\)\\s+FROM\\s+(.+?)"
                    + "(?:\\s+WHERE\\s+(.+?))?(?:\\s+GROUP\\s+BY\\s+(.+?))?(?:\\s+ORDER\\s+BY\\s+.+?)?(?:\\s+LIMIT\\s+\\d+)?\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern SCHEMA = Pattern.compile("^SCHEMA\\s*\\((.*)\\)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CONDITION = Pattern.compile(
            "^\\s*(\"[^\"]+\"|[\\w.\\-]+)\\s*(=|!=|<>|NOT\\s+IN|IN|NOT\\s+LIKE|LIKE)\\s*(.+?)\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern AND = Pattern.compile("\\s+AND\\s+", Pattern.CASE_INSENSITIVE);

    public MetricsInsightsQuery {
        schemaKeys = List.copyOf(schemaKeys);
        where = List.copyOf(where);
        groupBy = List.copyOf(groupBy);
    }

    /** One WHERE condition; {@code value} unquoted for a single value, as written for a list. */
    public record Condition(String key, String operator, String value) {

        public boolean isEquality() {
            return "=".equals(operator);
        }

        @Override
        public String toString() {
            return key + " " + operator + " " + value;
        }
    }

    /** Whether the expression is a Metrics Insights query rather than metric math. */
    public static boolean isQuery(String expression) {
        return expression != null && expression.stripLeading().regionMatches(true, 0, "SELECT", 0, 6);
    }

    /** The query's parts, or empty when it does not follow the grammar (an OR, a nested expression). */
    public static Optional<MetricsInsightsQuery> parse(String query) {
        Matcher matcher = QUERY.matcher(query);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String from = matcher.group(3).trim();
        String namespace;
        List<String> schemaKeys = new ArrayList<>();
        Matcher schema = SCHEMA.matcher(from);
        if (schema.matches()) {
            List<String> parts = split(schema.group(1));
            if (parts.isEmpty()) {
                return Optional.empty();
            }
            namespace = unquote(parts.get(0));
            parts.subList(1, parts.size()).forEach(key -> schemaKeys.add(unquote(key)));
        } else {
            namespace = unquote(from);
        }
        List<Condition> where = new ArrayList<>();
        if (matcher.group(4) != null) {
            if (Pattern.compile("\\bOR\\b", Pattern.CASE_INSENSITIVE).matcher(matcher.group(4)).find()) {
                return Optional.empty();
            }
            for (String part : AND.split(matcher.group(4).trim())) {
                Matcher condition = CONDITION.matcher(part);
                if (!condition.matches()) {
                    return Optional.empty();
                }
                where.add(new Condition(unquote(condition.group(1)),
                        condition.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " "), unquote(condition.group(3))));
            }
        }
        List<String> groupBy = matcher.group(5) == null ? List.of()
                : split(matcher.group(5)).stream().map(MetricsInsightsQuery::unquote).toList();
        return Optional.of(new MetricsInsightsQuery(matcher.group(1).toUpperCase(Locale.ROOT), unquote(matcher.group(2)),
                namespace, schemaKeys, where, groupBy));
    }

    private static List<String> split(String list) {
        List<String> parts = new ArrayList<>();
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    private static String unquote(String text) {
        String trimmed = text.trim();
        if (trimmed.length() >= 2 && (trimmed.startsWith("\"") && trimmed.endsWith("\"")
                || trimmed.startsWith("'") && trimmed.endsWith("'"))) {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }
}
