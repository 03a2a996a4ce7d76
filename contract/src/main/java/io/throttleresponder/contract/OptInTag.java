package io.throttleresponder.contract;

/**
 * The tag a table the deployment does not name carries to let the responder change it (watchAllTables):
 * its default, and DynamoDB's rules for a tag's key and value.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html">Tagging: keys up to 128
 *     characters, values up to 256, the aws: prefix reserved</a>
 */
public final class OptInTag {

    public static final String DEFAULT_KEY = "throttle-responder:act";
    public static final String DEFAULT_VALUE = "true";
    public static final int MAX_KEY_LENGTH = 128;
    public static final int MAX_VALUE_LENGTH = 256;

    private OptInTag() {}

    public static boolean isValidKey(String key) {
        return isValid(key, MAX_KEY_LENGTH);
    }

    public static boolean isValidValue(String value) {
        return isValid(value, MAX_VALUE_LENGTH);
    }

    private static boolean isValid(String text, int maxLength) {
        return text != null && !text.isEmpty() && text.length() <= maxLength && !text.startsWith("aws:");
    }
}
