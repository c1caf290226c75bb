package com.rostergate.core.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchPackerTest {

    @Test
    void packsAtMost25RowsPerBatchAndFlushesTheRest() throws Exception {
        List<RosterBatch> batches = new ArrayList<>();
        BatchPacker packer = new BatchPacker(batches::add);
        for (int i = 0; i < 51; i++) {
            packer.add(new RosterRow(
                    i + 2,
                    i % 10 == 0 ? RowAction.DELETE : RowAction.PUT,
                    "+8210" + (20000000 + i),
                    Map.of(),
                    Map.of()));
        }
        assertEquals(2, batches.size(), "full batches go out as soon as they are full");
        packer.flush();
        packer.flush();
        assertEquals(
                List.of(25, 25, 1),
                batches.stream().map(batch -> batch.rows().size()).toList());
        assertEquals(3, packer.batches());
        assertEquals(3, batches.get(0).deletes());
        assertEquals(22, batches.get(0).puts());
        assertEquals(2L, batches.get(0).rows().get(0).line());
    }

    @Test
    void nothingToFlushMeansNoBatch() throws Exception {
        List<RosterBatch> batches = new ArrayList<>();
        BatchPacker packer = new BatchPacker(batches::add);
        packer.flush();
        assertTrue(batches.isEmpty());
        assertEquals(0, packer.batches());
    }
}
