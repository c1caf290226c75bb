package com.rostergate.core.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.core.phone.PhoneNormaliser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RosterSplitterTest {

    private final RosterSplitter splitter = new RosterSplitter(new PhoneNormaliser());

    @Test
    void validRowsArePackedIntoBatchesOf25InFileOrder() throws Exception {
        String rows = IntStream.range(0, 60)
                .mapToObj(i -> String.format("직원%02d,010-5555-%04d", i, i))
                .collect(Collectors.joining("\n"));
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        SplitResult result = splitter.split(InMemoryRoster.utf8("이름,휴대폰\n" + rows + "\n"), sink);

        assertEquals(
                List.of(25, 25, 10),
                sink.batches.stream().map(batch -> batch.rows().size()).toList());
        assertEquals(
                List.of(1, 2, 3), sink.batches.stream().map(RosterBatch::number).toList());
        assertEquals("+821055550000", sink.rows().get(0).phone());
        assertEquals(61, sink.rows().get(59).line());
        assertEquals(new SplitResult(new RosterFormat("UTF-8", "comma", null), 60, 60, 0, 0, 0, 3), result);
        assertTrue(sink.validated);
        assertEquals(List.of("이름", "휴대폰"), sink.header);
    }

    @Test
    void theLaterRowOfAPhoneWinsAndTheEarlierIsReportedAsADuplicate() throws Exception {
        String file = String.join(
                "\n",
                "이름,휴대폰,부서",
                "김민준,010-2222-3333,영업팀",
                "이서연,010-3333-4444,인사팀",
                "김민준,+82 10-2222-3333,기획팀",
                "김민준,01022223333,개발팀",
                "");
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        SplitResult result = splitter.split(InMemoryRoster.utf8(file), sink);

        assertEquals(List.of(3L, 5L), sink.rows().stream().map(RosterRow::line).toList());
        assertEquals("개발팀", sink.rows().get(1).attributes().get("department"));
        assertEquals(
                "duplicate phone number: line 5 has the same number and is kept",
                sink.rejectAt(2).reason());
        assertEquals(
                "duplicate phone number: line 5 has the same number and is kept",
                sink.rejectAt(4).reason());
        assertEquals(List.of("김민준", "010-2222-3333", "영업팀"), sink.rejectAt(2).fields());
        assertEquals(new SplitResult(new RosterFormat("UTF-8", "comma", null), 4, 2, 0, 2, 0, 1), result);
    }

    @Test
    void rejectedRowsAreReportedWithTheirOriginalValuesAndEveryRowIsAccountedFor() throws Exception {
        String file = String.join(
                "\r\n",
                "사번,이름,휴대폰,상태",
                "E1,김민준,010-2222-3333,",
                "E2,이서연,,",
                "E3,박지훈,010-1234,",
                "E4,최수아,010-4444-5555",
                "E5,정우진,010-5555-6666,퇴사",
                "E6,강하은,010-6666-7777,,x",
                "");
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        SplitResult result = splitter.split(InMemoryRoster.utf8(file), sink);

        assertEquals("missing phone number", sink.rejectAt(3).reason());
        assertEquals("invalid phone number", sink.rejectAt(4).reason());
        assertTrue(sink.rejectAt(5).reason().startsWith("row has 3 fields"));
        assertTrue(sink.rejectAt(7).reason().startsWith("row has 5 fields"));
        assertEquals(List.of("E3", "박지훈", "010-1234", ""), sink.rejectAt(4).fields());
        assertEquals(RowAction.DELETE, sink.rows().get(1).action());
        assertEquals(new SplitResult(new RosterFormat("UTF-8", "comma", null), 6, 2, 4, 0, 1, 1), result);
        assertEquals(result.rowsRead(), result.rowsValid() + result.rowsRejected() + result.rowsDuplicate());
    }

    @Test
    void aHeaderOnlyFileIsAnEmptyRoster() throws Exception {
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        assertEquals(
                new SplitResult(new RosterFormat("UTF-8", "comma", null), 0, 0, 0, 0, 0, 0),
                splitter.split(InMemoryRoster.utf8("이름,휴대폰\r\n"), sink));
        assertTrue(sink.batches.isEmpty());
    }

    @Test
    void aCp949ExportSplitsLikeTheSameUtf8File() throws Exception {
        String file = "사번,이름,부서,직급,휴대폰,이메일\r\nE001,김민준,개발팀,대리,010-2222-3333,minjun@example.com\r\n";
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        SplitResult result = splitter.split(InMemoryRoster.encoded(file, RosterText.CP949), sink);
        assertEquals("CP949", result.encoding());
        assertEquals("김민준", sink.rows().get(0).attributes().get("name"));
        assertEquals("개발팀", sink.rows().get(0).attributes().get("department"));
    }

    @Test
    void aFileProblemIsFoundBeforeAnythingIsSent() {
        String file = "이름,휴대폰\n" + "김민준,010-2222-3333\n".repeat(5000) + "김민준,?\n";
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 2] = (byte) 0xFF; // not UTF-8, past the first 64 KiB the encoding was judged by
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        InMemoryRoster source = new InMemoryRoster(bytes);
        assertThrows(BadRosterFileException.class, () -> splitter.split(source, sink));
        assertFalse(sink.validated);
        assertTrue(sink.batches.isEmpty() && sink.rejects.isEmpty());
        assertEquals(2, source.opens, "a look at the first bytes and pass 1: pass 2 never started");
    }

    @Test
    void aFileWithoutAPhoneColumnFailsSayingHowItWasReadButNotWhatItHolds() {
        String message = assertThrows(
                        BadRosterFileException.class,
                        () -> splitter.split(InMemoryRoster.utf8("사번;이름\nE1;김민준\n"), new InMemoryRoster.Recorded()))
                .getMessage();
        assertEquals(
                "no phone column in line 1 (the header, read as UTF-8, semicolon-separated), 2 columns;"
                        + " name the column 휴대폰, 휴대전화, 전화번호, 연락처, mobile or phone",
                message);
    }

    @Test
    void aHeaderlessFileFailsWithoutQuotingItsFirstRow() {
        String message = assertThrows(
                        BadRosterFileException.class,
                        () -> splitter.split(
                                InMemoryRoster.utf8("E1,김민준,010-2222-3333,minjun.kim@example.com\n"),
                                new InMemoryRoster.Recorded()))
                .getMessage();
        assertTrue(message.contains("seems to have no header row"), message);
        for (String content : List.of("E1", "김민준", "2222", "3333", "minjun")) {
            assertFalse(message.contains(content), message);
        }
    }

    @Test
    void aRunawayQuoteIsOneRejectedRowAndTheCountsStillAddUp() throws Exception {
        String file = "이름,휴대폰\n\"김민준,010-2222-3333\n" + "이서연,010-3333-4444\n".repeat(1) + "박지훈,010-4444-5555\n";
        InMemoryRoster.Recorded sink = new InMemoryRoster.Recorded();
        SplitResult result = splitter.split(InMemoryRoster.utf8(file), sink);
        assertEquals(new SplitResult(new RosterFormat("UTF-8", "comma", null), 3, 2, 1, 0, 0, 1), result);
        assertTrue(
                sink.rejectAt(2).reason().contains("not closed"),
                sink.rejectAt(2).reason());
        assertEquals(List.of(3L, 4L), sink.rows().stream().map(RosterRow::line).toList());
    }

    @Test
    void aPlainTextFileIsNotARoster() {
        String message = assertThrows(
                        BadRosterFileException.class,
                        () -> splitter.split(
                                InMemoryRoster.utf8("Dear HR,\nplease find the roster attached.\n"),
                                new InMemoryRoster.Recorded()))
                .getMessage();
        assertTrue(message.startsWith("no phone column"), message);
    }

    @Test
    void aBlankFileHasNoHeader() {
        String message = assertThrows(
                        BadRosterFileException.class,
                        () -> splitter.split(InMemoryRoster.utf8("\r\n\r\n  \r\n"), new InMemoryRoster.Recorded()))
                .getMessage();
        assertEquals("the file has no header row (it is blank)", message);
    }
}
