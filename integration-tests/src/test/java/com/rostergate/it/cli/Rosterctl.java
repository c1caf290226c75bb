package com.rostergate.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.cli.RosterCtl;
import com.rostergate.local.LocalStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs rosterctl in-process against a local stack, through its endpoints file as a user would (--local FILE). */
final class Rosterctl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path endpointsFile;

    Rosterctl(LocalStack stack, Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        stack.endpoints().forEach((key, value) -> lines.add(key + "=" + value));
        endpointsFile = Files.write(directory.resolve("endpoints.env"), lines);
    }

    Result run(String... args) {
        List<String> line = new ArrayList<>(List.of("--local", endpointsFile.toString()));
        line.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RosterCtl.run(line.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + out + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
