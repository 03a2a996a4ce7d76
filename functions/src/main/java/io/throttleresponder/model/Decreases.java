package io.throttleresponder.model;

import java.time.Instant;

/**
 * The provisioned-throughput decreases DynamoDB counts for one table or GSI, as DescribeTable reports
 * them: NumberOfDecreasesToday (the UTC day) and LastDecreaseDateTime (null when there was none).
 */
public record Decreases(int today, Instant last) {

    public static final Decreases NONE = new Decreases(0, null);
}
