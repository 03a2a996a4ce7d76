package io.throttleresponder.respond;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.Delivery;
import io.throttleresponder.alarm.MetricQuery;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.Decreases;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.ResourceState;
import io.throttleresponder.model.ScalableTarget;
import io.throttleresponder.model.TableState;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.policy.TableSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sandbox tables of events/README.md as domain state, and small builders for alarms. */
public final class Fixtures {

    public static final ResourceId ORDERS = ResourceId.table("orders");
    public static final ResourceId BY_STATUS = new ResourceId("orders", "by-status");
    public static final ResourceId SESSIONS = ResourceId.table("sessions");
    public static final ResourceId INVENTORY = ResourceId.table("inventory");
    public static final Instant CHANGED_AT = Instant.parse("2026-11-21T03:15:42.817Z");

    private Fixtures() {}

    /** Default settings with the given overrides, written as the policy's JSON object body. */
    public static TableSettings settings(String overrides) {
        return PolicyParser.parse("{\"defaults\": {" + overrides + "}}", "test policy").defaults();
    }

    public static ResourceState provisioned(ResourceId id, long read, long write) {
        return new ResourceState(id, "ACTIVE", read, write, ResourceState.NO_ON_DEMAND_MAXIMUM,
                ResourceState.NO_ON_DEMAND_MAXIMUM, Decreases.NONE, Map.of(), "DISABLED");
    }

    public static ResourceState onDemand(ResourceId id, long maxRead, long maxWrite) {
        return new ResourceState(id, "ACTIVE", 0, 0, maxRead, maxWrite, Decreases.NONE, Map.of(), "DISABLED");
    }

    public static ResourceState withInsights(ResourceState state, String insights) {
        return new ResourceState(state.id(), state.status(), state.readCapacityUnits(), state.writeCapacityUnits(),
                state.maxOnDemandReadRequestUnits(), state.maxOnDemandWriteRequestUnits(), state.decreases(),
                state.scalableTargets(), insights);
    }

    public static ResourceState withStatus(ResourceState state, String status) {
        return new ResourceState(state.id(), status, state.readCapacityUnits(), state.writeCapacityUnits(),
                state.maxOnDemandReadRequestUnits(), state.maxOnDemandWriteRequestUnits(), state.decreases(),
                state.scalableTargets(), state.contributorInsightsStatus());
    }

    public static ResourceState withTargets(ResourceState state, Map<Operation, ScalableTarget> targets) {
        return new ResourceState(state.id(), state.status(), state.readCapacityUnits(), state.writeCapacityUnits(),
                state.maxOnDemandReadRequestUnits(), state.maxOnDemandWriteRequestUnits(), state.decreases(),
                targets, state.contributorInsightsStatus());
    }

    /** orders: PROVISIONED, table R100 / W50, GSI by-status R50 / W25, default quota. */
    public static TableState orders() {
        return new TableState(BillingMode.PROVISIONED, provisioned(ORDERS, 100, 50),
                Map.of("by-status", provisioned(BY_STATUS, 50, 25)), TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA);
    }

    public static TableState orders(ResourceState table) {
        return new TableState(BillingMode.PROVISIONED, table, orders().indexes(),
                TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA);
    }

    public static TableState ordersWithIndex(ResourceState index) {
        return new TableState(BillingMode.PROVISIONED, orders().table(), Map.of("by-status", index),
                TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA);
    }

    public static TableState ordersWithQuota(long readQuota, long writeQuota) {
        return new TableState(BillingMode.PROVISIONED, orders().table(), orders().indexes(), readQuota, writeQuota);
    }

    /** sessions: PAY_PER_REQUEST with OnDemandThroughput MaxRead 1000 / MaxWrite 500. */
    public static TableState sessions() {
        return sessions(onDemand(SESSIONS, 1000, 500));
    }

    public static TableState sessions(ResourceState table) {
        return new TableState(BillingMode.PAY_PER_REQUEST, table, Map.of(),
                TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA);
    }

    /** inventory: PROVISIONED R200 / W100, auto scaled Read 200-2000, Write 100-1000. */
    public static TableState inventory() {
        return new TableState(BillingMode.PROVISIONED,
                withTargets(provisioned(INVENTORY, 200, 100), Map.of(
                        Operation.READ, new ScalableTarget(200, 2000),
                        Operation.WRITE, new ScalableTarget(100, 1000))),
                Map.of(), TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA);
    }

    public static Incident incident(ResourceId resource, Operation operation, Cause cause) {
        return new Incident(resource, operation, cause, "test-signal", false);
    }

    public static MetricQuery metric(String name, String... dimensions) {
        return metricIn("AWS/DynamoDB", name, dimensions);
    }

    public static MetricQuery metricIn(String namespace, String name, String... dimensions) {
        Map<String, String> dims = new LinkedHashMap<>();
        for (int i = 0; i < dimensions.length; i += 2) {
            dims.put(dimensions[i], dimensions[i + 1]);
        }
        return new MetricQuery("m" + Math.abs(name.hashCode() % 1000), namespace, name, dims, "Sum", null, false);
    }

    public static MetricQuery expression(String expression) {
        return new MetricQuery("e1", null, null, Map.of(), null, expression, true);
    }

    public static AlarmNotification alarm(String name, List<MetricQuery> metrics) {
        return alarm(name, AlarmState.ALARM, metrics);
    }

    public static AlarmNotification alarm(String name, AlarmState state, List<MetricQuery> metrics) {
        return new AlarmNotification(Delivery.SNS, name, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + name,
                "123456789012", "us-east-1", state, AlarmState.OK, CHANGED_AT, "Threshold Crossed", 50.0, metrics);
    }
}
