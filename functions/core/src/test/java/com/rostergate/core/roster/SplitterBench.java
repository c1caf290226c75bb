package com.rostergate.core.roster;

import com.rostergate.core.ingest.BatchMessage;
import com.rostergate.core.ingest.ImportIdentity;
import com.rostergate.core.ingest.ImportMode;
import com.rostergate.core.ingest.IngestMessages;
import com.rostergate.core.ingest.RosterUpload;
import com.rostergate.core.phone.PhoneNormaliser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Measures the splitter on a roster file: both passes, every row validated, every batch encoded as
 * the JSON message body the queue gets (then dropped), every reject formatted. Reports time, rows a
 * second and the peak heap. Run it in a JVM as small as the memory promise, e.g.
 * <pre>
 * java -cp functions/core/target/test-classes com.rostergate.core.roster.RosterGenerator --rows 1000000 --seed 42
 * --duplicates 0.001 --invalid 0.001 --out /tmp/roster-1m.csv
 * java -Xmx128m -cp "functions/core/target/classes:functions/core/target/test-classes:$(cat /tmp/core.cp)"
 * com.rostergate.core.roster.SplitterBench /tmp/roster-1m.csv
 * </pre>
 * ({@code /tmp/core.cp} from {@code mvn -o -q -pl functions/core dependency:build-classpath
 * -Dmdep.outputFile=/tmp/core.cp}).
 */
public final class SplitterBench {

    private SplitterBench() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long size = Files.size(file);
        ImportIdentity identity = ImportIdentity.of(new RosterUpload(
                "bench", "rosters/full/" + file.getFileName(), null, "etag", "01", size, Instant.now()));
        long[] encodedBytes = {0};
        long[] rejectChars = {0};
        SplitSink sink = new SplitSink() {
            @Override
            public void validated() {}

            @Override
            public void header(List<String> columns) {}

            @Override
            public void batch(RosterBatch batch) {
                encodedBytes[0] += IngestMessages.encode(BatchMessage.of(identity, ImportMode.FULL, batch))
                        .length();
            }

            @Override
            public void rejected(long line, String[] fields, String reason) {
                rejectChars[0] += String.join(",", fields).length() + reason.length();
            }
        };
        RosterSource source = new RosterSource() {
            @Override
            public InputStream open() throws IOException {
                return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            }

            @Override
            public long size() {
                return size;
            }
        };
        long started = System.nanoTime();
        SplitResult result = new RosterSplitter(new PhoneNormaliser()).split(source, sink);
        double seconds = (System.nanoTime() - started) / 1e9;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
        System.out.printf(Locale.ROOT, "%s: %d bytes, %s%n", file, size, result);
        System.out.printf(
                Locale.ROOT,
                "split in %.2f s: %.0f rows/s (two passes), %d MB of "
                        + "message bodies; max heap %d MB, peak heap used %d MB%n",
                seconds,
                result.rowsRead() / seconds,
                encodedBytes[0] >> 20,
                Runtime.getRuntime().maxMemory() >> 20,
                peakHeap >> 20);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                System.out.printf(
                        Locale.ROOT,
                        "  %-20s peak %d MB%n",
                        pool.getName(),
                        pool.getPeakUsage().getUsed() >> 20);
            }
        }
    }
}
