package com.rostergate.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.core.roster.BatchPacker;
import com.rostergate.core.roster.RosterHeader;
import com.rostergate.core.roster.RosterRow;
import com.rostergate.core.roster.RowRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Whatever rows the rules accept, a batch of them is one message SQS takes: at most 256 KiB as encoded
 * (JSON escapes and UTF-8 included) and only characters SQS carries. Each repetition fills a batch with
 * 25 rows as large as the rules allow, their values drawn from the characters that grow most when encoded.
 */
class BatchMessageSizeTest {

    private static final String[] HEADER = {"사번", "이름", "휴대폰", "이메일", "메모 \"quoted\" \\ name", "비고"};
    /** Characters whose JSON/UTF-8 form is longer than one byte, the ones SQS refuses, and plain ones. */
    private static final String ALPHABET = "\"\\\n\t\r\b\f가😀\u0080\u07FF\u0800\uFFFDa\u0001\u001F\uFFFF\uFFFE\uD800";

    @RepeatedTest(20)
    void aFullBatchOfTheLargestAcceptedRowsFitsOneSqsMessage(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        RowRules rules = new RowRules(RosterHeader.of(HEADER), new PhoneNormaliser());
        List<RosterRow> rows = new ArrayList<>();
        while (rows.size() < BatchPacker.MAX_ROWS) {
            String[] fields = {
                "E" + rows.size(),
                pattern(random),
                "010-2222-" + (3000 + rows.size()),
                pattern(random),
                pattern(random),
                ""
            };
            RowRules.Outcome outcome = largestAccepted(rules, fields, random);
            if (outcome != null) {
                rows.add(outcome.row());
            }
        }
        String body = IngestMessages.encode(new BatchMessage(
                IngestMessage.VERSION,
                "imp-20261201T000000Z-0123456789abcdef",
                "r".repeat(120),
                ImportMode.DELTA,
                999_999,
                rows));

        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= SendBatches.MAX_BYTES, bytes + " bytes");
        assertTrue(bytes > 190_000, "the rows were near their limit: " + bytes);
        assertNull(RowRules.unsendable(List.of(body)), "every character of the body is one SQS carries");
        assertEquals(rows, ((BatchMessage) IngestMessages.decode(body)).rows(), "and it reads back as sent");
    }

    /**
     * Grows the note (field 4) while the rules accept the row; null when even a short note is refused (an unsendable
     * character).
     */
    private static RowRules.Outcome largestAccepted(RowRules rules, String[] fields, Random random) {
        String unit = pattern(random);
        RowRules.Outcome accepted = null;
        int low = 1;
        int high = 20_000; // refused: longer than any row may be
        while (low < high) {
            int repeats = (low + high) / 2;
            fields[4] = unit.repeat(repeats);
            RowRules.Outcome outcome = rules.check(2, fields);
            if (outcome.accepted()) {
                accepted = outcome;
                low = repeats + 1;
            } else {
                high = repeats;
            }
        }
        return accepted;
    }

    private static String pattern(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            int at = random.nextInt(ALPHABET.length());
            boolean emoji = Character.isHighSurrogate(ALPHABET.charAt(at))
                    && at + 1 < ALPHABET.length()
                    && Character.isLowSurrogate(ALPHABET.charAt(at + 1));
            text.append(emoji ? ALPHABET.substring(at, at + 2) : ALPHABET.substring(at, at + 1));
        }
        return text.toString().strip().isEmpty() ? "x" : text.toString();
    }
}
