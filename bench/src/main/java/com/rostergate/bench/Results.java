package com.rostergate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Everything one run measured, written as bench/results.md (README's Performance section) and its JSON twin. */
final class Results {

    /** Per-call samples beyond this many are summarised, not listed, in the JSON. */
    private static final int MAX_LISTED_SAMPLES = 200;

    private final Map<String, String> machine;
    private final Map<String, String> run;
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();

    Results(Map<String, String> machine, Map<String, String> run) {
        this.machine = machine;
        this.run = run;
    }

    void add(Figure figure) {
        figures.add(figure);
        System.out.println("  " + line(figure));
    }

    /** A sentence under a section's table: what limits a figure, how it was measured. */
    void note(String section, String text) {
        notes.computeIfAbsent(section, s -> new ArrayList<>()).add(text);
    }

    void write(Path markdown, Path json) throws IOException {
        Files.writeString(markdown, markdown(), StandardCharsets.UTF_8);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), json());
    }

    /** Replaces README's Performance section (to the next level-2 heading) with this run's results.md. */
    void regenerateReadme(Path readme) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf("\n## Performance\n");
        if (start < 0) {
            throw new IOException(readme + " has no '## Performance' section to regenerate");
        }
        int next = text.indexOf("\n## ", start + 1);
        String rest = next < 0 ? "" : text.substring(next);
        Files.writeString(readme, text.substring(0, start + 1) + markdown() + rest, StandardCharsets.UTF_8);
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Performance\n\n");
        md.append("Measured by `")
                .append(("bench/run " + run.get("arguments")).strip())
                .append("` on ")
                .append(run.get("date"))
                .append(" (")
                .append(run.get("duration"))
                .append(").\n");
        md.append("Machine: ")
                .append(machine.get("cpu"))
                .append(", ")
                .append(machine.get("cores"))
                .append(" cores, ")
                .append(machine.get("memory"))
                .append(" RAM; ")
                .append(machine.get("jdk"))
                .append("; ")
                .append(machine.get("os"))
                .append("; commit ")
                .append(run.get("commit"))
                .append(".\n");
        md.append("DynamoDB: ").append(run.get("dynamodb")).append(".\n");
        md.append("Load average (1/5/15 min) at start ")
                .append(run.get("load average at start"))
                .append(", at end ")
                .append(run.get("load average at end"))
                .append(" (the benchmark runs its servers and clients on the same cores).\n");
        md.append("Every figure is the median over the runs counted in *n*, with the spread (min–max) across them;"
                + " latencies are per call.\n");
        String section = null;
        for (Figure figure : figures) {
            if (!figure.section().equals(section)) {
                appendNotes(md, section);
                section = figure.section();
                md.append("\n### ").append(section).append("\n\n");
                md.append("| Figure | Median | Spread (min–max) | n | Target | |\n");
                md.append("|---|---:|---:|---:|---|---|\n");
            }
            md.append("| ")
                    .append(figure.name())
                    .append(figure.note().isEmpty() ? "" : " — " + figure.note())
                    .append(" | ")
                    .append(value(figure.stats().median(), figure.unit()))
                    .append(" | ")
                    .append(value(figure.stats().min(), figure.unit()))
                    .append(" – ")
                    .append(value(figure.stats().max(), figure.unit()))
                    .append(" | ")
                    .append(figure.stats().n())
                    .append(" | ")
                    .append(figure.target())
                    .append(" | ")
                    .append(figure.verdict().equals("misses") ? "**misses**" : figure.verdict())
                    .append(" |\n");
        }
        appendNotes(md, section);
        notes.keySet().stream()
                .filter(s -> figures.stream().noneMatch(f -> f.section().equals(s)))
                .forEach(s -> {
                    md.append("\n### ").append(s).append("\n");
                    appendNotes(md, s);
                });
        md.append("\nTo reproduce: `bench/run` (defaults as above; `--rows 1000000` for a million-row roster,"
                + " `--repeats K`, `--quick` for a small trial). It builds what is missing, runs the local"
                + " stack in its own JVM and rewrites `bench/results.md` and `bench/results.json`.\n");
        return md.toString();
    }

    private void appendNotes(StringBuilder md, String section) {
        if (section == null || !notes.containsKey(section)) {
            return;
        }
        md.append('\n');
        notes.get(section).forEach(note -> md.append("- ").append(note).append('\n'));
    }

    private ObjectNode json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        machine.forEach(root.putObject("machine")::put);
        run.forEach(root.putObject("run")::put);
        ArrayNode list = root.putArray("figures");
        for (Figure figure : figures) {
            ObjectNode node = list.addObject();
            node.put("section", figure.section())
                    .put("name", figure.name())
                    .put("unit", figure.unit())
                    .put("note", figure.note());
            Stats s = figure.stats();
            node.put("n", s.n())
                    .put("median", s.median())
                    .put("min", s.min())
                    .put("max", s.max())
                    .put("p25", s.p25())
                    .put("p75", s.p75())
                    .put("p99", s.p99())
                    .put("p99_9", s.p999());
            node.put("target", figure.target()).put("verdict", figure.verdict());
            if (figure.samples().size() <= MAX_LISTED_SAMPLES) {
                ArrayNode samples = node.putArray("samples");
                figure.samples().forEach(samples::add);
            }
        }
        ObjectNode noteNode = root.putObject("notes");
        notes.forEach((section, texts) -> texts.forEach(noteNode.withArray(section)::add));
        return root;
    }

    static String line(Figure figure) {
        return String.format(
                Locale.ROOT,
                "%s / %s: median %s (%s – %s, n=%d)%s",
                figure.section(),
                figure.name(),
                value(figure.stats().median(), figure.unit()),
                value(figure.stats().min(), figure.unit()),
                value(figure.stats().max(), figure.unit()),
                figure.stats().n(),
                figure.verdict().isEmpty() ? "" : " [" + figure.verdict() + " " + figure.target() + "]");
    }

    static String value(double value, String unit) {
        String number;
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            number = String.format(Locale.ROOT, "%,.0f", value);
        } else if (magnitude >= 10) {
            number = String.format(Locale.ROOT, "%.1f", value);
        } else {
            number = String.format(Locale.ROOT, "%.2f", value);
        }
        return unit.equals("x") ? number + "x" : number + " " + unit;
    }
}
