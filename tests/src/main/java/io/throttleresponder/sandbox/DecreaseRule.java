package io.throttleresponder.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * DynamoDB's limit on provisioned-throughput decreases of one table or one GSI: 4 at any time in a UTC
 * day; beyond those, one more whenever none was made in the past hour; at most 27 a day.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html ("Decreasing provisioned throughput")
 */
final class DecreaseRule {

    static final int ANY_TIME_PER_DAY = 4;
    static final int MAX_PER_DAY = 27;
    static final Duration SPACING = Duration.ofHours(1);

    private DecreaseRule() {}

    /** The decreases made in the UTC day {@code now} falls in. */
    static List<Instant> today(Collection<Instant> decreases, Instant now) {
        LocalDate day = day(now);
        return decreases.stream().filter(d -> day(d).equals(day)).sorted().toList();
    }

    static boolean allowed(Collection<Instant> decreases, Instant now) {
        return !nextAllowed(decreases, now).isAfter(now);
    }

    /** The earliest instant, {@code now} or later, at which one more decrease is allowed. */
    static Instant nextAllowed(Collection<Instant> decreases, Instant now) {
        List<Instant> today = today(decreases, now);
        if (today.size() < ANY_TIME_PER_DAY) {
            return now;
        }
        Instant nextDay = day(now).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (today.size() >= MAX_PER_DAY) {
            return nextDay;
        }
        Instant hourAfterLast = today.stream().max(Comparator.naturalOrder()).orElseThrow().plus(SPACING);
        Instant next = hourAfterLast.isAfter(nextDay) ? nextDay : hourAfterLast;
        return next.isAfter(now) ? next : now;
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
