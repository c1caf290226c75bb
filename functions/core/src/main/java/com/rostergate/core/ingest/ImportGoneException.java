package com.rostergate.core.ingest;

/** A batch's import has no ledger item (it was deleted): nothing can count the batch, however often it is tried. */
public final class ImportGoneException extends RuntimeException {
    public ImportGoneException(BatchMessage message) {
        super("import " + message.importId() + " is not in the ledger (its item was deleted): batch " + message.batch()
                + " cannot be counted and goes to the dead-letter queue");
    }
}
