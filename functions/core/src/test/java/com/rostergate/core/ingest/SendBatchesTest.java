package com.rostergate.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendBatchesTest {

    @Test
    void groupsAtMostTenMessagesPerCall() {
        SendBatches batches = new SendBatches();
        List<List<String>> calls = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            List<String> full = batches.add("message " + i);
            if (full != null) {
                calls.add(full);
            }
        }
        calls.add(batches.drain());
        assertEquals(List.of(10, 10, 3), calls.stream().map(List::size).toList());
        assertEquals("message 10", calls.get(1).get(0));
        assertEquals(List.of(), batches.drain());
    }

    @Test
    void startsANewCallBeforeTheBodiesExceed256KiB() {
        SendBatches batches = new SendBatches();
        String big = "가".repeat(30_000); // 90,000 bytes in UTF-8
        assertNull(batches.add(big));
        assertNull(batches.add(big));
        List<String> full = batches.add(big);
        assertEquals(2, full.size(), "three would be 270,000 bytes");
        assertEquals(1, batches.drain().size());
    }
}
