package com.rostergate.core.ingest.port;

import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.plan.ImportPlan;
import java.io.IOException;
import java.util.List;

/** An import's reports: its plan, its rejected rows and its summary. */
public interface ReportStore {

    /** The reports an import has. */
    enum Report {
        SUMMARY,
        REJECTS,
        PLAN
    }

    /** Where {@code report} of the import is kept (recorded in the ledger for operators). */
    String keyOf(Report report, String importId);

    void putPlan(String importId, ImportPlan plan);

    /** The plan stored for an import. */
    ImportPlan plan(String importId) throws IOException;

    /** Writes the summary of the import as the ledger has it now. */
    void putSummary(ImportRecord record);

    /** Starts streaming the rejects report of an import. */
    Rejects openRejects(String importId);

    /** The rejects report being written; {@link #complete()} stores it, {@link #abort()} stores nothing. */
    interface Rejects {
        void header(List<String> columns);

        void reject(long line, String[] fields, String reason);

        void complete();

        void abort();
    }
}
