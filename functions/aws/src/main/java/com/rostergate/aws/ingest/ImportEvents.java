package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.ImportLifecycleEvent;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.port.OutcomeEvents;
import com.rostergate.core.telemetry.JsonLog;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Tells other systems an import's outcome: puts its {@link ImportLifecycleEvent} on the event bus
 * with PutEvents (contracts/import-lifecycle-event.schema.json). The import has already happened by
 * then, so publishing never undoes or blocks it: a refused or unreachable EventBridge is retried
 * briefly, then given up with a log line, and nothing is thrown.
 */
public final class ImportEvents implements OutcomeEvents {

    /** Publishing one event, retries included, stays well inside the handlers' reserves (the writer keeps 5 s). */
    static final long PUBLISH_BUDGET_MILLIS = 3000;

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);
    /**
     * The entry errors PutEvents documents as retryable; the others (InvalidArgument, MalformedDetail,
     * AccessDeniedException...) are final.
     */
    private static final Set<String> TRANSIENT_ENTRY_ERRORS = Set.of("ThrottlingException", "InternalFailure");

    private final EventBridgeClient eventBridge;
    private final String eventBusName;
    private final String reportsBucket;

    public ImportEvents(EventBridgeClient eventBridge, String eventBusName, String reportsBucket) {
        this.eventBridge = eventBridge;
        this.eventBusName = IngestConfig.require(eventBusName, "EVENT_BUS_NAME");
        this.reportsBucket = IngestConfig.require(reportsBucket, "REPORTS_BUCKET");
    }

    /**
     * Publishes the outcome {@code record} (as the ledger has it after its transition) has reached.
     * Returns the event's id, or empty when the import is still under way or the event could not be
     * published (then said on {@code log}).
     */
    @Override
    public Optional<String> publish(ImportRecord record, JsonLog log) {
        Optional<ImportLifecycleEvent> event = ImportLifecycleEvent.of(record, reportsBucket);
        if (event.isEmpty()) {
            return Optional.empty();
        }
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .eventBusName(eventBusName)
                .source(ImportLifecycleEvent.SOURCE)
                .detailType(event.get().detailType())
                .detail(event.get().detailJson())
                .build();
        try {
            return Optional.of(Retrying.call(
                    "PutEvents to " + eventBusName, Deadline.in(PUBLISH_BUDGET_MILLIS, 0), () -> put(entry)));
        } catch (GaveUpException | RuntimeException e) {
            log.warn("event-not-published")
                    .message("the import itself stands")
                    .field("detailType", entry.detailType())
                    .field("reason", e.getMessage())
                    .write();
            return Optional.empty();
        }
    }

    /** One PutEvents call: the event's id, null to try again (a transient entry error), or a refusal. */
    private String put(PutEventsRequestEntry entry) throws GaveUpException {
        // Short per call (the function's clients may allow longer): publishing never holds up the import.
        PutEventsResponse response = eventBridge.putEvents(
                request -> request.entries(entry).overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT)));
        PutEventsResultEntry result = response.entries().get(0); // one result per entry, in order
        if (response.failedEntryCount() == 0) {
            return result.eventId();
        }
        if (TRANSIENT_ENTRY_ERRORS.contains(result.errorCode())) {
            return null;
        }
        throw new GaveUpException(
                "PutEvents refused the event: " + result.errorCode() + ": " + result.errorMessage(), null);
    }
}
