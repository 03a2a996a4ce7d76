package io.throttleresponder.respond;

/**
 * An Application Auto Scaling target on one dimension of a table or index. {@code scaleInOff}: its
 * scaler does not scale in (scale-in suspended on the target, or DisableScaleIn on its target-tracking
 * policy), so a lowered MinCapacity lowers no capacity.
 */
public record ScalableTarget(long minCapacity, long maxCapacity, boolean scaleInOff) {

    /** A target whose scaler scales in as usual. */
    public ScalableTarget(long minCapacity, long maxCapacity) {
        this(minCapacity, maxCapacity, false);
    }
}
