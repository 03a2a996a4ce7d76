package io.throttleresponder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.bench.Benchmark.RemedyPath;
import io.throttleresponder.bench.Benchmark.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Sample sample(double startToFirst, double first, double warm, double warmExcludingAws, double classes) {
        return new Sample(0, 0, first, startToFirst, warm, warmExcludingAws, 0, classes, 0, 2, Map.of());
    }

    private static RemedyPath path(String event, int rounds) {
        AwsCalls.Call call = new AwsCalls.Call("GetItem", 0, 1);
        return new RemedyPath(event, "UpdateTable", java.util.Collections.nCopies(rounds, List.of(call)), rounds, null);
    }

    @Test
    void targets_judgesEachOfIssue25sSix_againstThePeerAndTheWarmNotificationOfTheSameRun() {
        String targets = Report.targets(List.of(sample(1200, 900, 60, 4.2, 5800)), List.of(sample(1000, 150, 55, 4.0, 6100)),
                19.5, List.of(path("a.json", 3), path("b.json", 2)), List.of(400.0));

        assertThat(targets.lines().filter(l -> l.startsWith("- ")).toList()).containsExactly(
                "- process start → capacity raised, plain JVM 1200 ms against the guide's script 400 ms: 3.00×: met (target ≤ 3× the script in the same run)",
                "- SnapStart-primed first notification after restore 150 ms against a primed warm notification with AWS calls 55.0 ms: 2.73×: met (target ≤ 3× a warm notification with AWS calls)",
                "- warm notification excluding AWS 4.20 ms (shipped): met (target ≤ 5 ms)",
                "- classes loaded by the first notification 5800 (shipped): met (target ≤ 6,000)",
                "- largest deployed function jar 19.5 MB: met (target ≤ 20 MB each)",
                "- at most 3 sequential AWS rounds before the first remedy, every sample event: met (target ≤ 3)");
    }

    @Test
    void targets_missedOnes_sayNotMet_andNameTheEventsOverTheRoundLimit_andAMissingPeerIsNotJudged() {
        String targets = Report.targets(List.of(sample(2800, 1200, 200, 7.0, 9900)), List.of(sample(2000, 600, 150, 6.0, 10100)),
                23.4, List.of(path("a.json", 4), path("b.json", 3)), List.of());

        assertThat(targets).contains("plain JVM 2800 ms: not judged, the guide's script did not run")
                .contains("4.00×: NOT met").contains("7.00 ms (shipped): NOT met").contains("9900 (shipped): NOT met")
                .contains("23.4 MB: NOT met").contains("at most 4 sequential AWS rounds before the first remedy, every sample event"
                        + " (over: a.json 4): NOT met");
    }
}
