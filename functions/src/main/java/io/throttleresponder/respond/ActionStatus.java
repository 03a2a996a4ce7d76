package io.throttleresponder.respond;

public enum ActionStatus {
    APPLIED,
    PLANNED,
    SKIPPED,
    FAILED
}
