package com.rostergate.core.ingest.memory;

import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.port.ReportStore;
import com.rostergate.core.plan.ImportPlan;
import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The reports in memory; a plan goes through its JSON form, as in the bucket. */
public final class InMemoryReports implements ReportStore {

    private final Map<String, byte[]> plans = new HashMap<>();
    private final Map<String, ImportRecord> summaries = new HashMap<>();
    private final Map<String, List<String>> rejects = new HashMap<>();

    @Override
    public String keyOf(Report report, String importId) {
        return "reports/" + importId + "/" + report.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized void putPlan(String importId, ImportPlan plan) {
        plans.put(importId, plan.toJson());
    }

    @Override
    public synchronized ImportPlan plan(String importId) throws java.io.IOException {
        byte[] json = plans.get(importId);
        if (json == null) {
            throw new FileNotFoundException("no plan for " + importId);
        }
        return ImportPlan.fromJson(json);
    }

    @Override
    public synchronized void putSummary(ImportRecord record) {
        summaries.put(record.importId(), record);
    }

    public synchronized ImportRecord summary(String importId) {
        return summaries.get(importId);
    }

    /** The rejects report's lines ("line: reason"), null when none was stored. */
    public synchronized List<String> rejects(String importId) {
        return rejects.get(importId);
    }

    @Override
    public Rejects openRejects(String importId) {
        List<String> lines = new ArrayList<>();
        return new Rejects() {
            @Override
            public void header(List<String> columns) {}

            @Override
            public void reject(long line, String[] fields, String reason) {
                lines.add(line + ": " + reason);
            }

            @Override
            public void complete() {
                synchronized (InMemoryReports.this) {
                    rejects.put(importId, lines);
                }
            }

            @Override
            public void abort() {}
        };
    }
}
