package io.throttleresponder.plan;

import io.throttleresponder.model.Decreases;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * DynamoDB's limit on provisioned-throughput decreases, per table and per GSI: 4 at any time in a
 * UTC day; beyond those, one more whenever none was made in the past hour; at most 27 a day
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html, "Decreasing
 * provisioned throughput"). Read from DescribeTable's NumberOfDecreasesToday and
 * LastDecreaseDateTime. Pure.
 */
public final class DecreaseRule {

    static final int ANY_TIME_PER_DAY = 4;
    static final int MAX_PER_DAY = 27;
    static final Duration SPACING = Duration.ofHours(1);

    private DecreaseRule() {}

    /** The earliest instant, {@code now} or later, at which one more decrease of the resource is allowed. */
    public static Instant nextAllowed(Decreases decreases, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        // A count from an earlier UTC day (the last decrease was before midnight) no longer holds.
        boolean countsToday = decreases.last() != null && LocalDate.ofInstant(decreases.last(), ZoneOffset.UTC).equals(today);
        int made = countsToday ? decreases.today() : 0;
        if (made < ANY_TIME_PER_DAY) {
            return now;
        }
        Instant midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (made >= MAX_PER_DAY) {
            return midnight;
        }
        Instant hourAfterLast = decreases.last().plus(SPACING);
        Instant next = hourAfterLast.isAfter(midnight) ? midnight : hourAfterLast;
        return next.isAfter(now) ? next : now;
    }

    public static boolean allowed(Decreases decreases, Instant now) {
        return !nextAllowed(decreases, now).isAfter(now);
    }
}
