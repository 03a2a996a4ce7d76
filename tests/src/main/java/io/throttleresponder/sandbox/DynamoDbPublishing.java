package io.throttleresponder.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What DynamoDB publishes to CloudWatch on its own, beside the traffic a scenario states: each provisioned
 * table's and GSI's ProvisionedRead/WriteCapacityUnits, once every 5 minutes (throttle and consumed-capacity
 * metrics are aggregated each minute, and a scenario's metrics steps state them).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html">DynamoDB
 *     metrics: the throttle and consumed-capacity metrics at one-minute intervals, all others every five minutes</a>
 */
public final class DynamoDbPublishing {

    static final Duration PROVISIONED_INTERVAL = Duration.ofMinutes(5);

    private final Sandbox sandbox;

    public DynamoDbPublishing(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** At a 5-minute boundary, each provisioned resource's capacity as DescribeTable reads it now; else nothing. */
    public void publish(Instant boundary) {
        if (boundary.getEpochSecond() % PROVISIONED_INTERVAL.toSeconds() != 0) {
            return;
        }
        sandbox.capacities().forEach((resource, capacity) -> {
            if (capacity.onDemand()) {
                return;
            }
            // "table/NAME" or "table/NAME/index/INDEX"
            String[] parts = resource.split("/");
            Map<String, String> dimensions = new LinkedHashMap<>();
            dimensions.put("TableName", parts[1]);
            if (parts.length > 3) {
                dimensions.put("GlobalSecondaryIndexName", parts[3]);
            }
            sandbox.cloudWatch().publish("ProvisionedReadCapacityUnits", dimensions, boundary, capacity.read());
            sandbox.cloudWatch().publish("ProvisionedWriteCapacityUnits", dimensions, boundary, capacity.write());
        });
    }
}
