package com.rostergate.core.ingest.memory;

import com.rostergate.core.ingest.ImportLifecycleEvent;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.port.OutcomeEvents;
import com.rostergate.core.telemetry.JsonLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The event bus in memory: the lifecycle events published, in order. */
public final class RecordedEvents implements OutcomeEvents {

    private final List<ImportLifecycleEvent> events = new ArrayList<>();

    @Override
    public synchronized Optional<String> publish(ImportRecord record, JsonLog log) {
        Optional<ImportLifecycleEvent> event = ImportLifecycleEvent.of(record, InMemoryRosterFiles.BUCKET);
        event.ifPresent(events::add);
        return event.map(published -> "event-" + events.size());
    }

    public synchronized List<ImportLifecycleEvent> events() {
        return List.copyOf(events);
    }
}
