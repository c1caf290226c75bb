package com.rostergate.core.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RosterHeaderTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "사번|EMPLOYEE_ID",
                "employee_id|EMPLOYEE_ID",
                "Employee ID|EMPLOYEE_ID",
                "EMP_NO|EMPLOYEE_ID",
                "emp-no|EMPLOYEE_ID",
                "이름|NAME",
                "성명|NAME",
                "Name|NAME",
                " NAME |NAME",
                "부서|DEPARTMENT",
                "Department|DEPARTMENT",
                "DEPT|DEPARTMENT",
                "직급|POSITION",
                "직위|POSITION",
                "직책|POSITION",
                "Position|POSITION",
                "Title|POSITION",
                "휴대폰|PHONE",
                "휴대전화|PHONE",
                "핸드폰|PHONE",
                "전화번호|PHONE",
                "연락처|PHONE",
                "Mobile|PHONE",
                "phone|PHONE",
                "Phone Number|PHONE",
                "휴대폰 번호|PHONE",
                "이메일|EMAIL",
                "E-mail|EMAIL",
                "email|EMAIL",
                "status|STATUS",
                "상태|STATUS",
                "Action|STATUS"
            })
    void everyAliasIsRecognisedIgnoringCaseSpacesUnderscoresAndHyphens(String header, RosterColumn column) {
        RosterHeader parsed = RosterHeader.of(new String[] {"other", header});
        assertEquals(1, parsed.indexOf(column), header);
    }

    @Test
    void theMobileColumnIsPreferredOverALandlineColumn() {
        RosterHeader header = RosterHeader.of(new String[] {"이름", "전화번호", "휴대폰"});
        assertEquals(2, header.indexOf(RosterColumn.PHONE));
        assertEquals(List.of(1), header.extraIndexes(), "the landline column is kept as an extra attribute");
        assertEquals(List.of("전화번호"), header.extraNames());
    }

    @Test
    void unknownAndBlankColumnsAreKeptAsExtrasWithUniqueNames() {
        RosterHeader header = RosterHeader.of(new String[] {"\uFEFF사번", "휴대폰", "입사일", "", "입사일", "상태"});
        assertEquals(0, header.indexOf(RosterColumn.EMPLOYEE_ID), "a byte order mark on the first header is ignored");
        assertEquals(List.of(2, 3, 4, 5), header.extraIndexes());
        assertEquals(List.of("입사일", "column_4", "입사일_2", "상태"), header.extraNames());
        assertEquals(5, header.indexOf(RosterColumn.STATUS), "the status column is interpreted and kept");
    }

    @Test
    void aFileWithoutAPhoneColumnHasNone() {
        RosterHeader header = RosterHeader.of(new String[] {"사번", "이름", "부서"});
        assertFalse(header.has(RosterColumn.PHONE));
        assertTrue(header.has(RosterColumn.NAME));
        assertEquals(-1, header.indexOf(RosterColumn.PHONE));
    }
}
