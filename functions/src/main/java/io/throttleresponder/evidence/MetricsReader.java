package io.throttleresponder.evidence;

import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/** Reads recent DynamoDB metrics (GetMetricData). */
public interface MetricsReader {

    /** Throttle events of the last minutes per cause metric; causes without datapoints are absent. */
    Map<Cause, Double> throttleEventsByCause(ResourceId resource, Operation operation, Instant now);

    /** The highest consumed capacity of the last minutes, in units per second; empty without datapoints. */
    OptionalDouble consumedPeak(ResourceId resource, Operation operation, Instant now);

    /**
     * The highest share, in percent, of the account's provisioned-capacity quota in the Region that its
     * tables and GSIs hold (AccountProvisionedRead|WriteCapacityUtilization) over the last minutes;
     * empty without datapoints.
     */
    OptionalDouble accountProvisionedUtilization(Operation operation, Instant now);

    /** The highest one-minute sum of a DynamoDB metric of the resource between two times; empty without datapoints. */
    OptionalDouble peak(ResourceId resource, String metricName, Instant from, Instant to);

    /** The highest consumed capacity between two times, in units per second; empty without datapoints. */
    default OptionalDouble consumedPeak(ResourceId resource, Operation operation, Instant from, Instant to) {
        OptionalDouble perMinute = peak(resource, "Consumed" + operation.capitalized() + "CapacityUnits", from, to);
        return perMinute.isPresent() ? OptionalDouble.of(perMinute.getAsDouble() / 60.0) : perMinute;
    }
}
