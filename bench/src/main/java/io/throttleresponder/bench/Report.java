package io.throttleresponder.bench;

import io.throttleresponder.BenchWiring.Configuration;
import io.throttleresponder.bench.Benchmark.DeployedRun;
import io.throttleresponder.bench.Benchmark.RemedyPath;
import io.throttleresponder.bench.Benchmark.Sample;
import io.throttleresponder.bench.Benchmark.SdkFloorRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The benchmark's printed tables and its verdict on each target, from what the runs measured. */
final class Report {

    // Issue 25's targets.
    static final double JAR_LIMIT_MB = 20;
    static final double START_TO_FIRST_LIMIT_PEER_RATIO = 3;
    static final double RESTORED_FIRST_LIMIT_WARM_RATIO = 3;
    static final double WARM_LIMIT_MS = 5;
    static final double CLASSES_LIMIT = 6000;
    static final int ROUNDS_BEFORE_REMEDY_LIMIT = 3;

    private Report() {}

    static String plainColdStartTable(List<Double> floor, List<Sample> shipped, List<Sample> withArchive, List<DeployedRun> deployed,
                                      List<SdkFloorRun> sdkFloor) {
        Stats floorStats = Stats.of(floor);
        StringBuilder table = new StringBuilder();
        table.append("Plain cold start (no SnapStart), process start → first notification handled: where the time goes,\n"
                + "and what was tried (median [min–max] of the runs):\n\n");
        table.append("| run | process start → main or handler constructed (ms) | first notification (ms) | process start → first notification handled (ms) |\n");
        table.append("| --- | --- | --- | --- |\n");
        table.append(String.format("| the JVM alone: an empty class, the Lambda runtime's options | %s | – | – |%n", cell(floorStats, "%.0f")));
        table.append(String.format("| the SDK alone: the function's six clients built as it builds them, one DynamoDB call over HTTP | – | – | %s |%n",
                cell(Stats.of(sdkFloor.stream().map(SdkFloorRun::startToDoneMillis).toList()), "%.0f")));
        plainRow(table, "shipped, as Lambda runs it", shipped);
        plainRow(table, "shipped + an AppCDS archive of the classes a first notification loads (-XX:SharedArchiveFile)", withArchive);
        table.append(String.format("| the function alone, wired as on Lambda: DynamoDB over HTTP, the other services answered in the process,"
                + " no benchmark proxies or stand-ins | – | %s | %s |%n", cell(Stats.of(deployed.stream().map(DeployedRun::firstMillis).toList()),
                "%.0f"), cell(Stats.of(deployed.stream().map(DeployedRun::startToHandledMillis).toList()), "%.0f")));
        table.append(String.format("| the function alone, to the capacity raised (its UpdateTable answered; the ledger, the message and the"
                + " follow-up come after) | – | – | %s |%n", cell(Stats.of(deployed.stream().map(DeployedRun::startToCapacityRaisedMillis)
                .toList()), "%.0f")));
        table.append("\nThe shipped init, step by step (median ms; the steps in the order they run):\n\n");
        table.append("| step | shipped | shipped + AppCDS |\n| --- | --- | --- |\n");
        for (String step : shipped.get(0).initSteps().keySet()) {
            table.append(String.format("| %s | %.0f | %.0f |%n", step,
                    Stats.of(shipped.stream().map(s -> s.initSteps().getOrDefault(step, Double.NaN)).toList()).median(),
                    Stats.of(withArchive.stream().map(s -> s.initSteps().getOrDefault(step, Double.NaN)).toList()).median()));
        }
        return table.toString();
    }

    private static void plainRow(StringBuilder table, String run, List<Sample> samples) {
        table.append("| ").append(run).append(" | ")
                .append(cell(Stats.of(samples.stream().map(Sample::initMillis).toList()), "%.0f")).append(" | ")
                .append(cell(Stats.of(samples.stream().map(Sample::firstMillis).toList()), "%.0f")).append(" | ")
                .append(cell(Stats.of(samples.stream().map(Sample::startToFirstMillis).toList()), "%.0f")).append(" |\n");
    }

    static String peerTable(List<Sample> shipped, List<Sample> primed, List<DeployedRun> deployed, List<Double> peerScaledMillis,
                            String interpreter) {
        Stats responder = Stats.of(shipped.stream().map(Sample::startToFirstMillis).toList());
        Stats alone = Stats.of(deployed.stream().map(DeployedRun::startToCapacityRaisedMillis).toList());
        Stats aloneHandled = Stats.of(deployed.stream().map(DeployedRun::startToHandledMillis).toList());
        Stats restored = Stats.of(primed.stream().map(Sample::firstMillis).toList());
        Stats scaled = Stats.of(peerScaledMillis);
        StringBuilder table = new StringBuilder();
        table.append(String.format("The on-call guide's emergency_scale_table (bench/peer/emergency_scale_table.py on %s)%n"
                + "against the same DynamoDB Local, a fresh process per run, beside the responder's fresh JVM (median [min–max]):%n%n",
                interpreter));
        table.append("| measure | responder, shipped | guide's script | responder ÷ script |\n");
        table.append("| --- | --- | --- | --- |\n");
        table.append(String.format("| process start → capacity raised, the function alone wired as on Lambda (ms) | %s | %s | %s |%n",
                cell(alone, "%.0f"), cell(scaled, "%.0f"), ratio(alone.median(), scaled.median())));
        table.append(String.format("| process start → first notification handled, the function alone (ms) | %s | %s | %s |%n",
                cell(aloneHandled, "%.0f"), cell(scaled, "%.0f"), ratio(aloneHandled.median(), scaled.median())));
        table.append(String.format("| process start → first notification handled, with the benchmark's stand-ins (ms) | %s | %s | %s |%n",
                cell(responder, "%.0f"), cell(scaled, "%.0f"), ratio(responder.median(), scaled.median())));
        table.append(String.format("| with SnapStart: restored function's first notification (ms) | %s | – | %s |%n",
                cell(restored, "%.0f"), ratio(restored.median(), scaled.median())));
        return table.toString();
    }

    /**
     * Where the SnapStart-restored function's first notification spends the time a warm one does not: in the
     * process (code not yet compiled past what priming ran) or in its AWS calls, the first round above all, whose
     * connections are the process's first real ones: priming answered every call in the process.
     */
    static String restoredFirstTable(List<Sample> primed) {
        StringBuilder table = new StringBuilder();
        table.append("The SnapStart-primed function's first notification against its warm ones, by phase (median [min–max] of the runs;\n"
                + "AWS calls counted by wall time, parallel calls once; the first notification's event is " + Benchmark.FIRST_EVENT + ",\n"
                + "the warm ones every sample in turn):\n\n");
        table.append("| phase | first after restore (ms) | warm (ms) | first − warm (ms) |\n");
        table.append("| --- | --- | --- | --- |\n");
        phaseRow(table, "whole notification", primed, Sample::firstMillis, Sample::warmMillis);
        phaseRow(table, "in the process, excluding AWS calls", primed, Sample::firstExcludingAwsMillis, Sample::warmExcludingAwsMillis);
        phaseRow(table, "AWS calls", primed, s -> s.firstMillis() - s.firstExcludingAwsMillis(),
                s -> s.warmMillis() - s.warmExcludingAwsMillis());
        phaseRow(table, "of which the first round (the process's first connections)", primed, Sample::firstFirstRoundMillis,
                Sample::warmFirstRoundMillis);
        return table.toString();
    }

    private static void phaseRow(StringBuilder table, String phase, List<Sample> samples, ToDoubleFunction<Sample> first,
                                 ToDoubleFunction<Sample> warm) {
        Stats firstStats = Stats.of(samples.stream().map(first::applyAsDouble).toList());
        Stats warmStats = Stats.of(samples.stream().map(warm::applyAsDouble).toList());
        table.append(String.format("| %s | %s | %s | %.1f |%n", phase, cell(firstStats, "%.1f"), cell(warmStats, "%.1f"),
                firstStats.median() - warmStats.median()));
    }

    /**
     * The SnapStart-primed function alone, wired as on Lambda: its first notification after priming (the restored
     * function's) against its warm ones, beside the same figures with the benchmark's proxies and stand-ins, whose
     * first use priming does not cover.
     */
    static String restoredAloneTable(List<DeployedRun> primedAlone, List<Sample> primedWithStandIns) {
        Stats aloneFirst = Stats.of(primedAlone.stream().map(DeployedRun::firstMillis).toList());
        Stats aloneWarm = Stats.of(primedAlone.stream().map(DeployedRun::warmMillis).toList());
        Stats standInsFirst = Stats.of(primedWithStandIns.stream().map(Sample::firstMillis).toList());
        Stats standInsWarm = Stats.of(primedWithStandIns.stream().map(Sample::warmMillis).toList());
        StringBuilder table = new StringBuilder();
        table.append("The SnapStart-primed function alone, wired as on Lambda (DynamoDB over HTTP, the other services answered in the\n"
                + "process), against the same with the benchmark's proxies and stand-ins (median [min–max] of the runs):\n\n");
        table.append("| run | first after restore (ms) | warm, AWS calls included (ms) | first ÷ warm |\n| --- | --- | --- | --- |\n");
        table.append(String.format("| the function alone | %s | %s | %s |%n", cell(aloneFirst, "%.1f"), cell(aloneWarm, "%.1f"),
                ratio(aloneFirst.median(), aloneWarm.median())));
        table.append(String.format("| with the benchmark's proxies and stand-ins | %s | %s | %s |%n", cell(standInsFirst, "%.1f"),
                cell(standInsWarm, "%.1f"), ratio(standInsFirst.median(), standInsWarm.median())));
        return table.toString();
    }

    static String classesTable(Map<String, Integer> breakdown, double functionClasses, double sdkFloorClasses) {
        StringBuilder table = new StringBuilder();
        table.append(String.format("The classes the alarm function loads by the end of its first notification: its own jar alone, wired as on Lambda,%n"
                + "DynamoDB over HTTP, the other services answered in the process (-Xlog:class+load; the JVM counts %.0f);%n"
                + "beside it, a JVM that only builds the six SDK clients and makes one DynamoDB call loads %.0f:%n%n",
                functionClasses, sdkFloorClasses));
        table.append("| classes | loaded |\n| --- | --- |\n");
        breakdown.forEach((category, count) -> table.append(String.format("| %s | %d |%n", category, count)));
        table.append(String.format("| all | %d |%n", breakdown.values().stream().mapToInt(Integer::intValue).sum()));
        return table.toString();
    }

    static String coldStartTable(Map<Configuration, List<Sample>> samples, double jarMb) {
        StringBuilder table = new StringBuilder();
        table.append("| measure | shipped | shipped, SnapStart-primed | naive | naive ÷ shipped | naive ÷ primed |\n");
        table.append("| --- | --- | --- | --- | --- | --- |\n");
        row(table, samples, "init: process start → handler constructed (ms)", Sample::initMillis, "%.0f");
        row(table, samples, "priming, before the snapshot (ms)", Sample::primingMillis, "%.0f");
        row(table, samples, "first notification: handler ready → handled (ms)", Sample::firstMillis, "%.0f");
        row(table, samples, "process start → first notification handled (ms)", Sample::startToFirstMillis, "%.0f");
        row(table, samples, "warm notification, AWS calls included (ms)", Sample::warmMillis, "%.2f");
        row(table, samples, "warm notification, excluding AWS (ms)", Sample::warmExcludingAwsMillis, "%.2f");
        row(table, samples, "warm AWS call, loopback (ms)", Sample::warmAwsCallMillis, "%.2f");
        row(table, samples, "classes loaded after the first notification", Sample::classesAfterFirst, "%.0f");
        row(table, samples, "heap used after the first notification, live after GC (MB)", Sample::heapAfterFirstMb, "%.1f");
        row(table, samples, "log lines per notification", Sample::logLinesPerNotification, "%.2f");
        table.append(String.format("| largest deployed function jar, alarm-function.jar or followup-function.jar (MB) | %.1f | %.1f | %.1f | 1.00 | 1.00 |%n",
                jarMb, jarMb, jarMb));
        table.append("\nCells: median [min–max] over the runs; warm figures are each run's median.\n");
        return table.toString();
    }

    private static void row(StringBuilder table, Map<Configuration, List<Sample>> samples, String measure,
                            ToDoubleFunction<Sample> value, String format) {
        Map<Configuration, Stats> stats = new EnumMap<>(Configuration.class);
        samples.forEach((configuration, list) -> stats.put(configuration,
                Stats.of(list.stream().map(value::applyAsDouble).toList())));
        double naive = stats.get(Configuration.NAIVE).median();
        table.append("| ").append(measure).append(" | ")
                .append(cell(stats.get(Configuration.SHIPPED), format)).append(" | ")
                .append(cell(stats.get(Configuration.SHIPPED_PRIMED), format)).append(" | ")
                .append(cell(stats.get(Configuration.NAIVE), format)).append(" | ")
                .append(ratio(naive, stats.get(Configuration.SHIPPED).median())).append(" | ")
                .append(ratio(naive, stats.get(Configuration.SHIPPED_PRIMED).median())).append(" |\n");
    }

    private static String ratio(double numerator, double denominator) {
        return denominator == 0 ? "–" : String.format("%.2f", numerator / denominator);
    }

    private static String cell(Stats stats, String format) {
        return String.format(format + " [" + format + "–" + format + "]", stats.median(), stats.min(), stats.max());
    }

    static String remedyTable(List<RemedyPath> paths, long roundTripMillis) {
        StringBuilder table = new StringBuilder();
        table.append(String.format("AWS calls before the first remedy call (shipped wiring, each call given a %d ms round trip;%n"
                + "a cold container, so DescribeLimits is included; calls in one round went out together):%n%n", roundTripMillis));
        table.append("| event | first remedy | calls before it | sequential rounds before it | rounds |\n");
        table.append("| --- | --- | --- | --- | --- |\n");
        for (RemedyPath path : paths) {
            table.append("| ").append(path.event()).append(" | ")
                    .append(path.firstRemedy() != null ? path.firstRemedy()
                            : path.failure() != null ? "none: threw " + path.failure()
                            : "none (" + path.totalCalls() + " calls)").append(" | ")
                    .append(path.firstRemedy() == null ? "–" : Integer.toString(path.callsBeforeRemedy())).append(" | ")
                    .append(path.firstRemedy() == null ? "–" : Integer.toString(path.roundsBeforeRemedy().size())).append(" | ")
                    .append(path.roundsBeforeRemedy().stream()
                            .map(round -> round.stream().map(AwsCalls.Call::operation).collect(Collectors.joining(" ‖ ")))
                            .collect(Collectors.joining(" → ")))
                    .append(" |\n");
        }
        return table.toString();
    }

    /**
     * Each of issue 25's targets, met or not, from this run's medians; the plain JVM against the guide's script
     * measured in the same run ({@code peerRuns} empty when the script could not run). The plain JVM (to the capacity
     * raised) and the classes are judged on the function alone, wired as on Lambda ({@code deployed}), the restored first
     * notification and the warm notification excluding AWS on the same primed ({@code deployedPrimed}; AWS's time there is
     * the time its HTTP exchanges were out, so the SDK's own work counts as the function's), each beside the samples'
     * figures, which carry the benchmark's proxies and stand-ins, and what the SDK alone takes ({@code sdkFloor}).
     */
    static String targets(List<Sample> shipped, List<Sample> primed, double jarMb, List<RemedyPath> paths,
                          List<Double> peerRuns, List<DeployedRun> deployed, List<DeployedRun> deployedPrimed, List<SdkFloorRun> sdkFloor) {
        double sdkFloorClasses = Stats.of(sdkFloor.stream().map(SdkFloorRun::classes).toList()).median();
        double sdkFloorMillis = Stats.of(sdkFloor.stream().map(SdkFloorRun::startToDoneMillis).toList()).median();
        double withStandInsStartToFirst = Stats.of(shipped.stream().map(Sample::startToFirstMillis).toList()).median();
        double startToRaised = Stats.of(deployed.stream().map(DeployedRun::startToCapacityRaisedMillis).toList()).median();
        double startToHandled = Stats.of(deployed.stream().map(DeployedRun::startToHandledMillis).toList()).median();
        double functionClasses = Stats.of(deployed.stream().map(DeployedRun::classes).toList()).median();
        double restoredFirst = Stats.of(deployedPrimed.stream().map(DeployedRun::firstMillis).toList()).median();
        double primedWarm = Stats.of(deployedPrimed.stream().map(DeployedRun::warmMillis).toList()).median();
        double withStandInsRestoredFirst = Stats.of(primed.stream().map(Sample::firstMillis).toList()).median();
        double withStandInsPrimedWarm = Stats.of(primed.stream().map(Sample::warmMillis).toList()).median();
        double warm = Stats.of(deployedPrimed.stream().map(DeployedRun::warmExcludingAwsMillis).toList()).median();
        double withStandInsWarm = Stats.of(shipped.stream().map(Sample::warmExcludingAwsMillis).toList()).median();
        double withStandIns = Stats.of(shipped.stream().map(Sample::classesAfterFirst).toList()).median();
        List<RemedyPath> remedied = paths.stream().filter(p -> p.firstRemedy() != null).toList();
        int rounds = remedied.stream().mapToInt(p -> p.roundsBeforeRemedy().size()).max().orElse(0);
        List<String> over = remedied.stream().filter(p -> p.roundsBeforeRemedy().size() > ROUNDS_BEFORE_REMEDY_LIMIT)
                .map(p -> p.event() + " " + p.roundsBeforeRemedy().size()).toList();
        String plainJvm;
        if (peerRuns.isEmpty()) {
            plainJvm = String.format("- process start → capacity raised, plain JVM %.0f ms (the function alone, wired as on Lambda, to its"
                    + " UpdateTable answered; %.0f ms to the first notification handled, %.0f ms with the benchmark's stand-ins; the SDK alone,"
                    + " six clients and one call, %.0f ms): not judged, the guide's script did not run (target ≤ %.0f× the script in the same"
                    + " run)%n", startToRaised, startToHandled, withStandInsStartToFirst, sdkFloorMillis, START_TO_FIRST_LIMIT_PEER_RATIO);
        } else {
            double script = Stats.of(peerRuns).median();
            plainJvm = verdict(String.format("process start → capacity raised, plain JVM %.0f ms (the function alone, wired as on Lambda, to"
                    + " its UpdateTable answered; %.0f ms, %.2f×, to the first notification handled; %.0f ms handled with the benchmark's"
                    + " stand-ins; the SDK alone, six clients and one call, %.0f ms) against the guide's script %.0f ms: %.2f×", startToRaised,
                    startToHandled, startToHandled / script, withStandInsStartToFirst, sdkFloorMillis, script, startToRaised / script),
                    startToRaised <= START_TO_FIRST_LIMIT_PEER_RATIO * script,
                    String.format("≤ %.0f× the script in the same run", START_TO_FIRST_LIMIT_PEER_RATIO));
        }
        return "Targets (issue 25; medians of this run):\n"
                + plainJvm
                + verdict(String.format("SnapStart-primed first notification after restore %.1f ms against a primed warm notification"
                                + " with AWS calls %.1f ms: %.2f× (the function alone, wired as on Lambda; with the benchmark's proxies and"
                                + " stand-ins %.1f against %.1f ms, %.2f×)", restoredFirst, primedWarm, restoredFirst / primedWarm,
                                withStandInsRestoredFirst, withStandInsPrimedWarm, withStandInsRestoredFirst / withStandInsPrimedWarm),
                        restoredFirst <= RESTORED_FIRST_LIMIT_WARM_RATIO * primedWarm,
                        String.format("≤ %.0f× a warm notification with AWS calls", RESTORED_FIRST_LIMIT_WARM_RATIO))
                + verdict(String.format("warm notification excluding AWS %.2f ms (the function alone, primed, without the time its"
                                + " HTTP exchanges were out; %.2f ms shipped with the benchmark's proxies and stand-ins, without the time"
                                + " its SDK calls took)", warm, withStandInsWarm), warm <= WARM_LIMIT_MS, "≤ 5 ms")
                + verdict(String.format("classes loaded by the first notification %.0f (the function's jar alone, wired as on Lambda;"
                                + " %.0f with the benchmark's stand-ins; the SDK alone, six clients and one call, %.0f)", functionClasses,
                                withStandIns, sdkFloorClasses), functionClasses <= CLASSES_LIMIT, "≤ 6,000")
                + verdict(String.format("largest deployed function jar %.1f MB", jarMb), jarMb <= JAR_LIMIT_MB, "≤ 20 MB each")
                + verdict("at most " + rounds + " sequential AWS rounds before the first remedy, every sample event"
                                + (over.isEmpty() ? "" : " (over: " + String.join(", ", over) + ")"),
                        rounds <= ROUNDS_BEFORE_REMEDY_LIMIT, "≤ 3");
    }

    private static String verdict(String measured, boolean met, String target) {
        return String.format("- %s: %s (target %s)%n", measured, met ? "met" : "NOT met", target);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException | UncheckedIOException e) {
            // Not Linux: the CPU model is only for the record.
        }
        return String.format("Machine: %s, %d cores, %s %s, Java %s (%s), load average at start %s%n", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), loadAverage());
    }

    /** Other work on the machine inflates every figure; the load average says how much there was. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
