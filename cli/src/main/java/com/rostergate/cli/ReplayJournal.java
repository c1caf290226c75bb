package com.rostergate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;

/**
 * Remembers, on disk and before the dead-letter copy is deleted, which messages a selective replay
 * already sent back. A replay interrupted between "sent" and "deleted" therefore deletes the copy on
 * its next run instead of sending the message a second time.
 */
final class ReplayJournal implements AutoCloseable {

    private final Set<String> sent = new HashSet<>();
    private final FileChannel channel;

    ReplayJournal(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith("SENT ")) {
                        sent.add(line.substring(5));
                    } else if (line.startsWith("DELETED ")) {
                        sent.remove(line.substring(8));
                    }
                }
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open replay journal " + file, e);
        }
    }

    boolean wasSent(String messageId) {
        return sent.contains(messageId);
    }

    void markSent(String messageId) {
        append("SENT " + messageId);
        sent.add(messageId);
    }

    void markDeleted(String messageId) {
        append("DELETED " + messageId);
        sent.remove(messageId);
    }

    private void append(String line) {
        try {
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
