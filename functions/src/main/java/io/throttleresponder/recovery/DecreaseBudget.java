package io.throttleresponder.recovery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * DynamoDB's budget of capacity decreases per table or index and UTC day: 4 in the first hour, then
 * one more for each hour after, at most 27 a day. Pure.
 */
public final class DecreaseBudget {

    static final int FIRST_HOUR_DECREASES = 4;
    static final int DAILY_MAXIMUM = 27;

    private DecreaseBudget() {}

    /** Decreases still allowed now, given those already made today (DescribeTable NumberOfDecreasesToday). */
    public static int remaining(int decreasesToday, Instant now) {
        return Math.max(0, allowedBy(now) - decreasesToday);
    }

    /** When the next decrease is allowed: now if any remains, else the start of the hour that brings one. */
    public static Instant nextAllowed(int decreasesToday, Instant now) {
        if (remaining(decreasesToday, now) > 0) {
            return now;
        }
        ZonedDateTime dayStart = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        int hour = decreasesToday - FIRST_HOUR_DECREASES + 1;
        return hour <= 23 && decreasesToday < DAILY_MAXIMUM
                ? dayStart.plusHours(hour).toInstant()
                : dayStart.plusDays(1).toInstant();
    }

    private static int allowedBy(Instant now) {
        int hour = now.atZone(ZoneOffset.UTC).getHour();
        return Math.min(DAILY_MAXIMUM, FIRST_HOUR_DECREASES + hour);
    }
}
