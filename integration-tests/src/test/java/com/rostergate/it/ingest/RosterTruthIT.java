package com.rostergate.it.ingest;

import static com.rostergate.it.ingest.IngestStack.assertSettledAndReconciled;
import static com.rostergate.it.ingest.IngestStack.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.aws.ingest.ImportReports;
import com.rostergate.cli.RosterCtl;
import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.ingest.ImportRecord;
import com.rostergate.core.ingest.ImportStatus;
import com.rostergate.core.ingest.IngestMessage;
import com.rostergate.core.ingest.IngestMessages;
import com.rostergate.core.plan.ImportPlan;
import com.rostergate.core.roster.RosterRow;
import com.rostergate.core.roster.RowAction;
import com.rostergate.fixtures.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's cases on the local stack, end to end: only current employees verify, and no upload silently
 * removes employees, admits outsiders or brings back people who left. Operators act through rosterctl.
 */
class RosterTruthIT {

    @RegisterExtension
    static final IngestStack stack =
            IngestStack.with(builder -> builder.kakaoProfiles(Fixtures.file("sample-data/kakao-profiles.json")));

    private static final Roster STAFF = Roster.numbered(0, 3000, "영업팀");
    private static final Roster THIRTY = Roster.cp949Sample();
    /** 김민준 in the sample roster: the fake Kakao's demo-employee-token profile. */
    private static final String MINJUN = "+821022223333";

    @TempDir
    static Path temp;

    /** Case 1: 30 of 3,000 rows have a phone typo. Those 30 employees stay, and the report lists them as kept. */
    @Test
    void rowsWithAPhoneTypoKeepTheirEmployees() throws Exception {
        stack.resetTo(STAFF);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < STAFF.people().size(); i++) {
            Roster.Person person = STAFF.people().get(i);
            String phone = i % 100 == 7 ? "010-3100-" + i % 100 : person.phone(); // 30 rows: a digit short
            lines.add(String.join(
                    ",",
                    person.employeeId(),
                    person.name(),
                    person.department(),
                    person.position(),
                    phone,
                    person.email()));
        }

        ImportRecord record = stack.upload("rosters/full/typos.csv", csv(lines));

        assertStatus(ImportStatus.COMPLETE, record);
        assertSettledAndReconciled(record);
        assertEquals(30, record.rowsRejected());
        assertEquals(30, record.employeesKept());
        assertEquals(0, record.removalCandidates());
        assertEquals(0, record.employeesRemoved());
        STAFF.assertIsTheTable(stack.employees());
        ImportPlan plan = plan(record);
        assertEquals(30, plan.kept());
        assertEquals(ImportPlan.SAMPLE, plan.keptSample().size());
        assertEquals("T00007", plan.keptSample().get(0).employeeId());
        assertEquals(31, stack.rejects(record).size(), "the header and the 30 rejected rows");
        Cli show = rosterctl("imports", "show", record.importId());
        assertTrue(show.out.contains("keeps 30"), show.out);
        assertTrue(show.out.contains("keeps (row rejected) 30, the first 20:"), show.out);
    }

    /**
     * Case 2: the wrong file - 15,000 people, 600 of them current - uploaded as the full roster of 3,000. The
     * guard judges the plan on the roster before the upload, and a guarded plan changes nothing; rejected, it
     * is discarded.
     */
    @Test
    void theWrongFileChangesNothingUntilConfirmedAndCanBeRejected() throws Exception {
        stack.resetTo(STAFF);
        List<String> lines = new ArrayList<>();
        STAFF.first(600).people().forEach(person -> lines.add(person.csv()));
        IntStream.range(0, 14_400)
                .forEach(i -> lines.add(String.format(
                        Locale.ROOT, "X%05d,외부인,협력사,사원,010-4%03d-%04d,x%d@example.com", i, i / 10_000, i % 10_000, i)));

        ImportRecord record = stack.upload("rosters/full/wrong-file.csv", csv(lines));

        assertStatus(ImportStatus.GUARDED, record);
        assertEquals(3000, record.rosterSize(), "the roster as it was before the upload");
        assertEquals(2400, record.removalCandidates());
        assertEquals(14_400, record.employeesAdded());
        assertEquals(600, record.employeesUnchanged());
        assertEquals(0, record.rowsWritten());
        assertEquals(0, record.batchesTotal(), "nothing was sent to the writers");
        STAFF.assertIsTheTable(stack.employees());
        assertTrue(
                record.error().startsWith("removal guard: this upload would remove 2400 of 3000 employees (80.0%)"),
                record.error());
        Cli show = rosterctl("imports", "show", record.importId());
        assertTrue(show.out.contains("adds 14,400, updates 0, leaves 600 unchanged, removes 2,400"), show.out);
        assertTrue(show.out.contains("adds 14,400, the first 20:"), show.out);
        assertTrue(show.out.contains("+82******0000"), "phones are masked: " + show.out);

        Cli rejected = rosterctl("imports", "reject", record.importId(), "--yes");
        assertEquals(0, rejected.code, rejected.toString());
        assertStatus(ImportStatus.DISCARDED, stack.ledger.get(record.importId()));
        Cli confirm = rosterctl("imports", "confirm", record.importId(), "--yes");
        assertEquals(2, confirm.code, confirm.toString());
        assertTrue(confirm.err.contains("is DISCARDED, not waiting for confirmation"), confirm.toString());
        STAFF.assertIsTheTable(stack.employees());
    }

    /** An addition beyond AdditionGuardPercent (50) waits too, and confirming it applies exactly the plan. */
    @Test
    void aGuardedAdditionIsAppliedByConfirm() throws Exception {
        stack.resetTo(THIRTY);
        Roster doubled = THIRTY.plus(Roster.numbered(0, 16, "신입"));
        ImportRecord record = stack.upload("rosters/full/doubled.csv", doubled.csv());
        assertStatus(ImportStatus.GUARDED, record);
        assertEquals(16, record.employeesAdded());
        assertTrue(
                record.error().startsWith("addition guard: this full roster would add 16 employees to 30 (53.3%)"),
                record.error());
        THIRTY.assertIsTheTable(stack.employees());

        Cli confirmed = rosterctl("imports", "confirm", record.importId(), "--yes");

        assertEquals(0, confirmed.code, confirmed.toString());
        assertTrue(confirmed.out.contains(": COMPLETE"), confirmed.out);
        ImportRecord applied = stack.ledger.get(record.importId());
        assertSettledAndReconciled(applied);
        assertEquals(46, applied.rowsWritten());
        doubled.assertIsTheTable(stack.employees());
    }

    /**
     * Case 3: removals stick whatever the delivery order. A delete row and a full roster's removal leave
     * tombstones; an older import's batch delivered again afterwards (a retry, an SQS duplicate, a DLQ replay)
     * brings nobody back, and the verifier answers FAIL for them. A newer upload may add them again.
     */
    @Test
    void aRemovedEmployeeStaysRemovedWhenAnOlderBatchArrivesLate() throws Exception {
        ImportRecord older = stack.resetTo(THIRTY);
        assertEquals(
                0, rosterctl("skill-test", "--otp-token", "demo-employee-token", "--app-user-id", "2113105765").code);
        ImportRecord leaver = stack.upload(
                "rosters/delta/leaver.csv", "휴대폰,상태\r\n010-2222-3333,퇴사\r\n".getBytes(StandardCharsets.UTF_8));
        assertStatus(ImportStatus.COMPLETE, leaver);
        assertEquals(1, leaver.rowsDeleted());
        Roster.Person seoyeon = THIRTY.people().get(1);
        ImportRecord full = stack.upload(
                "rosters/full/without-seoyeon.csv", THIRTY.without(0, 1).csv(), Map.of("force", "true"));
        assertStatus(ImportStatus.COMPLETE, full);
        assertEquals(1, full.employeesRemoved(), "이서연 left; 김민준 was removed already");

        // The older import's first batch once more, as a DLQ replay sends it: both people are in it.
        Roster.Person minjun = THIRTY.people().get(0);
        send(new BatchMessage(
                IngestMessage.VERSION,
                older.importId(),
                older.revision(),
                ImportMode.FULL,
                1,
                List.of(row(2, minjun), row(3, seoyeon))));
        stack.stack.awaitIdle(IngestStack.IDLE);

        THIRTY.without(0, 1).assertIsTheTable(stack.employees());
        assertEquals(older, stack.ledger.get(older.importId()), "the late copy counted nothing again");
        assertEquals(1, rosterctl("lookup", "010-2222-3333").code, "a tombstone is not in the roster");
        Cli verified =
                rosterctl("--json", "skill-test", "--otp-token", "demo-employee-token", "--app-user-id", "2113105765");
        assertEquals(1, verified.code, verified.toString());
        assertTrue(verified.out.contains("\"FAIL\""), verified.out);

        ImportRecord rehired =
                stack.upload("rosters/delta/rehired.csv", THIRTY.first(1).csv());
        assertStatus(ImportStatus.COMPLETE, rehired);
        assertTrue(stack.employees().containsKey(MINJUN), "a newer upload brings them back");
        assertEquals(
                0, rosterctl("skill-test", "--otp-token", "demo-employee-token", "--app-user-id", "2113105765").code);
    }

    /** Case 5: a delta whose status column marks 600 of 1,000 as leavers is guarded like a full roster. */
    @Test
    void mostOfTheRosterMarkedAsLeaversWaitsForConfirmation() throws Exception {
        Roster thousand = STAFF.first(1000);
        stack.resetTo(thousand);
        List<String> lines = thousand.first(600).people().stream()
                .map(person -> person.phone() + ",퇴사")
                .collect(Collectors.toList());

        ImportRecord record = stack.upload("rosters/delta/leavers.csv", csv("휴대폰,상태", lines));

        assertStatus(ImportStatus.GUARDED, record);
        assertEquals(600, record.removalCandidates());
        assertEquals(0, record.rowsDeleted());
        thousand.assertIsTheTable(stack.employees());
    }

    /**
     * rosterctl import --plan: a dry run; confirm applies exactly the planned file version, refused once it is gone.
     */
    @Test
    void aDryRunChangesNothingAndConfirmAppliesThePlannedVersion() throws Exception {
        stack.resetTo(THIRTY);
        Path fewer = Files.write(temp.resolve("fewer.csv"), THIRTY.without(2).csv());
        Cli planned = rosterctl("import", fewer.toString(), "--plan", "--wait");
        assertEquals(0, planned.code, planned.toString());
        assertTrue(planned.out.contains(": PLANNED (FULL"), planned.out);
        THIRTY.assertIsTheTable(stack.employees());
        ImportRecord record = stack.latestImportOf("rosters/full/fewer.csv");
        assertNull(record.employeesRemoved());
        assertEquals(1, plan(record).removed());

        Cli confirmed = rosterctl("imports", "confirm", record.importId(), "--yes");
        assertEquals(0, confirmed.code, confirmed.toString());
        THIRTY.without(2).assertIsTheTable(stack.employees());

        stack.resetTo(THIRTY);
        Roster newcomer = Roster.numbered(0, 1, "신입");
        ImportRecord older = stack.upload("rosters/delta/changing.csv", newcomer.csv(), Map.of("plan", "true"));
        assertStatus(ImportStatus.PLANNED, older);
        assertNotNull(older.versionId(), "the roster bucket is versioned");
        stack.upload("rosters/delta/changing.csv", THIRTY.first(1).csv()); // the key's next version (it changes nobody)
        assertEquals(0, rosterctl("imports", "confirm", older.importId(), "--yes").code);
        THIRTY.plus(newcomer).assertIsTheTable(stack.employees()); // the planned version's rows, not the key's newest

        ImportRecord gone = stack.upload(
                "rosters/delta/gone.csv", Roster.numbered(1, 1, "신입").csv(), Map.of("plan", "true"));
        assertStatus(ImportStatus.PLANNED, gone);
        stack.stack
                .s3()
                .deleteObject(r -> r.bucket(stack.bucket).key(gone.key()).versionId(gone.versionId()));
        Cli refused = rosterctl("imports", "confirm", gone.importId(), "--yes");
        assertEquals(2, refused.code, refused.toString());
        assertTrue(refused.err.contains("is gone: nothing was applied"), refused.err);
        assertStatus(ImportStatus.PLANNED, stack.ledger.get(gone.importId()));
        THIRTY.plus(newcomer).assertIsTheTable(stack.employees());
    }

    /**
     * A plan is exactly that plan only on the roster it was made from: a confirm after the roster changed is refused.
     */
    @Test
    void aPlanIsNotAppliedToARosterThatChangedSinceIt() throws Exception {
        stack.resetTo(THIRTY);
        ImportRecord planned =
                stack.upload("rosters/full/later.csv", THIRTY.without(4).csv(), Map.of("plan", "true"));
        assertStatus(ImportStatus.PLANNED, planned);
        Roster newcomer = Roster.numbered(5, 1, "신입");
        assertStatus(ImportStatus.COMPLETE, stack.upload("rosters/delta/meanwhile.csv", newcomer.csv()));

        Cli refused = rosterctl("imports", "confirm", planned.importId(), "--yes");

        assertEquals(2, refused.code, refused.toString());
        assertTrue(
                refused.err.contains(
                        "the roster changed since import " + planned.importId() + " was planned (it had 30 employees,"
                                + " now 31; the plan added 0 and removed 1, now it would add 0 and remove 2):"
                                + " nothing was applied"),
                refused.err);
        assertStatus(ImportStatus.PLANNED, stack.ledger.get(planned.importId()));
        THIRTY.plus(newcomer).assertIsTheTable(stack.employees());
    }

    /**
     * A confirm that cannot send stops within its --timeout with a clear message; run again, it resumes and completes.
     */
    @Test
    void aConfirmThatStopsIsResumedByConfirmingAgain() throws Exception {
        stack.resetTo(THIRTY);
        ImportRecord guarded =
                stack.upload("rosters/full/resumed.csv", THIRTY.first(20).csv());
        assertStatus(ImportStatus.GUARDED, guarded);
        Path unreachableQueue = temp.resolve("no-sqs.env");
        String closed = "http://127.0.0.1:" + closedPort();
        Files.write(
                unreachableQueue,
                stack.stack.endpoints().entrySet().stream()
                        .map(e -> e.getKey() + "=" + (e.getKey().equals("SQS_ENDPOINT") ? closed : e.getValue()))
                        .toList());

        Cli stopped =
                rosterctlWith(unreachableQueue, "imports", "confirm", guarded.importId(), "--yes", "--timeout", "PT3S");

        assertEquals(2, stopped.code, stopped.toString());
        assertTrue(
                stopped.err.contains("Confirming " + guarded.importId() + " stopped: ")
                        && stopped.err.contains("Nothing is lost: run rosterctl imports confirm " + guarded.importId()
                                + " again to resume"),
                stopped.err);
        ImportRecord interrupted = stack.ledger.get(guarded.importId());
        assertStatus(ImportStatus.SPLITTING, interrupted);
        assertNotNull(interrupted.confirmedAt());
        THIRTY.assertIsTheTable(stack.employees());

        Cli resumed = rosterctl("imports", "confirm", guarded.importId(), "--yes");

        assertEquals(0, resumed.code, resumed.toString());
        ImportRecord complete = stack.ledger.get(guarded.importId());
        assertStatus(ImportStatus.COMPLETE, complete);
        assertSettledAndReconciled(complete);
        assertEquals(10, complete.employeesRemoved());
        THIRTY.first(20).assertIsTheTable(stack.employees());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static RosterRow row(long line, Roster.Person person) {
        return new RosterRow(
                line,
                RowAction.PUT,
                person.e164(),
                Map.of(
                        "employee_id",
                        person.employeeId(),
                        "name",
                        person.name(),
                        "department",
                        person.department(),
                        "position",
                        person.position(),
                        "email",
                        person.email()),
                Map.of());
    }

    private static void send(IngestMessage message) {
        stack.stack
                .sqs()
                .sendMessage(r -> r.queueUrl(stack.stack.endpoint("INGEST_QUEUE_URL"))
                        .messageBody(IngestMessages.encode(message)));
    }

    private static ImportPlan plan(ImportRecord record) throws Exception {
        return ImportPlan.fromJson(stack.stack
                .s3()
                .getObjectAsBytes(r -> r.bucket(stack.bucket).key(ImportReports.planKey(record.importId())))
                .asByteArray());
    }

    private static byte[] csv(List<String> rows) {
        return csv(Roster.HEADER, rows);
    }

    private static byte[] csv(String header, List<String> rows) {
        return (header + "\r\n" + String.join("\r\n", rows) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private record Cli(int code, String out, String err) {}

    /** rosterctl --local against the stack's endpoints. */
    private static Cli rosterctl(String... args) throws Exception {
        Path endpoints = temp.resolve("endpoints.env");
        if (!Files.exists(endpoints)) {
            Files.write(
                    endpoints,
                    stack.stack.endpoints().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .toList());
        }
        return rosterctlWith(endpoints, args);
    }

    private static Cli rosterctlWith(Path endpoints, String... args) {
        List<String> line = new ArrayList<>(List.of("--local", endpoints.toString()));
        line.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RosterCtl.run(
                line.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
        return new Cli(code, out.toString(), err.toString());
    }
}
