package com.rostergate.core.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpreadsheetCellsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "=HYPERLINK(\"http://x\",\"click\")",
                "+82 10-2222-3333",
                "-1+2",
                "@SUM(A1)",
                "\t=1",
                "\r=1",
                "=",
                "'=1"
            })
    void aCellAFormulaCouldStartInGetsAnApostropheAndKeepsItsText(String cell) {
        String safe = SpreadsheetCells.neutralise(cell);
        boolean risky = "=+-@\t\r".indexOf(cell.charAt(0)) >= 0;
        assertEquals(risky ? "'" + cell : cell, safe);
    }

    @ParameterizedTest
    @ValueSource(strings = {"김민준", "010-2222-3333", "minjun@example.com", " =1", "line", "", "1e5"})
    void otherCellsAreLeftAsTheyAre(String cell) {
        assertEquals(cell, SpreadsheetCells.neutralise(cell));
    }
}
