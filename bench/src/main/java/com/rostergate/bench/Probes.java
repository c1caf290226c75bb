package com.rostergate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * integration-tests' compiled test classes, packed into one jar at the start of a run: the forked JVMs
 * run their probes from it (FirstRequest and Hello for the cold start, SplitterHeapBench.Child for the
 * splitter's memory). A jar because class-data sharing refuses a directory on the classpath, and a
 * copy so that a rebuild of integration-tests during a long run cannot pull the classes away. The tests' global SDK
 * interceptor (their IAM call recorder, registered by a resource file) is left out: a probe runs the handlers as
 * Lambda does, with no interceptor of the tests in every SDK client.
 */
final class Probes {

    static final String FIRST_REQUEST = "com.rostergate.it.verifier.FirstRequest";
    static final String HELLO = "com.rostergate.it.verifier.Hello";
    static final String SPLITTER_CHILD = "com.rostergate.it.ingest.SplitterHeapBench$Child";

    /** The resource that registers integration-tests' SdkCalls in every SDK client of a JVM. */
    private static final String TEST_INTERCEPTORS = "software/amazon/awssdk/global/handlers/execution.interceptors";

    private Probes() {}

    /** A copy of the shaded verifier jar the cold starts run, for the same reason. */
    static Path verifierJar(Path repoRoot, Path work) throws IOException {
        return Files.copy(
                repoRoot.resolve("functions/verifier/target/verifier-lambda.jar"),
                work.resolve("verifier-lambda.jar"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    static Path pack(Path repoRoot, Path work) throws IOException {
        Path classes = repoRoot.resolve("integration-tests/target/test-classes");
        for (String probe : List.of(FIRST_REQUEST, HELLO, SPLITTER_CHILD)) {
            if (!Files.exists(classes.resolve(probe.replace('.', '/') + ".class"))) {
                throw new IllegalStateException(probe + " is not compiled under " + classes
                        + ": run mvn -q -DskipTests -pl bench,integration-tests -am install");
            }
        }
        Path jar = work.resolve("it-probes.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (name.equals(TEST_INTERCEPTORS)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }
}
