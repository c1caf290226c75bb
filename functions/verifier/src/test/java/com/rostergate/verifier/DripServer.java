package com.rostergate.verifier;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A server on loopback that answers every request one byte at a time, a byte every {@code gapMs}: each
 * read succeeds well within any socket timeout, yet the answer takes far longer than a verification's budget.
 * {@code dripHeaders} drips the status line and headers too; otherwise they come at once and the body drips.
 */
final class DripServer implements AutoCloseable {

    private static final String HEAD =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";

    private final ServerSocket server;
    private final Thread thread;

    DripServer(long gapMs, boolean dripHeaders) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(gapMs, dripHeaders), "drip-server");
        thread.setDaemon(true);
        thread.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void serve(long gapMs, boolean dripHeaders) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(true);
                socket.getInputStream().read(new byte[8192]);
                OutputStream out = socket.getOutputStream();
                byte[] head = HEAD.getBytes(StandardCharsets.US_ASCII);
                if (!dripHeaders) {
                    out.write(head);
                    head = new byte[0];
                }
                for (int i = 0; i < head.length + 1000; i++) {
                    out.write(i < head.length ? head[i] : '{');
                    out.flush();
                    Thread.sleep(gapMs);
                }
            } catch (IOException | InterruptedException closedOrGone) {
                // the client hung up (as it should at its deadline), or the server is stopping
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
