package io.throttleresponder.model;

/**
 * What an alarm says is wrong. {@code operation} is null for signals that cover both (latency
 * averaged over operations; reads and writes summed, until the per-cause metrics tell them apart).
 * {@code aggregate} marks a cause read from an aggregate throttle metric, which the responder refines
 * with the per-cause metrics. {@code alarmedRate} is the consumption (units per second) a
 * consumed-capacity alarm reported, from its datapoint (or threshold) over its period; null otherwise.
 */
public record Incident(ResourceId resource, Operation operation, Cause cause, String signal, boolean aggregate,
                       Double alarmedRate) {

    public Incident(ResourceId resource, Operation operation, Cause cause, String signal, boolean aggregate) {
        this(resource, operation, cause, signal, aggregate, null);
    }

    public Incident withCause(Cause refined) {
        return new Incident(resource, operation, refined, signal, false, alarmedRate);
    }

    /** Reads or writes, as the per-cause metrics of a read+write alarm told them apart; still to refine by cause. */
    public Incident withOperation(Operation refined) {
        return new Incident(resource, refined, cause, signal, aggregate, alarmedRate);
    }
}
