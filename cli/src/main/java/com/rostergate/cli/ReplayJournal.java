package com.rostergate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers on disk, each line forced to the device before the step it announces, where a selective
 * replay is with each message: about to be sent, sent, deleted from the dead-letter queue. Run again
 * after an interruption, a replay deletes a SENT message's copy instead of sending it again, and
 * checks a message left SENDING before it decides (the send may or may not have happened).
 */
final class ReplayJournal implements AutoCloseable {

    /** Where a dead-lettered message is; a message not in the journal is NEW. */
    enum State {
        NEW,
        SENDING,
        SENT
    }

    private final Map<String, State> states = new HashMap<>();
    private final FileChannel channel;

    ReplayJournal(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int space = line.indexOf(' ');
                    if (space > 0) {
                        String step = line.substring(0, space);
                        String messageId = line.substring(space + 1);
                        switch (step) {
                            case "SENDING" -> states.put(messageId, State.SENDING);
                            case "SENT" -> states.put(messageId, State.SENT);
                            case "DELETED" -> states.remove(messageId);
                            default ->
                                throw new UserError(
                                        "Replay journal " + file + " has a line this version cannot read: " + line);
                        }
                    }
                }
            }
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open replay journal " + file, e);
        }
    }

    State state(String messageId) {
        return states.getOrDefault(messageId, State.NEW);
    }

    void markSending(String messageId) {
        record("SENDING", messageId, State.SENDING);
    }

    void markSent(String messageId) {
        record("SENT", messageId, State.SENT);
    }

    void markDeleted(String messageId) {
        record("DELETED", messageId, null);
    }

    private void record(String step, String messageId, State state) {
        try {
            channel.write(ByteBuffer.wrap((step + " " + messageId + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (state == null) {
            states.remove(messageId);
        } else {
            states.put(messageId, state);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
