package io.primesync.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Priming's stand-in of DynamoDB answers every operation the store makes as an empty table does, through the SDK's
 * real marshalling and parsing, and a read it is given an item for with that item.
 */
class DynamoPrimingTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void everyKindOfRequestIsAnsweredAsAnEmptyTableAnswersIt() {
        Table table = DynamoPriming.table(null);
        DynamoPriming.exercise(table);
        ProcoreFacts facts = new ProcoreFacts(table, clock);
        assertEquals(ProjectRecords.ReconcileMarks.NONE, facts.reconcileMarks("0"));
        assertTrue(facts.projects("0").isEmpty());
        assertTrue(facts.companies().isEmpty());
        facts.registerCompany("0");
        assertTrue(facts.companies().isEmpty(), "a write is taken and kept nowhere");
    }

    @Test
    void aReadOfTheReconciliationsMarksIsAnsweredWithTheItemGiven() {
        Table table = DynamoPriming.table(pk -> pk.equals(DynamoPriming.reconcileKey("0"))
                ? DynamoPriming.reconcileMarks("0", clock) : null);
        ProjectRecords.ReconcileMarks marks = new ProcoreFacts(table, clock).reconcileMarks("0");
        long hourAgo = clock.millis() - 3_600_000;
        assertEquals(new ProjectRecords.ReconcileMarks(hourAgo, hourAgo, null, 0), marks);
    }
}
