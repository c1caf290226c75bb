package com.rostergate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Generated roster files, made once by the project's own generator (functions/core's test class
 * {@code RosterGenerator}, run in a child JVM) and kept under bench/work for later runs. Seed 42,
 * with 0.1 % repeated and 0.1 % invalid phone numbers, as the splitter's own benchmarks use.
 */
final class Rosters {

    private final Path repoRoot;
    private final Path work;

    Rosters(Path repoRoot, Path work) {
        this.repoRoot = repoRoot;
        this.work = work;
    }

    Path file(long rows) throws IOException, InterruptedException {
        Path file = work.resolve("roster-" + rows + ".csv");
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(work);
        Path partial = work.resolve("roster-" + rows + ".csv.partial");
        String classpath = repoRoot.resolve("functions/core/target/test-classes") + java.io.File.pathSeparator
            + repoRoot.resolve("functions/core/target/classes");
        Processes.run(List.of(Processes.java(), "-cp", classpath, "com.rostergate.core.roster.RosterGenerator",
            "--rows", String.valueOf(rows), "--seed", "42", "--duplicates", "0.001", "--invalid", "0.001", "--out", partial.toString()));
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
