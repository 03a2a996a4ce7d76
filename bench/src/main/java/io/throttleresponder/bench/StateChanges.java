package io.throttleresponder.bench;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Later deliveries of a sample alarm: the ledger claims each state change once, so a replay would be a duplicate. */
public final class StateChanges {

    /** Alarm times in the samples, to the second; the milliseconds are rewritten to make each delivery a new state change. */
    private static final Pattern STATE_CHANGE_TIME = Pattern.compile("(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)\\.\\d{3}");

    private StateChanges() {}

    /** The same alarm, its {@code delivery}th later state change. */
    public static byte[] later(byte[] event, int delivery) {
        Matcher matcher = STATE_CHANGE_TIME.matcher(new String(event, StandardCharsets.UTF_8));
        return matcher.replaceAll(m -> m.group(1) + "." + String.format("%03d", delivery % 1000))
                .getBytes(StandardCharsets.UTF_8);
    }
}
