package io.throttleresponder.model;

import java.util.List;

/**
 * An Application Auto Scaling target on one dimension of a table or index, with its scaling policies.
 * {@code scaleInOff}: its scaler does not scale in (scale-in suspended on the target, or DisableScaleIn
 * on its target-tracking policy), so a lowered MinCapacity lowers no capacity.
 */
public record ScalableTarget(long minCapacity, long maxCapacity, boolean scaleInOff, List<ScalingPolicy> policies) {

    public ScalableTarget {
        policies = List.copyOf(policies);
    }

    public ScalableTarget(long minCapacity, long maxCapacity, boolean scaleInOff) {
        this(minCapacity, maxCapacity, scaleInOff, List.of());
    }

    /** A target whose scaler scales in as usual. */
    public ScalableTarget(long minCapacity, long maxCapacity) {
        this(minCapacity, maxCapacity, false);
    }
}
