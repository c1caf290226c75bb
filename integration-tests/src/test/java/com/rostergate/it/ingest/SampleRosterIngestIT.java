package com.rostergate.it.ingest;

import static com.rostergate.it.ingest.IngestStack.assertSettledAndReconciled;
import static com.rostergate.it.ingest.IngestStack.assertStatus;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.fixtures.lambda.LocalContext;
import com.rostergate.splitter.SplitterHandler;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** Each sample roster through the real pipeline on the local stack, checked row by row in the table and the reports. */
class SampleRosterIngestIT {

    @RegisterExtension
    static final IngestStack stack = IngestStack.withRealHandlers();

    @Test
    void theCp949ExcelExportBecomesTheRoster() throws Exception {
        stack.resetTo(new Roster(List.of()));
        ImportRecord record =
                stack.upload("rosters/full/employees-cp949.csv", IngestStack.sample("employees-cp949.csv"));

        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals("CP949", record.encoding());
        assertEquals(30, record.rowsRead());
        assertEquals(30, record.rowsWritten());
        assertEquals(2, record.batchesWritten());
        Map<String, Map<String, AttributeValue>> table = stack.employees();
        Roster.cp949Sample().assertIsTheTable(table);
        Map<String, AttributeValue> minjun = table.get("+821022223333");
        assertEquals("김민준", minjun.get("name").s());
        assertEquals("개발팀", minjun.get("department").s());
        assertEquals(record.importId(), minjun.get("import_id").s());
        assertEquals(record.revision(), minjun.get("import_revision").s());

        JsonNode summary = stack.summary(record);
        assertEquals("COMPLETE", summary.get("status").asText());
        assertEquals(0, summary.get("rows_unaccounted").asLong());
        List<String[]> rejects = stack.rejects(record);
        assertEquals(1, rejects.size(), "only the header: nothing was rejected");
        assertArrayEquals(new String[] {"line", "reason", "사번", "이름", "부서", "직급", "휴대폰", "이메일"}, rejects.get(0));
    }

    @Test
    void theUtf8ExportWithEnglishHeadersAddsItsEmployeesAsADelta() throws Exception {
        stack.resetTo(Roster.cp949Sample());
        ImportRecord record =
                stack.upload("rosters/delta/employees-utf8-bom.csv", IngestStack.sample("employees-utf8-bom.csv"));

        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals("UTF-8 BOM", record.encoding());
        assertEquals(20, record.rowsWritten());
        Map<String, Map<String, AttributeValue>> table = stack.employees();
        assertEquals(50, table.size(), "a delta removes nobody");
        List<String[]> file =
                csv(new String(IngestStack.sample("employees-utf8-bom.csv"), StandardCharsets.UTF_8).substring(1));
        for (String[] row : file.subList(1, file.size())) {
            Map<String, AttributeValue> item =
                    table.get(new PhoneNormaliser().normalise(row[4]).e164());
            assertEquals(
                    Map.of(
                            "employee_id",
                            row[0],
                            "name",
                            row[1],
                            "department",
                            row[2],
                            "position",
                            row[3],
                            "email",
                            row[5]),
                    Map.of(
                            "employee_id",
                            item.get("employee_id").s(),
                            "name",
                            item.get("name").s(),
                            "department",
                            item.get("department").s(),
                            "position",
                            item.get("position").s(),
                            "email",
                            item.get("email").s()),
                    row[0]);
            assertEquals(
                    Map.of("hire_date", AttributeValue.fromS(row[6])),
                    item.get("extra").m(),
                    "an unknown column is kept");
        }
        assertEquals("Sales, APAC", table.get("+821041000003").get("department").s());
    }

    @Test
    void everyBadRowIsReportedWithItsLineValuesAndReasonAndTheGoodOnesLand() throws Exception {
        stack.resetTo(Roster.cp949Sample());
        ImportRecord record = stack.upload("rosters/delta/bad-rows.csv", IngestStack.sample("bad-rows.csv"));

        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals(17, record.rowsRead());
        assertEquals(9, record.rowsRejected());
        assertEquals(1, record.rowsDuplicate());
        assertEquals(7, record.rowsWritten());

        List<String[]> rejects = stack.rejects(record);
        Map<Long, String> reasons = new LinkedHashMap<>();
        rejects.subList(1, rejects.size()).forEach(row -> reasons.put(Long.parseLong(row[0]), row[1]));
        assertEquals(expectedBadRows(), reasons, "rejects.csv says what sample-data/README.md says");
        String[] shifted =
                rejects.stream().filter(row -> row[0].equals("8")).findFirst().orElseThrow();
        assertArrayEquals(
                new String[] {
                    "8", reasons.get(8L), "B007", "조하준", "개발팀", "대리", "010", "7000-0007", "hajun.cho@example.com"
                },
                shifted,
                "the original values, all seven of them");
        String[] tooLarge =
                rejects.stream().filter(row -> row[0].equals("14")).findFirst().orElseThrow();
        assertEquals(9100, tooLarge[7].length(), "a long value is reported whole");

        Map<String, Map<String, AttributeValue>> table = stack.employees();
        assertEquals(37, table.size());
        assertEquals(
                "minseo.jang@example.com",
                table.get("+821070000009").get("email").s(),
                "the later row of a phone wins");
        assertEquals("기획팀, 전략파트", table.get("+821070000010").get("department").s());
        assertEquals(
                "\"JH\" junho.lim@example.com",
                table.get("+821070000010").get("email").s());
        assertEquals("개발팀\n플랫폼파트", table.get("+821070000013").get("department").s());
        assertEquals("신동현", table.get("+16502530000").get("name").s());
        assertEquals("문지호", table.get("+821070000016").get("name").s());
        assertFalse(table.containsKey("+821070000006"), "a row with a missing field is not written");
    }

    @Test
    void aRejectsReportLargerThanOnePartIsStreamedAsAMultipartUpload() throws Exception {
        String memo = "사유: 휴대폰 번호 누락 확인 요망 ".repeat(4);
        StringBuilder file = new StringBuilder("사번,이름,휴대폰,메모\r\n");
        for (int i = 0; i < 70_000; i++) {
            file.append("X")
                    .append(i)
                    .append(",이름")
                    .append(i)
                    .append(",010-12-")
                    .append(i % 10_000)
                    .append(',')
                    .append(memo)
                    .append("\r\n");
        }
        ImportRecord record =
                stack.upload("rosters/delta/all-invalid.csv", file.toString().getBytes(StandardCharsets.UTF_8));

        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals(70_000, record.rowsRejected());
        assertEquals(0, record.batchesTotal());
        long size = stack.stack
                .s3()
                .headObject(r -> r.bucket(stack.bucket).key(record.rejectsKey()))
                .contentLength();
        assertTrue(size > 5 * 1024 * 1024, "more than one 5 MiB part: " + size);
        List<String[]> rejects = stack.rejects(record);
        assertEquals(70_001, rejects.size());
        assertArrayEquals(
                new String[] {"70001", "invalid phone number", "X69999", "이름69999", "010-12-9999", memo.strip()},
                rejects.get(70_000));
    }

    @Test
    void aDeltaRemovesTheRowsItsStatusColumnMarksAndReplacesTheOthers() throws Exception {
        stack.resetTo(Roster.cp949Sample());
        String delta = String.join(
                "\r\n",
                "휴대폰,이름,부서,상태",
                "010-2222-3333,김민준,개발팀,퇴사",
                "010-3333-4444,이서연,인사팀,delete",
                "010-4444-5555,박지훈,전략팀,재직",
                "010-9999-0001,신입사원,개발팀,",
                "010-9999-0002,없는사람,,삭제",
                "");
        ImportRecord record = stack.upload("rosters/delta/changes.csv", delta.getBytes(StandardCharsets.UTF_8));

        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals(3, record.rowsDeleted());
        assertEquals(2, record.rowsWritten());
        Map<String, Map<String, AttributeValue>> table = stack.employees();
        assertEquals(29, table.size());
        assertFalse(table.containsKey("+821022223333"));
        assertFalse(table.containsKey("+821033334444"));
        assertEquals("전략팀", table.get("+821044445555").get("department").s());
        assertEquals(
                Map.of("상태", AttributeValue.fromS("재직")),
                table.get("+821044445555").get("extra").m());
        assertNull(table.get("+821044445555").get("employee_id"), "a delta row replaces the whole employee record");
        assertEquals("신입사원", table.get("+821099990001").get("name").s());
    }

    @Test
    void theSameEventDeliveredTwiceMakesOneImport() throws Exception {
        stack.resetTo(Roster.cp949Sample());
        String key = "rosters/full/employees-cp949.csv";
        stack.upload(key, IngestStack.sample("employees-cp949.csv"));
        HeadObjectResponse head =
                stack.stack.s3().headObject(r -> r.bucket(stack.bucket).key(key));
        byte[] event = objectCreatedEvent(key, head);
        Map<String, String> env = stack.stack.functionEnvironment("SplitterFunction");

        // two Lambda environments get the same event at the same time, and a third later
        List<CompletableFuture<JsonNode>> deliveries = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SplitterHandler handler = new SplitterHandler(env);
            deliveries.add(CompletableFuture.supplyAsync(() -> invoke(handler, event)));
        }
        List<String> ids = deliveries.stream()
                .map(CompletableFuture::join)
                .map(answer -> answer.get("import_id").asText())
                .distinct()
                .toList();
        assertEquals(1, ids.size(), "both deliveries name one import");
        stack.stack.awaitIdle(IngestStack.IDLE);
        JsonNode third = invoke(new SplitterHandler(env), event);
        assertEquals(ids.get(0), third.get("import_id").asText());
        assertEquals("COMPLETE", third.get("status").asText());
        stack.stack.awaitIdle(IngestStack.IDLE);

        ImportRecord record = stack.ledger.get(ids.get(0));
        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals(30, record.rowsRead(), "rows are counted once");
        assertEquals(30, record.rowsWritten(), "rows are counted once");
        assertEquals(2, record.batchesWritten());
        assertEquals(0, record.employeesRemoved());
        Roster.cp949Sample().assertIsTheTable(stack.employees());
    }

    /** An EventBridge "Object Created" event for the object's current version, with a sequencer of its own. */
    private static byte[] objectCreatedEvent(String key, HeadObjectResponse head) throws IOException {
        ObjectNode event = IngestStack.JSON.createObjectNode();
        event.put("version", "0")
                .put("id", "6a7e8feb-b491-4cf7-a9f1-bf3703467718")
                .put("detail-type", "Object Created")
                .put("source", "aws.s3")
                .put("account", "000000000000")
                .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", "ap-northeast-2");
        ObjectNode detail = event.putObject("detail");
        detail.putObject("bucket").put("name", stack.bucket);
        detail.putObject("object")
                .put("key", key)
                .put("size", head.contentLength())
                .put("etag", head.eTag().replace("\"", ""))
                .put("version-id", head.versionId())
                .put("sequencer", "00FFFFFFFFFFFFFFFF");
        detail.put("reason", "PutObject");
        return IngestStack.JSON.writeValueAsBytes(event);
    }

    private static JsonNode invoke(SplitterHandler handler, byte[] event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(
                    new ByteArrayInputStream(event),
                    out,
                    LocalContext.direct("SplitterFunction", Duration.ofSeconds(900)));
            return IngestStack.JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reasons sample-data/README.md gives for bad-rows.csv, by line. */
    private static Map<Long, String> expectedBadRows() throws IOException {
        Pattern row = Pattern.compile("^\\| (\\d+) \\| [^|]* \\| [^|]* \\| `(.+)` \\|$");
        return Fixtures.text("sample-data/README.md")
                .lines()
                .map(row::matcher)
                .filter(Matcher::matches)
                .collect(Collectors.toMap(
                        m -> Long.parseLong(m.group(1)), m -> m.group(2), (a, b) -> a, LinkedHashMap::new));
    }

    private static List<String[]> csv(String text) {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setNullValue("");
        return new CsvParser(settings).parseAll(new StringReader(text));
    }
}
