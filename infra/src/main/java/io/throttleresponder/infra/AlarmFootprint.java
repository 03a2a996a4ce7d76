package io.throttleresponder.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.infra.config.SensorConfig;
import io.throttleresponder.infra.config.Thresholds;
import io.throttleresponder.infra.config.WatchedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;

/**
 * What one named table adds to the template that holds its alarms: the resources (its alarms) and the bytes of
 * those alarms and of its dashboard widgets, as the CDK CLI writes them. The bytes are measured, not modelled:
 * a table of each shape (billing mode, GSI count, latency operations, thresholds, sensor) is synthesized alone
 * twice, with short and with long names, and a table's bytes are read off the line through the two, since names
 * are the only part of an alarm that grows with the table. The first group of alarms thus follows whatever the
 * alarm definitions become.
 */
final class AlarmFootprint {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SHORT_NAME = 8;
    private static final int LONG_NAME = 60;

    private final String deploymentName;
    private final Optional<SensorConfig> sensor;
    private final Map<Shape, Line> lines = new HashMap<>();
    /** A metric-math alarm with 60-character names and its dashboard widget stay under this (about 2 KB measured). */
    private static final long UNMEASURED_BYTES_PER_ALARM = 4_000;
    private boolean measuring = true;

    AlarmFootprint(String deploymentName, Optional<SensorConfig> sensor) {
        this.deploymentName = deploymentName;
        this.sensor = sensor;
    }

    /** What tells two tables' alarms apart but their names. */
    private record Shape(BillingMode billingMode, int indexes, Thresholds thresholds, List<String> latencyOperations) {
    }

    /** Bytes = at + perNameCharacter x (the characters of the table's and its GSIs' names in its alarms). */
    private record Line(double at, double perNameCharacter) {
    }

    int resources(WatchedTable table) {
        return WatchedTarget.of(table).stream().mapToInt(target -> target.alarmCount(sensor.isPresent())).sum();
    }

    long bytes(WatchedTable table) {
        Shape shape = shape(table);
        Line line = measuring || lines.containsKey(shape) ? lines.computeIfAbsent(shape, this::measure) : null;
        return line == null ? (long) resources(table) * UNMEASURED_BYTES_PER_ALARM
                : (long) Math.ceil(line.at() + line.perNameCharacter() * nameCharacters(table));
    }

    /** Measures the table's shape now, while measuring is allowed: a construct's tables, when they are watched. */
    void measureAhead(WatchedTable table) {
        if (measuring) {
            lines.computeIfAbsent(shape(table), this::measure);
        }
    }

    /**
     * From now on, shapes not measured yet are estimated, not measured. Measuring synthesizes a stack of its
     * own, and a synthesis started inside the app's own (a construct's tables are built by an aspect during
     * synth) kills jsii's runtime process ("EINVAL: invalid argument, write"). The estimate is generous, and
     * the templates are checked after synthesis whatever it says (DeployLimits).
     */
    void measuredOnly() {
        measuring = false;
    }

    private static Shape shape(WatchedTable table) {
        return new Shape(table.billingMode(), table.indexes().size(), table.thresholds(), table.latencyOperations());
    }

    /** Each target's alarms carry the table's name, a GSI's alarms the index's name too. */
    private static int nameCharacters(WatchedTable table) {
        return table.name().length() * (1 + table.indexes().size()) + table.indexes().stream().mapToInt(String::length).sum();
    }

    private Line measure(Shape shape) {
        WatchedTable small = sample(shape, SHORT_NAME);
        WatchedTable large = sample(shape, LONG_NAME);
        long smallBytes = synthesizedBytes(small);
        long largeBytes = synthesizedBytes(large);
        double perCharacter = (double) (largeBytes - smallBytes) / (nameCharacters(large) - nameCharacters(small));
        return new Line(smallBytes - perCharacter * nameCharacters(small), perCharacter);
    }

    private static WatchedTable sample(Shape shape, int nameLength) {
        List<String> indexes = IntStream.range(0, shape.indexes())
                .mapToObj(index -> (index + "i".repeat(nameLength)).substring(0, nameLength))
                .toList();
        return new WatchedTable("t".repeat(nameLength), shape.billingMode(), indexes, shape.thresholds(),
                shape.latencyOperations(), Map.of());
    }

    /** The table's alarms and dashboard, alone in a stack as a nested stack holds them, the topic a parameter. */
    private long synthesizedBytes(WatchedTable table) {
        // An outdir of its own, removed after: the CDK CLI's CDK_OUTDIR is the real assembly's, which this stack must stay out of.
        Path outdir;
        try {
            outdir = Files.createTempDirectory("throttle-responder-footprint");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            App app = new App(AppProps.builder().outdir(outdir.toString()).build());
            Stack stack = new Stack(app, "Footprint");
            CfnParameter topicArn = CfnParameter.Builder.create(stack, "referencetoDefaultAlarmTopicD01E77F9Ref").type("String").build();
            ITopic topic = Topic.fromTopicArn(stack, "AlarmTopic", topicArn.getValueAsString());
            List<Alarm> alarms = new DynamoDbAlarms(stack, "DynamoDbAlarms", deploymentName, List.of(table), topic, sensor).alarms();
            ResponderDashboard.forTables(stack, "Dashboard", deploymentName + "-tables-100", List.of(table), alarms);
            JsonNode template = JSON.valueToTree(app.synth().getStackByName("Footprint").getTemplate());
            return DeployLimits.writtenBytes(template);
        } finally {
            delete(outdir);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A temporary directory left behind costs nothing but disk.
        }
    }
}
