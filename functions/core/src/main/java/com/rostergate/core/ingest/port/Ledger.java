package com.rostergate.core.ingest.port;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.BatchState;
import com.rostergate.core.ingest.ImportChanges;
import com.rostergate.core.ingest.ImportIdentity;
import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.StuckImports;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The import ledger: one {@link ImportRecord} per import, the state of each of its batches, and the "latest
 * upload" pointers. Every change is conditional, so concurrent and repeated deliveries count once. The
 * ledger stamps {@code updated_at} (and {@code finished_at}) from its own clock.
 */
public interface Ledger {

    /** Settlements per {@link #settle} call. */
    int MAX_SETTLEMENTS = 25;

    /** The newest uploads the ledger knows of; a null revision means none yet. */
    record Latest(String fullRevision, String fullImportId, String anyRevision, String anyImportId) {
        public boolean fullNewerThan(String revision) {
            return fullRevision != null && fullRevision.compareTo(revision) > 0;
        }

        public boolean anyNewerThan(String revision) {
            return anyRevision != null && anyRevision.compareTo(revision) > 0;
        }
    }

    /**
     * A batch's move from {@code from} to {@code to}, with what its attempt achieved. {@code from} null
     * or FAILING both mean "not counted yet" and match either (they change the counters alike).
     */
    record Settlement(BatchMessage message, BatchState from, BatchState to, BatchState.Tally tally, String error) {}

    /** The import, or null when the ledger has none of that id. */
    ImportRecord get(String importId);

    /** Writes a new import; false when the import already exists. */
    boolean create(ImportRecord record);

    /** Moves an import from one of {@code from} to {@code to} with {@code changes}; false when in none of them. */
    boolean transition(String importId, Set<ImportStatus> from, ImportStatus to, ImportChanges changes);

    /**
     * Records what a full import's sync counts, while it is FINALIZING; the first count stays (a duplicate
     * step must not shrink it, nor reset {@code employees_removed}). False when it is no longer FINALIZING.
     */
    boolean recordCount(String importId, long rosterSize, long removalCandidates);

    /** Records the upload as the newest (of its mode and of all) unless a newer one is; returns the pointers after. */
    Latest claimLatest(ImportIdentity identity, ImportMode mode);

    Latest latest();

    /** Imports started at or after {@code since} in one of {@code statuses}, newest first. */
    List<ImportRecord> startedSince(Instant since, Set<ImportStatus> statuses);

    /**
     * Whether an import other than {@code importId}, started within {@link StuckImports#LOOKBACK} of the
     * ledger's clock, is not final yet (it may have writes in flight).
     */
    boolean anyUnsettledBesides(String importId);

    /** The recorded state of a batch, or null when no attempt has recorded anything yet. */
    BatchState batchState(String importId, int batch);

    /**
     * Moves each batch from its {@code from} to its {@code to} and changes the imports' counters by the sum,
     * atomically and only if every batch is still in its {@code from}; false (nothing changed) otherwise.
     * At most {@link #MAX_SETTLEMENTS} settlements, of different batches.
     */
    boolean settle(List<Settlement> settlements);

    /** Records a failed attempt the queue will retry (no counter changes); a batch already settled is left alone. */
    void noteFailure(BatchMessage message, String error);
}
