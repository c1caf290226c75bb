package com.rostergate.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.roster.RosterRow;
import com.rostergate.core.roster.RowAction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RosterPlannerTest {

    private final ChangeGuard guard = new ChangeGuard(20, 50);

    private static RosterRow put(int i, String name) {
        return new RosterRow(
                i + 2, RowAction.PUT, InMemoryRoster.phone(i), Map.of("name", name, "employee_id", "E" + i), Map.of());
    }

    private static RosterRow delete(int i) {
        return new RosterRow(i + 2, RowAction.DELETE, InMemoryRoster.phone(i), Map.of(), Map.of());
    }

    @Test
    void aFullFileIsSortedIntoAddedUpdatedUnchangedAndRemoved() throws Exception {
        RosterPlanner planner = new RosterPlanner(ImportMode.FULL, InMemoryRoster.of(4));
        planner.accepted(put(0, "N0"));
        planner.accepted(put(1, "renamed"));
        planner.accepted(put(7, "N7"));
        ImportPlan plan = planner.plan();

        assertEquals(4, plan.rosterSize());
        assertEquals(1, plan.added());
        assertEquals(1, plan.updated());
        assertEquals(1, plan.unchanged());
        assertEquals(2, plan.removed());
        assertEquals(List.of(InMemoryRoster.phone(2), InMemoryRoster.phone(3)), plan.syncRemovals());
        assertEquals(
                List.of(
                        new ImportPlan.Entry(InMemoryRoster.phone(2), "E2", "N2"),
                        new ImportPlan.Entry(InMemoryRoster.phone(3), "E3", "N3")),
                plan.removedSample());
        assertEquals(InMemoryRoster.phone(7), plan.addedSample().get(0).phone());
        assertEquals(InMemoryRoster.phone(1), plan.updatedSample().get(0).phone());
    }

    /** Issue case 1: 30 of 3,000 rows have a phone typo; those 30 employees stay and are listed as kept. */
    @Test
    void rejectedRowsKeepTheirEmployeeByPhoneOrByEmployeeId() throws Exception {
        RosterPlanner planner = new RosterPlanner(ImportMode.FULL, InMemoryRoster.of(3000));
        for (int i = 0; i < 3000; i++) {
            if (i < 20) {
                planner.rejected(null, "E" + i); // the phone has a typo: matched by employee id
            } else if (i < 30) {
                planner.rejected(InMemoryRoster.phone(i), "E" + i); // refused for another reason: matched by phone
            } else {
                planner.accepted(put(i, "N" + i));
            }
        }
        ImportPlan plan = planner.plan();

        assertEquals(0, plan.removed());
        assertEquals(30, plan.kept());
        assertEquals(30, plan.rowsRejected());
        assertEquals(2970, plan.unchanged());
        assertEquals(ImportPlan.SAMPLE, plan.keptSample().size());
        assertEquals(Optional.empty(), guard.refusal(plan));
    }

    @Test
    void aRejectedRowWhosePhoneNormalisesIsNotMatchedByEmployeeId() throws Exception {
        RosterPlanner planner =
                new RosterPlanner(ImportMode.FULL, new InMemoryRoster().with("+821011112222", "E1", "a"));
        planner.rejected("+821099998888", "E1");
        assertEquals(
                1, planner.plan().removed(), "the row names another number: the employee with E1 is not kept by it");
    }

    @Test
    void aRejectedRowFollowedByAnAcceptedRowOfTheSamePhoneIsNotCountedKept() throws Exception {
        RosterPlanner planner = new RosterPlanner(ImportMode.FULL, InMemoryRoster.of(1));
        planner.rejected(InMemoryRoster.phone(0), "E0");
        planner.accepted(put(0, "N0"));
        ImportPlan plan = planner.plan();
        assertEquals(0, plan.kept());
        assertEquals(1, plan.unchanged());
    }

    /** Issue case 2: the wrong file (15,000 people, 600 of them current) uploaded as a full roster of 3,000. */
    @Test
    void theWrongFileIsGuardedOnTheRosterAsItWasBefore() throws Exception {
        RosterPlanner planner = new RosterPlanner(ImportMode.FULL, InMemoryRoster.of(3000));
        for (int i = 0; i < 600; i++) {
            planner.accepted(put(i, "N" + i));
        }
        for (int i = 10_000; i < 24_400; i++) {
            planner.accepted(put(i, "outsider"));
        }
        ImportPlan plan = planner.plan();

        assertEquals(14_400, plan.added());
        assertEquals(2_400, plan.removed());
        assertEquals(2_400, plan.syncRemovals().size());
        assertEquals(
                Optional.of("removal guard: this upload would remove 2400 of 3000 employees (80.0%),"
                        + " more than REMOVAL_GUARD_PERCENT=20%;"
                        + " nothing was changed. If the file is right: rosterctl imports confirm <import id>"
                        + " applies this plan"
                        + " (rosterctl imports reject <import id> discards it)."),
                guard.refusal(plan));
    }

    @Test
    void aFullRosterAddingMoreThanTheAdditionGuardWaits() throws Exception {
        RosterPlanner planner = new RosterPlanner(ImportMode.FULL, InMemoryRoster.of(10));
        for (int i = 0; i < 16; i++) {
            planner.accepted(put(i, "N" + i));
        }
        ImportPlan plan = planner.plan();
        assertEquals(6, plan.added());
        assertTrue(guard.refusal(plan)
                .orElseThrow()
                .startsWith("addition guard: this full roster would add 6 employees to 10 (60.0%)"));
        assertEquals(Optional.empty(), new ChangeGuard(20, 60).refusal(plan));
    }

    /** Issue case 5: a delta whose status column marks 600 of 1,000 as leavers. */
    @Test
    void deleteRowsCountAsRemovalsInADelta() throws Exception {
        RosterPlanner planner = new RosterPlanner(ImportMode.DELTA, InMemoryRoster.of(1000));
        for (int i = 0; i < 600; i++) {
            planner.accepted(delete(i));
        }
        planner.accepted(delete(5000)); // not an employee: removes nobody
        for (int i = 20_000; i < 21_000; i++) {
            planner.accepted(put(i, "new")); // a delta's additions are not guarded
        }
        ImportPlan plan = planner.plan();

        assertEquals(600, plan.removed());
        assertEquals(600, plan.explicitRemovals());
        assertEquals(List.of(), plan.syncRemovals(), "a delta removes only whom its rows name");
        assertTrue(guard.refusal(plan)
                .orElseThrow()
                .startsWith("removal guard: this upload would remove 600 of 1000 employees (60.0%)"));
    }

    @Test
    void deleteRowsCountAsRemovalsInAFullFileToo() throws Exception {
        RosterPlanner planner = new RosterPlanner(ImportMode.FULL, InMemoryRoster.of(10));
        for (int i = 0; i < 10; i++) {
            planner.accepted(i < 3 ? delete(i) : put(i, "N" + i));
        }
        ImportPlan plan = planner.plan();
        assertEquals(3, plan.removed());
        assertEquals(List.of(), plan.syncRemovals());
        assertTrue(guard.refusal(plan).isPresent());
    }

    @Test
    void aFirstUploadIntoAnEmptyRosterIsNotGuarded() throws Exception {
        RosterPlanner planner = new RosterPlanner(ImportMode.FULL, new InMemoryRoster());
        for (int i = 0; i < 500; i++) {
            planner.accepted(put(i, "N" + i));
        }
        assertEquals(Optional.empty(), guard.refusal(planner.plan()));
    }

    @Test
    void aRemovalAtTheGuardIsAllowedAndOneMoreIsNot() throws Exception {
        RosterPlanner atGuard = new RosterPlanner(ImportMode.FULL, InMemoryRoster.of(10));
        RosterPlanner over = new RosterPlanner(ImportMode.FULL, InMemoryRoster.of(10));
        for (int i = 0; i < 10; i++) {
            if (i >= 2) {
                atGuard.accepted(put(i, "N" + i));
            }
            if (i >= 3) {
                over.accepted(put(i, "N" + i));
            }
        }
        assertEquals(Optional.empty(), guard.refusal(atGuard.plan()));
        assertTrue(guard.refusal(over.plan()).isPresent());
    }

    @Test
    void aRosterThatCannotBeReadMakesNoPlan() {
        CurrentRoster broken = employee -> {
            throw new CurrentRoster.RosterUnreadableException("Scan refused", null);
        };
        assertThrows(CurrentRoster.RosterUnreadableException.class, () -> new RosterPlanner(ImportMode.FULL, broken));
    }

    @Test
    void settingsAreChecked() {
        assertEquals(new ChangeGuard(20, 50), ChangeGuard.fromSettings(null, " "));
        assertEquals(new ChangeGuard(5, 200), ChangeGuard.fromSettings("5", "200"));
        assertThrows(IllegalArgumentException.class, () -> ChangeGuard.fromSettings("150", null));
        assertThrows(IllegalArgumentException.class, () -> ChangeGuard.fromSettings("x", null));
        assertThrows(IllegalArgumentException.class, () -> ChangeGuard.fromSettings(null, "-1"));
    }

    @Test
    void aPlanReadsBackFromItsJson() throws Exception {
        RosterPlanner planner = new RosterPlanner(ImportMode.FULL, InMemoryRoster.of(3));
        planner.accepted(put(0, "N0"));
        ImportPlan plan = planner.plan();
        assertEquals(plan, ImportPlan.fromJson(plan.toJson()));
    }
}
