package io.throttleresponder.notify;

/**
 * One message in three renderings: a subject and plain text for e-mail, and the custom
 * notification JSON that Amazon Q Developer in chat applications renders in Slack and Teams.
 */
public record IncidentMessage(String subject, String text, String chatJson) {

    /** SNS subjects are ASCII and shorter than 100 characters. */
    public static final int SUBJECT_LIMIT = 99;

    /** The value, cut to {@code limit} characters with "..." when longer. */
    public static String truncate(String value, int limit) {
        return value.length() <= limit ? value : value.substring(0, limit - 3) + "...";
    }
}
