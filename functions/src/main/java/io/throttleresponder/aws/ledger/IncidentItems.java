package io.throttleresponder.aws.ledger;

import static io.throttleresponder.aws.ledger.LedgerItems.instant;
import static io.throttleresponder.aws.ledger.LedgerItems.number;

import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.CapacityChange;
import io.throttleresponder.model.IncidentRecord;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.OthersChange;
import io.throttleresponder.model.PolicyChange;
import io.throttleresponder.model.ResourceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads the incidents out of a table's partition, as one consistent Query returned its items. */
final class IncidentItems {

    static final String CAPACITY = "CAPACITY#";
    static final String INCIDENT = "INCIDENT#";
    static final String INSIGHTS = "INSIGHTS#";

    private IncidentItems() {}

    /** Every resource of the partition with an incident, a change or a tuned policy on record. */
    static List<IncidentRecord> incidents(List<Map<String, AttributeValue>> items) {
        Set<ResourceId> resources = new LinkedHashSet<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            for (String prefix : List.of(INCIDENT, INSIGHTS, CAPACITY, DynamoDbPolicyLedger.POLICY)) {
                if (sk.startsWith(prefix)) {
                    String resource = sk.substring(prefix.length());
                    resources.add(ResourceId.parse(prefix.equals(INCIDENT) || prefix.equals(INSIGHTS) ? resource
                            : resource.substring(0, resource.lastIndexOf('#'))));
                }
            }
        }
        return resources.stream().map(r -> incident(r, items)).flatMap(Optional::stream).toList();
    }

    /** The resource's incident with the scaling policies the responder tuned there: one of those alone keeps it open. */
    static Optional<IncidentRecord> incident(ResourceId resource, List<Map<String, AttributeValue>> items) {
        List<PolicyChange> tuned = items.stream().map(item -> DynamoDbPolicyLedger.parse(resource, item))
                .filter(Objects::nonNull).toList();
        Optional<IncidentRecord> record = withoutPolicies(resource, items);
        return tuned.isEmpty() ? record
                : Optional.of(record.orElseGet(() -> IncidentRecord.blank(resource)).withPolicyChanges(tuned));
    }

    private static Optional<IncidentRecord> withoutPolicies(ResourceId resource, List<Map<String, AttributeValue>> items) {
        Map<String, AttributeValue> incident = null;
        List<CapacityChange> changes = new ArrayList<>();
        Map<String, AttributeValue> insightsItem = null;
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("sk").s();
            if (sk.equals(INCIDENT + resource)) {
                incident = item;
            } else if (sk.equals(INSIGHTS + resource)) {
                insightsItem = item;
            } else if (sk.startsWith(CAPACITY + resource + "#")) {
                changes.add(new CapacityChange(resource,
                        Operation.valueOf(sk.substring(sk.lastIndexOf('#') + 1)),
                        ActionType.valueOf(item.get("changeType").s()),
                        number(item, "preIncidentValue"),
                        item.containsKey("preIncidentMaximum") ? number(item, "preIncidentMaximum") : null,
                        number(item, "lastValue"),
                        Instant.ofEpochMilli(number(item, "lastChangedAt")),
                        item.containsKey("othersValue")
                                ? new OthersChange(number(item, "othersValue"), instant(item, "othersSeenAt")) : null));
            }
        }
        boolean insights = insightsItem != null;
        if (incident == null && changes.isEmpty() && !insights) {
            return Optional.empty();
        }
        return Optional.of(new IncidentRecord(resource,
                instant(incident, "startedAt"),
                instant(incident, "lastAlarmAt"),
                instant(incident, "okAt"),
                incident != null && incident.containsKey("alarms") ? Set.copyOf(incident.get("alarms").ss()) : Set.of(),
                incident != null && incident.containsKey("signals") ? Set.copyOf(incident.get("signals").ss()) : Set.of(),
                changes,
                insights,
                incident != null && incident.containsKey("alarmedPeaks")
                        ? incident.get("alarmedPeaks").ns().stream().mapToDouble(Double::parseDouble).max().orElseThrow()
                        : null,
                instant(insightsItem, "enabledAt"),
                insightsItem != null && insightsItem.containsKey("mode") ? insightsItem.get("mode").s() : null));
    }
}
