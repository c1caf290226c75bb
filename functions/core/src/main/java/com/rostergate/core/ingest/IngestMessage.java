package com.rostergate.core.ingest;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A message on the ingest queue (contract: {@code contracts/roster-batch-message.schema.json}):
 * a batch of rows to write, or the signal to finalise an import whose batches are all settled.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BatchMessage.class, name = "BATCH"),
    @JsonSubTypes.Type(value = FinalizeMessage.class, name = "FINALIZE")
})
public sealed interface IngestMessage permits BatchMessage, FinalizeMessage {

    int VERSION = 1;

    String importId();

    String revision();

    ImportMode mode();
}
