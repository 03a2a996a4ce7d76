package io.throttleresponder.intake;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.policy.Policy;
import java.util.Optional;

/**
 * Which set of alarms answers a table. A named table has alarms of its own; the account-wide Metrics Insights alarms
 * (watchAllTables) cover every table, named ones included, since their query lists no exclusions: the documented
 * Metrics Insights grammar has no NOT IN, and a chain of != would pass the query's 2,048 characters at some 60 named
 * tables (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html).
 * Both fire for a named table; its own alarm answers it, and the account-wide contributor is ignored with its reason.
 */
public final class Coverage {

    private Coverage() {
    }

    /** Why the responder does not answer {@code alarm} for {@code table}; empty when it does. */
    public static Optional<String> notAnswered(Policy policy, AlarmNotification alarm, String table) {
        if (policy.settingsFor(table).isEmpty()) {
            return Optional.of("table " + table + " is not watched by the policy");
        }
        // Only beside watchAllTables: without it a contributor alarm is one the team wired itself, and is answered.
        if (alarm.contributor() != null && policy.unnamedTables() != null && policy.watchedTables().contains(table)) {
            return Optional.of("table " + table + " is named in the policy and answered by its own alarms; the account-wide"
                    + " alarm " + alarm.alarmName() + " covers it too and is not answered twice");
        }
        return Optional.empty();
    }
}
