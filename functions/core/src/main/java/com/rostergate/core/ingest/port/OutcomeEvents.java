package com.rostergate.core.ingest.port;

import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.telemetry.JsonLog;
import java.util.Optional;

/** Tells other systems the outcome an import reached; never undoes or blocks the import. */
public interface OutcomeEvents {

    /** Publishes the outcome of {@code record}; the event's id, or empty when there is none or it was not published. */
    Optional<String> publish(ImportRecord record, JsonLog log);
}
