package io.throttleresponder.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The sandbox's time: it moves only when the runner says, so a quiet period can pass at once. */
public final class SandboxClock extends Clock {

    private volatile Instant now;

    public SandboxClock(Instant start) {
        this.now = start;
    }

    /** Moves to {@code time} if that is later; time never goes back. */
    public synchronized void advanceTo(Instant time) {
        if (time.isAfter(now)) {
            now = time;
        }
    }

    public void advance(Duration by) {
        advanceTo(now.plus(by));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the sandbox clock is UTC");
    }
}
