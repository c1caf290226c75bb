package com.rostergate.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.core.roster.WorkbookGenerator;
import com.rostergate.fixtures.Fixtures;
import com.rostergate.it.TestStacks;
import com.rostergate.local.LocalDeployment;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** rosterctl's import, imports, lookup and skill-test commands against the whole pipeline on the local stack. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RosterctlPipelineIT {

    private static final Path SAMPLE = Fixtures.file("sample-data/rosters/employees-cp949.csv");

    @TempDir
    static Path temp;

    static LocalDeployment stack;
    static Rosterctl rosterctl;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalDeployment.builder()
                .template(TestStacks.TEMPLATE)
                .randomPorts()
                .kakaoProfiles(Fixtures.file("sample-data/kakao-profiles.json"))
                .queueVisibilityTimeout(Duration.ofSeconds(2))
                .asyncRetryDelay(Duration.ofMillis(100))
                .start();
        rosterctl = new Rosterctl(stack, temp);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    @Order(1)
    void importWaitsForTheImportAndPrintsItsReport() {
        Rosterctl.Result result = rosterctl.run("import", SAMPLE.toString(), "--mode", "full", "--wait");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains(": COMPLETE (FULL, s3://"), result.toString());
        assertTrue(result.out().contains("rows read 30: written 30"), result.toString());
        assertTrue(result.err().contains("Importing employees-cp949.csv ["), "a progress bar on stderr: " + result);
    }

    @Test
    @Order(2)
    void importsListAndShowReadTheLedger() {
        JsonNode list = rosterctl.run("--json", "imports", "list").json();
        assertEquals(1, list.size(), list.toString());
        String importId = list.get(0).get("import_id").asText();
        assertEquals("rosters/full/employees-cp949.csv", list.get(0).get("key").asText());

        Rosterctl.Result show = rosterctl.run("imports", "show", importId);
        assertEquals(0, show.exitCode(), show.toString());
        assertTrue(show.out().contains("Import " + importId + ": COMPLETE"), show.toString());
        assertEquals(2, rosterctl.run("imports", "show", "imp-does-not-exist").exitCode());
    }

    @Test
    @Order(3)
    void lookupMasksUnlessAskedAndAnswersWithItsExitCode() {
        Rosterctl.Result found = rosterctl.run("lookup", "010-2222-3333");
        assertEquals(0, found.exitCode(), found.toString());
        assertTrue(found.out().contains("+82******3333 is in the roster"), found.toString());
        assertFalse(found.out().contains("+821022223333") || found.out().contains("김민준"), found.toString());

        Rosterctl.Result shown = rosterctl.run("--json", "lookup", "+82 10-2222-3333", "--show");
        assertEquals("+821022223333", shown.json().get("phone").asText());
        assertEquals("김민준", shown.json().get("name").asText());

        assertEquals(1, rosterctl.run("lookup", "010-9876-0000").exitCode());
        Rosterctl.Result invalid = rosterctl.run("lookup", "not-a-number");
        assertEquals(2, invalid.exitCode(), invalid.toString());
        assertTrue(invalid.err().startsWith("rosterctl: Not a usable phone number"), invalid.toString());
    }

    @Test
    @Order(4)
    void skillTestSendsARealShapedRequestAndReportsTheAnswer() {
        Rosterctl.Result employee =
                rosterctl.run("skill-test", "--otp-token", "demo-employee-token", "--app-user-id", "2113105765");
        assertEquals(0, employee.exitCode(), employee.toString());
        assertTrue(employee.out().startsWith("HTTP 200 in "), employee.toString());
        assertTrue(employee.out().contains("SUCCESS"), employee.toString());

        Rosterctl.Result stranger = rosterctl.run(
                "--json", "skill-test", "--otp-token", "demo-stranger-token", "--app-user-id", "4437521098");
        assertEquals(1, stranger.exitCode(), stranger.toString());
        assertEquals("FAIL", stranger.json().get("status").asText());
    }

    @Test
    @Order(5)
    void aGuardedRemovalIsAppliedOnlyByConfirm() throws Exception {
        Path five = temp.resolve("five.csv");
        Files.write(five, firstLines(Files.readAllBytes(SAMPLE), 6));

        Rosterctl.Result guarded = rosterctl.run("import", five.toString(), "--wait");
        assertEquals(1, guarded.exitCode(), guarded.toString());
        assertTrue(guarded.out().contains(": GUARDED (FULL"), guarded.toString());
        assertEquals(0, rosterctl.run("lookup", "010-2222-3333").exitCode(), "nobody removed before the confirmation");
        String importId = rosterctl
                .run("--json", "imports", "list")
                .json()
                .get(0)
                .get("import_id")
                .asText();

        Rosterctl.Result confirmed = rosterctl.run("imports", "confirm", importId, "--yes");
        assertEquals(0, confirmed.exitCode(), confirmed.toString());
        assertTrue(confirmed.out().contains(": COMPLETE"), confirmed.toString());
        assertTrue(confirmed.out().contains("removed 25"), confirmed.toString());
        assertTrue(
                stack.events().stream()
                        .anyMatch(event -> event.event().contains("\"Roster Import Completed\"")
                                && event.event().contains(importId)),
                "the confirmed outcome is published to the endpoints file's EVENTS_ENDPOINT");
        assertEquals(2, rosterctl.run("imports", "confirm", importId, "--yes").exitCode(), "nothing left to confirm");
    }

    @Test
    @Order(6)
    void theStackOptionFindsEverythingThroughTheStacksOutputs() {
        Rosterctl.Result imports = rosterctl.runWithStack(LocalDeployment.STACK_NAME, "--json", "imports", "list");
        assertEquals(0, imports.exitCode(), imports.toString());
        assertEquals(rosterctl.run("--json", "imports", "list").json(), imports.json());
        assertEquals(2, imports.json().size(), imports.toString());

        String phone = stack.dynamoDb()
                .scan(request -> request.tableName(stack.endpoint("EMPLOYEES_TABLE"))
                        .filterExpression("attribute_not_exists(tombstone)"))
                .items()
                .get(0)
                .get("phone")
                .s(); // a current employee
        Rosterctl.Result lookup = rosterctl.runWithStack(LocalDeployment.STACK_NAME, "--json", "lookup", phone);
        assertEquals(0, lookup.exitCode(), lookup.toString());
        assertTrue(lookup.json().get("found").asBoolean(), lookup.toString());

        Rosterctl.Result skill = rosterctl.runWithStack(
                LocalDeployment.STACK_NAME,
                Map.of("ROSTERCTL_SKILL_SECRET", stack.endpoint("SKILL_SECRET")),
                "",
                "--json",
                "skill-test",
                "--otp-token",
                "demo-stranger-token",
                "--app-user-id",
                "4437521098");
        assertEquals(1, skill.exitCode(), "the SkillUrl output is the local skill route, which answers FAIL: " + skill);
        assertEquals(200, skill.json().get("httpStatus").asInt(), "the environment's secret was accepted: " + skill);

        Rosterctl.Result unknown = rosterctl.runWithStack("no-such-stack", "imports", "list");
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertEquals("", unknown.out());
        assertEquals(
                "rosterctl: No CloudFormation stack no-such-stack in "
                        + "ap-northeast-2 (Stack with id no-such-stack does not exist):"
                        + " check --stack and --region\n",
                unknown.err());
    }

    @Test
    @Order(7)
    void theSkillSecretComesFromTheEnvironmentOrStandardInputNeverAnArgument() {
        String secret = stack.endpoint("SKILL_SECRET");
        Rosterctl.Result piped = rosterctl.runWithStack(
                LocalDeployment.STACK_NAME,
                Map.of(),
                secret + "\n",
                "--json",
                "skill-test",
                "--skill-secret-stdin",
                "--otp-token",
                "demo-employee-token",
                "--app-user-id",
                "2113105765");
        assertEquals(0, piped.exitCode(), piped.toString());
        assertEquals("SUCCESS", piped.json().get("status").asText(), piped.toString());

        Rosterctl.Result wrong = rosterctl.runWithStack(
                LocalDeployment.STACK_NAME,
                Map.of("ROSTERCTL_SKILL_SECRET", "not-the-secret"),
                "",
                "--json",
                "skill-test",
                "--otp-token",
                "demo-employee-token",
                "--app-user-id",
                "2113105765");
        assertEquals(401, wrong.json().get("httpStatus").asInt(), "the environment's secret is the one sent: " + wrong);

        Rosterctl.Result empty = rosterctl.runWithStack(
                LocalDeployment.STACK_NAME,
                Map.of(),
                "",
                "skill-test",
                "--skill-secret-stdin",
                "--otp-token",
                "demo-employee-token",
                "--app-user-id",
                "2113105765");
        assertEquals(2, empty.exitCode(), empty.toString());
        assertTrue(empty.err().contains("standard input held no secret"), empty.toString());

        Rosterctl.Result argument = rosterctl.runWithStack(
                LocalDeployment.STACK_NAME,
                "--skill-secret",
                secret,
                "skill-test",
                "--otp-token",
                "demo-employee-token",
                "--app-user-id",
                "2113105765");
        assertEquals(2, argument.exitCode(), argument.toString());
        assertTrue(argument.err().contains("--skill-secret is not accepted"), argument.toString());
        assertFalse(
                argument.out().contains(secret) || argument.err().contains(secret), "not echoed either: " + argument);
    }

    @Test
    @Order(8)
    void importSendsTheSheetToReadAndAKoreanNameWithASpaceArrivesWhole() throws Exception {
        Map<String, Iterable<List<WorkbookGenerator.Cell>>> sheets = new LinkedHashMap<>();
        sheets.put("안내", List.of(List.of(WorkbookGenerator.Cell.text("명단은 다음 시트"))));
        sheets.put(
                "직원 명단",
                List.of(
                        List.of(WorkbookGenerator.Cell.text("이름"), WorkbookGenerator.Cell.text("휴대폰")),
                        List.of(WorkbookGenerator.Cell.text("신입"), WorkbookGenerator.Cell.number("1062008888"))));
        Path workbook = temp.resolve("two-sheets.xlsx");
        try (OutputStream out = Files.newOutputStream(workbook)) {
            WorkbookGenerator.write(out, sheets);
        }

        Rosterctl.Result result =
                rosterctl.run("import", workbook.toString(), "--mode", "delta", "--sheet", "직원 명단", "--wait");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains(": COMPLETE (DELTA, s3://"), result.toString());
        assertTrue(rosterctl
                .run("--json", "lookup", "010-6200-8888")
                .json()
                .get("found")
                .asBoolean());
    }

    /** The first {@code count} CRLF/LF lines, byte for byte (CP949 never uses 0x0A inside a character). */
    private static byte[] firstLines(byte[] file, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = 0;
        for (byte b : file) {
            out.write(b);
            if (b == '\n' && ++lines == count) {
                break;
            }
        }
        return out.toByteArray();
    }
}
