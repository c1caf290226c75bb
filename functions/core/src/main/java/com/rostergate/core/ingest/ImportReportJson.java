package com.rostergate.core.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code summary.json} of an import (contracts/import-report.schema.json): the ledger record plus
 * {@code rows_unaccounted}.
 */
public final class ImportReportJson {

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ImportReportJson() {}

    public static byte[] of(ImportRecord record) {
        ObjectNode summary = JSON.valueToTree(record);
        summary.put("rows_unaccounted", record.rowsUnaccounted());
        try {
            return JSON.writeValueAsBytes(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ledger record always serialises", e);
        }
    }
}
