package io.throttleresponder.guard;

import io.throttleresponder.model.Pause;
import io.throttleresponder.record.Controls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The pause as a response sees it: read from the ledger at most once per {@link #FRESHNESS} per
 * container, so that a flip takes effect within a minute without a read on every alarm.
 */
public final class PauseSwitch {

    /** Half a minute: with Lambda's warm containers, every one sees a flip within a minute. */
    public static final Duration FRESHNESS = Duration.ofSeconds(30);

    private final Controls controls;
    private final Clock clock;
    private volatile Reading last;

    private record Reading(Optional<Pause> pause, Instant readAt) {}

    public PauseSwitch(Controls controls, Clock clock) {
        this.controls = Objects.requireNonNull(controls, "controls");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<Pause> current() {
        Instant now = clock.instant();
        Reading reading = last;
        if (reading == null || !reading.readAt().plus(FRESHNESS).isAfter(now)) {
            reading = new Reading(controls.pause(), now);
            last = reading;
        }
        return reading.pause();
    }
}
