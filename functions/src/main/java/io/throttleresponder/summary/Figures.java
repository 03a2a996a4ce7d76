package io.throttleresponder.summary;

import java.util.Locale;

/** Number formats shared by the recommendation and the message; Locale.ROOT so a JVM locale never turns "2,400" into "2.400". */
final class Figures {

    private Figures() {}

    /** A share 0..1 as a whole percentage: 0.625 -> "63 %". */
    static String percent(double share) {
        return Math.round(share * 100) + " %";
    }

    /** A share 0..1 with one decimal: 0.625 -> "62.5 %". */
    static String percent1(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    /** A count with thousands separators, decimals only when it has them: 2400 -> "2,400", 2.5 -> "2.5". */
    static String number(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%,.1f", value);
    }

    /** What a rule counts: throttled rules (PKT, SKT) count throttled read and write requests, the others all requests. */
    static String requests(RuleKind kind) {
        return kind.throttled() ? "throttled requests" : "requests";
    }
}
