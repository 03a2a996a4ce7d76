package io.throttleresponder.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the synthesized alarms cost a month, from the templates by CloudWatch's billing rules
 * (https://aws.amazon.com/cloudwatch/pricing/, us-east-1 at the time of writing): an alarm is billed per alarm metric,
 * a metric-math alarm for every metric it references, at $0.10 a month at standard resolution and $0.30 at high
 * resolution (a period under 60 seconds); a Metrics Insights alarm is billed for the metrics its query analyses, which
 * only the account's tables decide: each query analyses one metric per table (or GSI) that published in its window, at
 * most 10,000. Run it on a cdk.out: {@code java -cp ... io.throttleresponder.infra.CostReport infra/target/cdk.out}.
 */
public final class CostReport {

    static final double STANDARD_DOLLARS = 0.10;
    static final double HIGH_RESOLUTION_DOLLARS = 0.30;
    /** What one Metrics Insights query analyses at most (Metrics Insights quotas). */
    static final int MAX_METRICS_ANALYSED = 10_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The alarm metrics of a set of templates, and the Metrics Insights alarms, whose metrics the account decides. */
    public record Totals(long standardMetrics, long highResolutionMetrics, int metricsInsightsAlarms) {

        double dollars() {
            return standardMetrics * STANDARD_DOLLARS + highResolutionMetrics * HIGH_RESOLUTION_DOLLARS;
        }

        Totals plus(Totals other) {
            return new Totals(standardMetrics + other.standardMetrics, highResolutionMetrics + other.highResolutionMetrics,
                    metricsInsightsAlarms + other.metricsInsightsAlarms);
        }
    }

    private CostReport() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: CostReport <cdk.out directory>");
            System.exit(2);
        }
        Totals totals = of(Path.of(args[0]));
        System.out.printf(Locale.ROOT, "alarm metrics: %,d standard ($%,.2f a month), %,d high-resolution ($%,.2f a month): $%,.2f%n",
                totals.standardMetrics(), totals.standardMetrics() * STANDARD_DOLLARS, totals.highResolutionMetrics(),
                totals.highResolutionMetrics() * HIGH_RESOLUTION_DOLLARS, totals.dollars());
        if (totals.metricsInsightsAlarms() > 0) {
            System.out.printf(Locale.ROOT, "Metrics Insights alarms: %d, each billed $%.2f a month per metric it analyses:"
                            + " one per table (or GSI) that published in its window, at most %,d (at most $%,.2f a month)%n",
                    totals.metricsInsightsAlarms(), STANDARD_DOLLARS, MAX_METRICS_ANALYSED,
                    totals.metricsInsightsAlarms() * MAX_METRICS_ANALYSED * STANDARD_DOLLARS);
        }
    }

    /** Every template of a cloud assembly. */
    public static Totals of(Path assembly) {
        Totals totals = new Totals(0, 0, 0);
        try (Stream<Path> files = Files.list(assembly)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".template.json")).toList()) {
                totals = totals.plus(of(JSON.readTree(file.toFile())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the templates in " + assembly, e);
        }
        return totals;
    }

    static Totals of(JsonNode template) {
        Totals totals = new Totals(0, 0, 0);
        for (JsonNode resource : template.path("Resources")) {
            if (resource.path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                totals = totals.plus(ofAlarm(resource.path("Properties")));
            }
        }
        return totals;
    }

    private static Totals ofAlarm(JsonNode alarm) {
        if (alarm.has("MetricName")) {
            return alarm.path("Period").asInt(60) < 60 ? new Totals(0, 1, 0) : new Totals(1, 0, 0);
        }
        int metrics = 0;
        boolean highResolution = false;
        for (JsonNode query : alarm.path("Metrics")) {
            if (query.path("Expression").asText().trim().toUpperCase(Locale.ROOT).startsWith("SELECT")) {
                return new Totals(0, 0, 1);
            }
            if (query.has("MetricStat")) {
                metrics++;
                highResolution |= query.at("/MetricStat/Period").asInt(60) < 60;
            }
        }
        return highResolution ? new Totals(0, metrics, 0) : new Totals(metrics, 0, 0);
    }

    /**
     * The README's cost table: for 10, 100 and 1,000 tables of one kind, the named tables' alarm metrics and their
     * price, and the most the account-wide alarms can analyse (each table signal over every table, each GSI signal
     * over every GSI, at most 10,000 a query) and its price.
     */
    static List<String> readmeRows(long metricsPerTable, int tableSignals, int indexSignals, int indexesPerTable) {
        return Stream.of(10, 100, 1_000).map(tables -> {
            long named = metricsPerTable * tables;
            long perTableQuery = Math.min(tables, MAX_METRICS_ANALYSED);
            long perIndexQuery = Math.min((long) tables * indexesPerTable, MAX_METRICS_ANALYSED);
            long analysed = tableSignals * perTableQuery + indexSignals * perIndexQuery;
            return String.format(Locale.ROOT, "| %,d | %,d | %,.0f | %d × %,d + %d × %,d = %,d | %,.0f |", tables, named,
                    named * STANDARD_DOLLARS, tableSignals, perTableQuery, indexSignals, perIndexQuery, analysed,
                    analysed * STANDARD_DOLLARS);
        }).toList();
    }
}
