package com.rostergate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Generated roster files, made once by the project's own generator (functions/core's test class
 * {@code RosterGenerator}, run in a child JVM) and kept under bench/work for later runs. Seed 42,
 * with 0.1 % repeated and 0.1 % invalid phone numbers, as the splitter's own benchmarks use; and
 * Excel workbooks of the same rows ({@code WorkbookGenerator}).
 */
final class Rosters {

    private final Path repoRoot;
    private final Path work;

    Rosters(Path repoRoot, Path work) {
        this.repoRoot = repoRoot;
        this.work = work;
    }

    /** A workbook of {@code rows} generated rows (functions/core's WorkbookGenerator, seed 42), kept like the CSVs. */
    Path workbook(long rows) throws IOException, InterruptedException {
        return generated(
                "roster-" + rows + ".xlsx",
                "com.rostergate.core.roster.WorkbookGenerator",
                List.of("--rows", String.valueOf(rows), "--seed", "42"));
    }

    Path file(long rows) throws IOException, InterruptedException {
        return generated(
                "roster-" + rows + ".csv",
                "com.rostergate.core.roster.RosterGenerator",
                List.of("--rows", String.valueOf(rows), "--seed", "42", "--duplicates", "0.001", "--invalid", "0.001"));
    }

    private Path generated(String name, String generator, List<String> arguments)
            throws IOException, InterruptedException {
        Path file = work.resolve(name);
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(work);
        Path partial = work.resolve(name + ".partial");
        String classpath = repoRoot.resolve("functions/core/target/test-classes")
                + java.io.File.pathSeparator
                + repoRoot.resolve("functions/core/target/classes");
        List<String> command = new java.util.ArrayList<>(List.of(Processes.java(), "-cp", classpath, generator));
        command.addAll(arguments);
        command.addAll(List.of("--out", partial.toString()));
        Processes.run(command);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
