package com.rostergate.local.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The fields EventBridge puts around every event; the caller adds {@code resources} and {@code detail}. */
final class EventEnvelope {

    private EventEnvelope() {}

    static ObjectNode of(String id, String source, String detailType, String accountId, String region, Instant time) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("version", "0");
        event.put("id", id);
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", accountId);
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        return event;
    }
}
