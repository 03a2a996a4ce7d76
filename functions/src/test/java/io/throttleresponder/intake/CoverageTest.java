package io.throttleresponder.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.EventFiles;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyParser;
import org.junit.jupiter.api.Test;

class CoverageTest {

    private static final AlarmNotification ACCOUNT_WIDE = EventFiles.notification("sns-contributor-read-throttle-orders-by-status.json");
    private static final AlarmNotification OWN = EventFiles.notification("sns-write-key-range-orders.json");

    private static Policy policy(String json) {
        return PolicyParser.parse(json, "test policy");
    }

    @Test
    void aNamedTablesOwnAlarm_isAnswered_evenBesideWatchAllTables() {
        assertThat(OWN.contributor()).isNull();
        assertThat(Coverage.notAnswered(policy("{\"watchAllTables\": true, \"tables\": {\"orders\": {}}}"), OWN, "orders")).isEmpty();
    }

    @Test
    void anAccountWideContributor_forANamedTable_isNotAnsweredTwice_sayingWhichAlarmsAnswerIt() {
        assertThat(ACCOUNT_WIDE.contributor()).isNotNull();

        assertThat(Coverage.notAnswered(policy("{\"watchAllTables\": true, \"tables\": {\"orders\": {}}}"), ACCOUNT_WIDE, "orders"))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("table orders is named in the policy and answered by its own alarms")
                        .contains(ACCOUNT_WIDE.alarmName()));
    }

    @Test
    void aContributorAlarmTheTeamWiredItself_forANamedTable_isAnswered_withoutWatchAllTables() {
        assertThat(Coverage.notAnswered(policy("{\"tables\": {\"orders\": {}}}"), ACCOUNT_WIDE, "orders")).isEmpty();
    }

    @Test
    void anAccountWideContributor_forAnUnnamedTable_isAnswered() {
        assertThat(Coverage.notAnswered(policy("{\"watchAllTables\": true, \"tables\": {\"payments\": {}}}"), ACCOUNT_WIDE, "orders"))
                .isEmpty();
    }

    @Test
    void aTableThePolicyDoesNotWatch_isNotAnswered() {
        assertThat(Coverage.notAnswered(policy("{\"tables\": {\"payments\": {}}}"), OWN, "orders"))
                .hasValue("table orders is not watched by the policy");
    }
}
