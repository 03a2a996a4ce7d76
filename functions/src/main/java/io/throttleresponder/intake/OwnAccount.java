package io.throttleresponder.intake;

import io.throttleresponder.alarm.AlarmNotification;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The account and Region the responder runs in, and so the only ones whose tables it may change:
 * table names are unique only within an account and Region. On Lambda the Region is AWS_REGION and
 * the account RESPONDER_ACCOUNT_ID, which the stack sets to its own account (docs/contracts.md).
 */
public record OwnAccount(String accountId, String region) {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public OwnAccount {
        if (!isAccountId(accountId)) {
            throw new IllegalArgumentException("an account ID is 12 digits, was " + accountId);
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("the Region is missing");
        }
    }

    /** Whether the text is written as an AWS account ID is: 12 digits. */
    public static boolean isAccountId(String text) {
        return text != null && ACCOUNT_ID.matcher(text).matches();
    }

    /**
     * Why the alarm is not this account's and Region's, or empty when it is. The alarm's ARN decides
     * the Region (the parser reads it from there first), else the notification's {@code Region}; the
     * account is {@code AWSAccountId} (EventBridge: {@code account}). A notification that names neither
     * (none AWS sends today) is taken as this account's: it came through this account's topic. A metric
     * that names its account ({@code Trigger.Metrics[].AccountId}, CloudWatch cross-account
     * observability) decides where its table is: a monitoring account's alarm on a source account's
     * table names that account there.
     */
    public Optional<String> foreign(AlarmNotification alarm) {
        if (alarm.accountId() != null && !alarm.accountId().equals(accountId)) {
            return Optional.of("alarm of account " + alarm.accountId() + ", not this responder's account " + accountId
                    + ": acting in another account (through a role) is not supported yet");
        }
        if (alarm.region() != null && !alarm.region().equals(region)) {
            return Optional.of("alarm of Region " + alarm.region() + ", not this responder's Region " + region
                    + ": each Region's tables are answered by that Region's deployment");
        }
        return alarm.metrics().stream()
                .filter(m -> m.accountId() != null && !m.accountId().equals(accountId))
                .findFirst()
                .map(m -> "the alarm's metric " + (m.metricName() == null ? m.id() : m.metricName()) + " lives in account "
                        + m.accountId() + " (cross-account observability), not this responder's account " + accountId
                        + ": a table of that name here is another table; acting in another account (through a role)"
                        + " is not supported yet");
    }
}
