package io.throttleresponder.summary;

/** How a key (raw or masked) is shown inside human-readable text: one line, no markdown breakers, bounded. */
final class KeyText {

    /** DynamoDB partition keys reach 2,048 bytes; a message shows at most this many characters of one. */
    static final int DISPLAY_LIMIT = 80;

    private KeyText() {}

    /**
     * Control and line-separator characters become '?', backticks become quotes (keys are shown in
     * code spans in chat), and long keys are cut with "...". The JSON block keeps the full key.
     */
    static String display(String key) {
        StringBuilder out = new StringBuilder(Math.min(key.length(), DISPLAY_LIMIT));
        key.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append('?');
            } else if (cp == '`') {
                out.append('\'');
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (out.codePointCount(0, out.length()) <= DISPLAY_LIMIT) {
            return out.toString();
        }
        return out.substring(0, out.offsetByCodePoints(0, DISPLAY_LIMIT - 3)) + "...";
    }

    /** A key as a code span: {@code `key`}. */
    static String code(String key) {
        return "`" + display(key) + "`";
    }
}
