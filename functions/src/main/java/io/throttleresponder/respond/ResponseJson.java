package io.throttleresponder.respond;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Response;
import io.throttleresponder.summary.HotKeySummary;
import io.throttleresponder.summary.RankedKey;

/** The one JSON form of a response: the handler's output, the local runner's line and the ledger's record. */
public final class ResponseJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseJson() {}

    public static ObjectNode toJson(Response response) {
        ObjectNode node = JSON.createObjectNode();
        node.put("delivery", response.delivery() == null ? null : response.delivery().name());
        node.put("alarm", response.alarm());
        node.put("state", response.state() == null ? null : response.state().name());
        node.put("outcome", response.outcome().name());
        node.put("reason", response.reason());
        Incident incident = response.incident();
        if (incident == null) {
            node.putNull("incident");
        } else {
            ObjectNode i = node.putObject("incident");
            i.put("table", incident.resource().table());
            i.put("index", incident.resource().index());
            i.put("operation", incident.operation() == null ? null : incident.operation().name());
            i.put("cause", incident.cause().name());
        }
        ArrayNode actions = node.putArray("actions");
        response.actions().forEach(action -> actions.add(toJson(action)));
        ArrayNode findings = node.putArray("findings");
        response.findings().forEach(findings::add);
        if (response.message() != null) {
            node.putObject("message").put("subject", response.message().subject())
                    .put("severity", response.message().severity().name());
        }
        return node;
    }

    public static ObjectNode toJson(Action action) {
        ObjectNode a = JSON.createObjectNode();
        a.put("type", action.type().name());
        a.put("resource", action.resource().toString());
        a.put("dimension", action.dimension() == null ? null : action.dimension().name());
        a.put("from", action.from());
        a.put("to", action.to());
        a.put("status", action.status().name());
        a.put("reason", action.reason());
        return a;
    }

    /** A hot-key summary as the local runner reports it. */
    public static ObjectNode toJson(HotKeySummary summary) {
        ObjectNode s = JSON.createObjectNode();
        s.put("resource", summary.resource().toString());
        s.put("rule", summary.rule());
        ArrayNode keys = s.putArray("topKeys");
        for (RankedKey key : summary.topKeys()) {
            keys.addObject().put("key", key.key()).put("value", key.value()).put("share", key.share());
        }
        s.put("recommendation", summary.recommendation());
        return s;
    }
}
