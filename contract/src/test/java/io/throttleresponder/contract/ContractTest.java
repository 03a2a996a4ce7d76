package io.throttleresponder.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContractTest {

    @Test
    void claimLeases_outlastTheFunctionsTheyAreTakenIn() {
        assertThat(Timeouts.ALARM_CLAIM_LEASE).isGreaterThan(Timeouts.ALARM_HANDLER);
        assertThat(Timeouts.FOLLOW_UP_CLAIM_LEASE).isGreaterThan(Timeouts.FOLLOW_UP_HANDLER);
    }

    @Test
    void factors_mustExceedOne_andOtherMinimaAreInclusive() {
        assertThat(PolicyKey.SCALE_FACTOR.accepts(1.0)).isFalse();
        assertThat(PolicyKey.SCALE_FACTOR.accepts(1.01)).isTrue();
        assertThat(PolicyKey.HEADROOM_PERCENT.accepts(0)).isTrue();
        assertThat(PolicyKey.HEADROOM_PERCENT.accepts(1001)).isFalse();
        assertThat(PolicyKey.HOT_KEY_SUMMARY_REPEATS.accepts(2.5)).isFalse();
    }

    @Test
    void keys_areUnique_andNamedAsInThePolicyDocument() {
        assertThat(PolicyKey.keys()).doesNotHaveDuplicates().contains("scaleFactor", "severityP3UtilizationPercent");
        assertThat(PolicyKey.named("cooldownMinutes")).contains(PolicyKey.COOLDOWN_MINUTES);
        assertThat(PolicyKey.named("cooldown")).isEmpty();
    }
}
