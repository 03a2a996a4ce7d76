package io.throttleresponder.model;

import java.time.Instant;

/** An operator's pause of the responder: who paused it, when, and why (may be null). */
public record Pause(String by, Instant at, String reason) {

    public String describe() {
        return "paused by " + by + " at " + at + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
    }
}
