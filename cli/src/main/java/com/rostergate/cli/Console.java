package com.rostergate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/** What a command prints: human lines, or one JSON document with {@code --json}; progress goes to stderr. */
final class Console {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    Console(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    boolean isJson() {
        return json;
    }

    void line(String format, Object... args) {
        out.println(args.length == 0 ? format : String.format(format, args));
        out.flush();
    }

    void json(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    void note(String format, Object... args) {
        err.println(String.format(format, args));
        err.flush();
    }

    Progress progress(String label) {
        return new Progress(err, label);
    }

    /** A one-line progress bar on stderr, redrawn in place. */
    static final class Progress {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final String label;
        private String last = "";

        private Progress(PrintWriter err, String label) {
            this.err = err;
            this.label = label;
        }

        void update(long done, long total, String status) {
            int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, done * WIDTH / total);
            String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
            String percent = total <= 0 ? "  ?%" : String.format("%3d%%", Math.min(100, done * 100 / total));
            String text = String.format("%s [%s] %s %,d/%,d %s", label, bar, percent, done, Math.max(total, 0), status);
            if (!text.equals(last)) {
                err.print("\r" + text + " ".repeat(Math.max(0, last.length() - text.length())));
                err.flush();
                last = text;
            }
        }

        void finish() {
            if (!last.isEmpty()) {
                err.println();
                err.flush();
            }
        }
    }
}
