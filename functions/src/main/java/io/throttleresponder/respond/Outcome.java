package io.throttleresponder.respond;

public enum Outcome {
    ACTED,
    PLANNED,
    IGNORED,
    REJECTED
}
