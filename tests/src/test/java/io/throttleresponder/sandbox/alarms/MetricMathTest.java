package io.throttleresponder.sandbox.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metric math of the stack's alarms, per timestamp, NaN for a missing value. */
class MetricMathTest {

    private static final double NONE = Double.NaN;

    @Test
    void fillWithAConstant_givesEveryMissingValueTheConstant() {
        assertThat(MetricMath.evaluate("FILL(m1, 0)", Map.of("m1", new double[] {NONE, 412, NONE}), 3))
                .containsExactly(0, 412, 0);
    }

    @Test
    void fillRepeat_carriesTheLatestValueForward_butHasNoneBeforeTheFirst() {
        assertThat(MetricMath.evaluate("FILL(m2, REPEAT)", Map.of("m2", new double[] {NONE, 100, NONE, NONE, 150, NONE}), 6))
                .containsExactly(NONE, 100, 100, 100, 150, 150);
    }

    @Test
    void arithmetic_isPerTimestamp_andMissingWhereAnOperandIsOrADivisionByZero() {
        assertThat(MetricMath.evaluate("(m1 / 60) / m2 * 100",
                Map.of("m1", new double[] {3000, NONE, 3000}, "m2", new double[] {100, 100, 0}), 3))
                .containsExactly(50, NONE, NONE);
    }

    @Test
    void average_ofTheSeriesWithAValue_andFillOfTheResult() {
        assertThat(MetricMath.evaluate("FILL(AVG([m1,m2]), 0)",
                Map.of("m1", new double[] {10, NONE, NONE}, "m2", new double[] {30, 8, NONE}), 3))
                .containsExactly(20, 8, 0);
    }

    @Test
    void unknownIdOrSyntax_isAClearError() {
        assertThatThrownBy(() -> MetricMath.evaluate("FILL(m9, 0)", Map.of("m1", new double[1]), 1))
                .hasMessageContaining("no query with id m9");
        assertThatThrownBy(() -> MetricMath.evaluate("m1 +", Map.of("m1", new double[1]), 1))
                .hasMessageContaining("metric math the sandbox does not evaluate: m1 +");
    }
}
