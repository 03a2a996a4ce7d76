package io.throttleresponder.sandbox;

import static io.throttleresponder.sandbox.InMemoryCloudWatch.NAMESPACE;
import static io.throttleresponder.sandbox.InMemoryCloudWatch.PERIOD_SECONDS;
import static io.throttleresponder.sandbox.InMemoryCloudWatch.STATISTIC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * The AWS/DynamoDB metrics {@link InMemoryCloudWatch} holds: per-minute Sums set from a minute on,
 * datapoints published for one period, and the account's gauges computed when asked.
 */
final class MetricStore {

    // One-minute datapoints are kept 15 days:
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#metrics-retention
    private static final Duration ONE_MINUTE_RETENTION = Duration.ofDays(15);

    /** Per series (metric name and dimensions), the minute each per-minute Sum starts from; NaN: none from then on. */
    private final Map<String, NavigableMap<Instant, Double>> series = new ConcurrentHashMap<>();
    private static final double NOT_PUBLISHED = Double.NaN;
    /** Per series, datapoints of one period each (not carried on to later minutes). */
    private final Map<String, Map<Instant, Double>> published = new ConcurrentHashMap<>();
    /** Per metric name, each series' dimensions by its key. */
    private final Map<String, Map<String, Map<String, String>>> seriesDimensions = new ConcurrentHashMap<>();
    /** A metric of the account, without dimensions, that CloudWatch derives from state: answered from it when asked. */
    private record Gauge(String statistic, int periodSeconds, Supplier<Double> value) {}

    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
    private final Clock clock;

    MetricStore(Clock clock) {
        this.clock = clock;
    }

    void gauge(String metricName, String statistic, int periodSeconds, Supplier<Double> value) {
        gauges.put(metricName, new Gauge(statistic, periodSeconds, value));
    }

    void set(String metricName, Map<String, String> dimensions, Instant from, double perMinuteSum) {
        seriesDimensions.computeIfAbsent(metricName, m -> new ConcurrentHashMap<>())
                .putIfAbsent(key(metricName, dimensions), Map.copyOf(dimensions));
        NavigableMap<Instant, Double> sums = series.computeIfAbsent(key(metricName, dimensions), k -> new TreeMap<>());
        synchronized (sums) {
            Instant minute = from.truncatedTo(ChronoUnit.MINUTES);
            sums.tailMap(minute, true).clear();
            sums.put(minute, perMinuteSum);
        }
    }

    void stop(String metricName, Map<String, String> dimensions, Instant from) {
        set(metricName, dimensions, from, NOT_PUBLISHED);
    }

    void publish(String metricName, Map<String, String> dimensions, Instant timestamp, double value) {
        seriesDimensions.computeIfAbsent(metricName, m -> new ConcurrentHashMap<>())
                .putIfAbsent(key(metricName, dimensions), Map.copyOf(dimensions));
        published.computeIfAbsent(key(metricName, dimensions), k -> new ConcurrentHashMap<>()).put(timestamp, value);
    }

    Optional<Double> datapoint(String namespace, String metricName, Map<String, String> dimensions, int periodSeconds,
                               Instant minute) {
        if (!NAMESPACE.equals(namespace) || periodSeconds != PERIOD_SECONDS || !minute.isBefore(clock.instant())) {
            return Optional.empty();
        }
        String key = key(metricName, dimensions);
        Double point = published.getOrDefault(key, Map.of()).get(minute);
        if (point != null) {
            return Optional.of(point);
        }
        NavigableMap<Instant, Double> sums = series.get(key);
        if (sums == null) {
            return Optional.empty();
        }
        synchronized (sums) {
            Map.Entry<Instant, Double> sum = sums.floorEntry(minute);
            return sum == null || sum.getValue().isNaN() ? Optional.empty() : Optional.of(sum.getValue());
        }
    }

    List<Map<String, String>> seriesWithDimensions(String metricName, Set<String> dimensionNames) {
        return seriesDimensions.getOrDefault(metricName, Map.of()).values().stream()
                .filter(dimensions -> dimensions.keySet().equals(dimensionNames))
                .toList();
    }

    void put(String metricName, Map<String, String> dimensions, List<Double> values) {
        Instant current = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i < values.size(); i++) {
            set(metricName, dimensions, current.minus(Duration.ofMinutes(values.size() - 1L - i)), values.get(i));
        }
    }

    /**
     * The recorded series' Sum per minute in [start, end), ascending. A query for anything not recorded
     * (another namespace, statistic, period or dimension set) has no datapoints, as a metric with no data
     * has none in CloudWatch.
     */
    NavigableMap<Instant, Double> datapoints(MetricStat stat, Instant start, Instant end) {
        NavigableMap<Instant, Double> datapoints = new TreeMap<>();
        Metric metric = stat.metric();
        Gauge gauge = gauges.get(metric.metricName());
        if (gauge != null) {
            if (NAMESPACE.equals(metric.namespace()) && dimensions(metric).isEmpty() && gauge.statistic().equals(stat.stat())
                    && gauge.periodSeconds() == stat.period()) {
                Instant latest = Instant.ofEpochSecond(Math.floorDiv(clock.instant().getEpochSecond(), gauge.periodSeconds())
                        * gauge.periodSeconds());
                if (!latest.isBefore(start) && latest.isBefore(end)) {
                    datapoints.put(latest, gauge.value().get());
                }
            }
            return datapoints;
        }
        NavigableMap<Instant, Double> sums = series.get(key(metric.metricName(), dimensions(metric)));
        if (!NAMESPACE.equals(metric.namespace()) || !STATISTIC.equals(stat.stat()) || stat.period() != PERIOD_SECONDS
                || sums == null) {
            return datapoints;
        }
        Instant now = clock.instant();
        // CloudWatch rounds a StartTime less than 15 days ago down to the minute; older minutes are gone.
        Instant minute = start.truncatedTo(ChronoUnit.MINUTES);
        Instant retained = now.minus(ONE_MINUTE_RETENTION);
        synchronized (sums) {
            for (; minute.isBefore(end) && !minute.isAfter(now); minute = minute.plus(Duration.ofMinutes(1))) {
                Map.Entry<Instant, Double> sum = sums.floorEntry(minute);
                if (sum != null && !sum.getValue().isNaN() && !minute.isBefore(retained)) {
                    datapoints.put(minute, sum.getValue());
                }
            }
        }
        return datapoints;
    }

    private static Map<String, String> dimensions(Metric metric) {
        Map<String, String> dimensions = new TreeMap<>();
        metric.dimensions().forEach((Dimension d) -> dimensions.put(d.name(), d.value()));
        return dimensions;
    }

    private static String key(String metricName, Map<String, String> dimensions) {
        return metricName + new TreeMap<>(dimensions);
    }
}
