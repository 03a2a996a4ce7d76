package io.throttleresponder.plan;

import io.throttleresponder.model.Operation;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Today's demand on a resource: the consumed-capacity peak per dimension since the alarm returned to
 * OK, in units per second. No datapoints means no traffic: DynamoDB publishes consumed capacity only
 * while requests are served.
 */
public record Demand(Map<Operation, Double> peaks) {

    public static final Demand NONE = new Demand(Map.of());

    public Demand {
        peaks = Map.copyOf(peaks);
    }

    public static Demand of(Map<Operation, OptionalDouble> peaks) {
        Map<Operation, Double> known = new EnumMap<>(Operation.class);
        peaks.forEach((operation, peak) -> peak.ifPresent(value -> known.put(operation, value)));
        return new Demand(known);
    }

    public double peak(Operation operation) {
        return peaks.getOrDefault(operation, 0.0);
    }

    /** The capacity today's demand needs: its peak plus the headroom, in whole units. */
    public long floor(Operation operation, int headroomPercent) {
        return (long) Math.ceil(peak(operation) * (1 + headroomPercent / 100.0));
    }
}
