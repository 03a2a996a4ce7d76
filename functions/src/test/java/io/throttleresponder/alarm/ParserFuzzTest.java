package io.throttleresponder.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Throws mutated sample events, random JSON and random bytes at the parser. Whatever comes in, it
 * returns parsed events (an alarm, or a rejection with its reason) and never throws: an exception here
 * would fail the Lambda invocation and make SNS or EventBridge deliver the same bad event again.
 *
 * <p>Reproducible: a fixed seed per run, one derived seed per case. A failure names the seed and the
 * case and writes the input to {@code target/fuzz-failures/}; {@code -Dfuzz.seed=S -Dfuzz.cases=N}
 * replays or widens a run.
 */
class ParserFuzzTest {

    static final long DEFAULT_SEED = 20261121L;
    static final int DEFAULT_CASES = 2_000;

    private final AlarmEventParser parser = AlarmEventParser.create();
    private final EventMutator mutator = EventMutator.ofSampleEvents();

    @Test
    void parse_mutatedAndRandomEvents_neverThrows_andReturnsOnlyAlarmsOrRejectionsWithReasons() {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int cases = Integer.getInteger("fuzz.cases", DEFAULT_CASES);
        int alarms = 0;
        int rejected = 0;
        for (int i = 0; i < cases; i++) {
            EventMutator.Input input = mutator.next(EventMutator.caseRandom(seed, i));
            try {
                List<ParsedEvent> parsed = parser.parse(input.bytes());
                assertThat(parsed).as("parsed events").isNotEmpty().doesNotContainNull();
                for (ParsedEvent event : parsed) {
                    if (event instanceof ParsedEvent.Rejected r) {
                        assertThat(r.reason()).as("rejection reason").isNotBlank();
                        rejected++;
                    } else {
                        assertWellFormed(((ParsedEvent.Alarm) event).notification());
                        alarms++;
                    }
                }
            } catch (Throwable t) {
                throw EventMutator.failure(seed, i, input, t);
            }
        }
        System.out.printf("ParserFuzzTest: seed %d, %d cases: %d alarms parsed, %d rejections%n", seed, cases, alarms, rejected);
        // Not vacuous: the run reaches both sides of the parser.
        assertThat(alarms).as("inputs that still parsed to alarms").isGreaterThan(cases / 10);
        assertThat(rejected).as("inputs rejected").isGreaterThan(cases / 2);
    }

    /** What the responder relies on in every notification the parser lets through. */
    static void assertWellFormed(AlarmNotification alarm) {
        assertThat(alarm.delivery()).isNotNull();
        assertThat(alarm.alarmName()).isNotBlank();
        assertThat(alarm.state()).isNotNull();
        assertThat(alarm.stateChangeTime()).isNotNull();
        assertThat(alarm.metrics()).doesNotContainNull().allSatisfy(m -> {
            assertThat(m.id()).isNotBlank();
            if (!m.isExpression()) {
                assertThat(m.namespace()).isNotBlank();
                assertThat(m.metricName()).isNotBlank();
                assertThat(m.dimensions()).doesNotContainValue(null);
            }
        });
        assertThat(alarm.stateChangeKey()).isNotBlank();
    }
}
