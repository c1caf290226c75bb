package com.rostergate.core.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.rostergate.core.ingest.ImportMode;
import java.io.IOException;
import java.util.List;

/**
 * What an upload would change, computed from the file and the roster as it was before the upload
 * ({@code reports/<importId>/plan.json}). Employees: {@code added} (in the file, not in the roster),
 * {@code updated} / {@code unchanged} (in both, values differ / equal), {@code removed} (current
 * employees the upload removes: a delete row names them, or a full file does not hold them and no
 * rejected row names them), {@code kept} (current employees whose row was rejected: they stay as they
 * are). {@code syncRemovals} lists every phone a full upload removes for not being in the file (the
 * finaliser applies exactly these); {@code explicitRemovals} counts delete rows naming a current
 * employee. The samples hold the first entries of each list, for people to read.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportPlan(
        ImportMode mode,
        long rosterSize,
        long added,
        long updated,
        long unchanged,
        long removed,
        long explicitRemovals,
        long kept,
        long rowsRejected,
        List<Entry> addedSample,
        List<Entry> updatedSample,
        List<Entry> removedSample,
        List<Entry> keptSample,
        List<String> syncRemovals) {

    /** How many entries of each list the samples hold. */
    public static final int SAMPLE = 20;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** One employee in a list: who they are (the phone is the key). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String phone, String employeeId, String name) {}

    public ImportPlan {
        addedSample = List.copyOf(addedSample);
        updatedSample = List.copyOf(updatedSample);
        removedSample = List.copyOf(removedSample);
        keptSample = List.copyOf(keptSample);
        syncRemovals = List.copyOf(syncRemovals);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan always serialises", e);
        }
    }

    public static ImportPlan fromJson(byte[] json) throws IOException {
        return JSON.readValue(json, ImportPlan.class);
    }
}
