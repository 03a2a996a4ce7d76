package io.throttleresponder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.bench.Benchmark.RemedyPath;
import io.throttleresponder.bench.Benchmark.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Sample sample(double startToFirst, double first, double warm, double warmExcludingAws, double classes) {
        return new Sample(0, 0, first, 0, 0, startToFirst, warm, warmExcludingAws, 0, 0, classes, 0, 2, Map.of());
    }

    private static Sample restored(double first, double firstExcludingAws, double firstFirstRound, double warm,
                                   double warmExcludingAws, double warmFirstRound) {
        return new Sample(0, 0, first, firstExcludingAws, firstFirstRound, 0, warm, warmExcludingAws, warmFirstRound, 0, 0, 0, 2,
                Map.of());
    }

    private static RemedyPath path(String event, int rounds) {
        AwsCalls.Call call = new AwsCalls.Call("GetItem", 0, 1);
        return new RemedyPath(event, "UpdateTable", java.util.Collections.nCopies(rounds, List.of(call)), rounds, null);
    }

    @Test
    void targets_judgesEachOfIssue25sSix_againstThePeerAndTheWarmNotificationOfTheSameRun() {
        String targets = Report.targets(List.of(sample(1200, 900, 60, 4.2, 5800)), List.of(sample(1000, 150, 55, 4.0, 6100)),
                19.5, List.of(path("a.json", 3), path("b.json", 2)), List.of(400.0), List.of(new Benchmark.DeployedRun(1100, 1180, 5900, 300, Double.NaN, Double.NaN)),
                List.of(new Benchmark.DeployedRun(0, 0, 0, 120, 45, 3.5)), List.of(new Benchmark.SdkFloorRun(5100, 700)));

        assertThat(targets.lines().filter(l -> l.startsWith("- ")).toList()).containsExactly(
                "- process start → capacity raised, plain JVM 1100 ms (the function alone, wired as on Lambda, to its UpdateTable"
                        + " answered; 1180 ms, 2.95×, to the first notification handled; 1200 ms handled with the benchmark's stand-ins;"
                        + " the SDK alone, six clients and one call, 700 ms) against the guide's script 400 ms: 2.75×: met (target ≤ 3×"
                        + " the script in the same run)",
                "- SnapStart-primed first notification after restore 120.0 ms against a primed warm notification with AWS calls 45.0 ms:"
                        + " 2.67× (the function alone, wired as on Lambda; with the benchmark's proxies and stand-ins 150.0 against 55.0 ms,"
                        + " 2.73×): met (target ≤ 3× a warm notification with AWS calls)",
                "- warm notification excluding AWS 3.50 ms (the function alone, primed, without the time its HTTP exchanges were out;"
                        + " 4.20 ms shipped with the benchmark's proxies and stand-ins, without the time its SDK calls took): met (target ≤ 5 ms)",
                "- classes loaded by the first notification 5900 (the function's jar alone, wired as on Lambda; 5800 with the"
                        + " benchmark's stand-ins; the SDK alone, six clients and one call, 5100): met (target ≤ 6,000)",
                "- largest deployed function jar 19.5 MB: met (target ≤ 20 MB each)",
                "- at most 3 sequential AWS rounds before the first remedy, every sample event: met (target ≤ 3)");
    }

    @Test
    void targets_missedOnes_sayNotMet_andNameTheEventsOverTheRoundLimit_andAMissingPeerIsNotJudged() {
        String targets = Report.targets(List.of(sample(2800, 1200, 200, 7.0, 9900)), List.of(sample(2000, 600, 150, 6.0, 10100)),
                23.4, List.of(path("a.json", 4), path("b.json", 3)), List.of(), List.of(new Benchmark.DeployedRun(2500, 2600, 9000, 700, Double.NaN, Double.NaN)),
                List.of(new Benchmark.DeployedRun(0, 0, 0, 200, 50, 6.5)), List.of(new Benchmark.SdkFloorRun(7400, 900)));

        assertThat(targets).contains("plain JVM 2500 ms (the function alone, wired as on Lambda, to its UpdateTable answered; 2600 ms to the"
                        + " first notification handled, 2800 ms with the benchmark's stand-ins; the SDK alone, six clients and one call,"
                        + " 900 ms): not judged, the guide's script did not run")
                .contains("4.00× (the function alone, wired as on Lambda; with the benchmark's proxies and stand-ins 600.0 against 150.0 ms,"
                        + " 4.00×): NOT met").contains("6.50 ms (the function alone, primed, without the time its HTTP exchanges were out; 7.00 ms shipped")
                .contains("its SDK calls took): NOT met").contains("9000 (the function's jar alone, wired as on Lambda; 9900 with the benchmark's stand-ins; the SDK alone,"
                        + " six clients and one call, 7400): NOT met")
                .contains("23.4 MB: NOT met").contains("at most 4 sequential AWS rounds before the first remedy, every sample event"
                        + " (over: a.json 4): NOT met");
    }

    @Test
    void restoredFirstTable_splitsTheRestoredFirstNotificationFromTheWarmOnes_inTheProcess_AwsCalls_andTheFirstRound() {
        String table = Report.restoredFirstTable(List.of(restored(110, 12, 40, 30, 4, 5)));

        assertThat(table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| phase") && !l.startsWith("| ---")).toList()).containsExactly(
                "| whole notification | 110.0 [110.0–110.0] | 30.0 [30.0–30.0] | 80.0 |",
                "| in the process, excluding AWS calls | 12.0 [12.0–12.0] | 4.0 [4.0–4.0] | 8.0 |",
                "| AWS calls | 98.0 [98.0–98.0] | 26.0 [26.0–26.0] | 72.0 |",
                "| of which the first round (the process's first connections) | 40.0 [40.0–40.0] | 5.0 [5.0–5.0] | 35.0 |");
    }

    @Test
    void restoredAloneTable_setsTheFunctionAlonesRestoredFirstAgainstItsWarm_besideTheSameWithTheStandIns() {
        String table = Report.restoredAloneTable(List.of(new Benchmark.DeployedRun(0, 0, 0, 60, 20, 3)), List.of(restored(110, 12, 40, 30, 4, 5)));

        assertThat(table).contains("| the function alone | 60.0 [60.0–60.0] | 20.0 [20.0–20.0] | 3.00 |")
                .contains("| with the benchmark's proxies and stand-ins | 110.0 [110.0–110.0] | 30.0 [30.0–30.0] | 3.67 |");
    }

    @Test
    void classesTable_listsEachCategoryAndTheirSum_besideTheSdksFloor() {
        Map<String, Integer> breakdown = new java.util.LinkedHashMap<>();
        breakdown.put(ClassBreakdown.SDK_MODEL, 1000);
        breakdown.put(ClassBreakdown.JDK, 2000);

        String table = Report.classesTable(breakdown, 3100, 3900);

        assertThat(table).contains("the other services answered in the process (-Xlog:class+load; the JVM counts 3100)").contains("makes one DynamoDB call loads 3900:")
                .contains("| " + ClassBreakdown.SDK_MODEL + " | 1000 |").contains("| all | 3000 |");
    }
}
