package io.throttleresponder.diagnose;

import io.throttleresponder.model.Incident;

/** The result of reading an alarm: an incident to respond to, or why there is nothing to do. */
public sealed interface Diagnosis {

    record Found(Incident incident) implements Diagnosis {}

    record NotActionable(String reason) implements Diagnosis {}
}
