package io.throttleresponder.respond;

/**
 * What an alarm says is wrong. {@code operation} is null for signals that cover both (latency
 * averaged over operations). {@code aggregate} marks a cause read from an aggregate throttle
 * metric, which the responder refines with the per-cause metrics.
 */
public record Incident(ResourceId resource, Operation operation, Cause cause, String signal, boolean aggregate) {

    public Incident withCause(Cause refined) {
        return new Incident(resource, operation, refined, signal, false);
    }
}
