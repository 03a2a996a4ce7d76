package io.throttleresponder.model;

public enum Outcome {
    ACTED,
    PLANNED,
    IGNORED,
    REJECTED
}
