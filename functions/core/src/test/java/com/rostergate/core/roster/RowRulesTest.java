package com.rostergate.core.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.core.phone.PhoneNormaliser;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RowRulesTest {

    private static final PhoneNormaliser NORMALISER = new PhoneNormaliser();
    private final RowRules rules =
            new RowRules(RosterHeader.of(new String[] {"사번", "이름", "부서", "직급", "휴대폰", "이메일", "입사일", "상태"}), NORMALISER);

    @Test
    void aGoodRowKeepsKnownColumnsUnderTheirAttributeNamesAndTheRestAsExtras() {
        RowRules.Outcome outcome = rules.check(
                7,
                new String[] {"E001", "김민준", "개발팀", "대리", "010-2222-3333", "minjun@example.com", "2020-03-02", "재직"});
        assertTrue(outcome.accepted());
        RosterRow row = outcome.row();
        assertEquals(7, row.line());
        assertEquals(RowAction.PUT, row.action());
        assertEquals("+821022223333", row.phone());
        assertEquals(
                Map.of(
                        "employee_id",
                        "E001",
                        "name",
                        "김민준",
                        "department",
                        "개발팀",
                        "position",
                        "대리",
                        "email",
                        "minjun@example.com"),
                row.attributes());
        assertEquals(Map.of("입사일", "2020-03-02", "상태", "재직"), row.extra());
    }

    @Test
    void blankValuesAreLeftOut() {
        RosterRow row = rules.check(2, new String[] {"", "김민준", " ", "", "01022223333", "", "", ""})
                .row();
        assertEquals(Map.of("name", "김민준"), row.attributes());
        assertEquals(Map.of(), row.extra());
    }

    @Test
    void fewerFieldsThanTheHeaderAreRejected() {
        RowRules.Outcome outcome = rules.check(3, new String[] {"E001", "김민준", "010-2222-3333"});
        assertFalse(outcome.accepted());
        assertEquals(
                "row has 3 fields but the header has 8 (a missing or extra comma would shift the phone column)",
                outcome.rejection());
    }

    @Test
    void moreFieldsThanTheHeaderAreRejectedUnlessTheExtraOnesAreEmpty() {
        String[] shifted = {"E001", "김민준", "개발팀", "대리", "010", "2222-3333", "minjun@example.com", "", "재직"};
        assertEquals(
                "row has 9 fields but the header has 8 (a missing or extra comma would shift the phone column)",
                rules.check(4, shifted).rejection());
        String[] trailingCommas = {"E001", "김민준", "개발팀", "대리", "010-2222-3333", "", "", "", "", " "};
        assertTrue(rules.check(5, trailingCommas).accepted());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "|missing phone number",
                "abc|not a phone number",
                "010-1234|invalid phone number",
                "010-1234-5678-9999-0000-1111-2222-3333-4444|phone number too long"
            })
    void aBadPhoneIsRejectedWithTheNormalisersReason(String phone, String reason) {
        String[] fields = {"E001", "김민준", "개발팀", "대리", phone == null ? "" : phone, "", "", ""};
        assertEquals(reason, rules.check(6, fields).rejection());
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete", "DELETE", " remove ", "Inactive", "퇴사", "삭제"})
    void aStatusThatSaysSoRemovesTheEmployee(String status) {
        RosterRow row = rules.check(8, new String[] {"E001", "김민준", "개발팀", "대리", "010-2222-3333", "", "", status})
                .row();
        assertEquals(RowAction.DELETE, row.action());
        assertEquals("+821022223333", row.phone());
        assertEquals(Map.of(), row.attributes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "active", "재직", "휴직", "deleted?"})
    void anyOtherStatusKeepsTheEmployee(String status) {
        assertEquals(
                RowAction.PUT,
                rules.check(8, new String[] {"E001", "김민준", "개발팀", "대리", "010-2222-3333", "", "", status})
                        .row()
                        .action());
    }

    @Test
    void aRowLargerThanTheLimitIsRejected() {
        String memo = "가".repeat(RowRules.MAX_ROW_BYTES / 3 + 1);
        RowRules.Outcome outcome =
                rules.check(9, new String[] {"E001", "김민준", "개발팀", "대리", "010-2222-3333", "", memo, ""});
        assertTrue(
                outcome.rejection()
                        .matches(
                                "row is too large: [0-9]+ bytes in a queue message, at most " + RowRules.MAX_ROW_BYTES),
                outcome.rejection());
        String ascii = "a".repeat(RowRules.MAX_ROW_BYTES - 300);
        assertTrue(rules.check(9, new String[] {"E001", "김민준", "개발팀", "대리", "010-2222-3333", "", ascii, ""})
                .accepted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uFFFF", "\uFFFE", "\uD800", "\uDC00x", "\u0001", "\u001F", "\u0000"})
    void aValueWithACharacterSqsRefusesRejectsItsRowNamingTheColumn(String character) {
        RowRules.Outcome outcome =
                rules.check(9, new String[] {"E001", "김" + character + "민준", "개발팀", "대리", "010-2222-3333", "", "", ""});
        assertFalse(outcome.accepted());
        assertTrue(
                outcome.rejection()
                        .matches("the name value holds U\\+[0-9A-F]{4}, a character a queue message cannot carry;.*"),
                outcome.rejection());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\t", "\n", "😀", "\uFFFD", "\uE000", "\u007F"})
    void charactersSqsCarriesAreKept(String character) {
        assertTrue(
                rules.check(9, new String[] {"E001", "김" + character + "민준", "개발팀", "대리", "010-2222-3333", "", "", ""})
                        .accepted());
    }

    @Test
    void blankRowsAreRecognised() {
        assertTrue(RowRules.isBlank(new String[] {"", " ", ""}));
        assertFalse(RowRules.isBlank(new String[] {"", "x"}));
    }
}
