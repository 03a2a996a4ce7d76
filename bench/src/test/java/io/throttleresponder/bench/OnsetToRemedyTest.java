package io.throttleresponder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OnsetToRemedyTest {

    @Test
    void waits_areHalfOfEachOnAverage_andAllOfThemAtMost() {
        assertThat(OnsetToRemedy.DYNAMODB_ALARM.typicalSeconds()).isEqualTo(60);
        assertThat(OnsetToRemedy.DYNAMODB_ALARM.mostSeconds()).isEqualTo(120);
        assertThat(OnsetToRemedy.SENSOR_ALARM.typicalSeconds()).isEqualTo(10.5);
        assertThat(OnsetToRemedy.SENSOR_ALARM.mostSeconds()).isEqualTo(21);
    }

    @Test
    void table_addsTheMeasuredHandlingToEachKind_andComparesTheKinds() {
        String table = OnsetToRemedy.table(50, 500, 2500);

        assertThat(table).contains("| 60.0 / 120.0 | 60.1 / 120.1 | 60.5 / 120.5 | 62.5 / 122.5 |")
                .contains("| 10.5 / 21.0 | 10.6 / 21.1 | 11.0 / 21.5 | 13.0 / 23.5 |")
                .contains("5.7× sooner typically, 5.7× at most (warm)");
    }
}
