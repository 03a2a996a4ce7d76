package io.throttleresponder.model;

public enum ActionStatus {
    APPLIED,
    PLANNED,
    SKIPPED,
    FAILED
}
