package com.rostergate.it.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * Passes SQS's JSON protocol through to the real server, except that the first SendMessage is held
 * forever, before or after it is passed on: a client killed meanwhile dies exactly between "about to
 * send" and "sent". Keeps the receipt handles it saw, so a test can make what the client received visible again.
 */
final class HangingSqsProxy implements AutoCloseable {

    /** Whether the held SendMessage reaches the queue. */
    enum Hold {
        BEFORE_SENDING,
        AFTER_SENDING
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "content-length", "connection", "expect", "transfer-encoding");

    final CountDownLatch sendHeld = new CountDownLatch(1);
    final List<String> receiptHandles = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newHttpClient();
    private final HttpServer server;
    private final String target;
    private final Hold hold;

    HangingSqsProxy(String target, Hold hold) throws IOException {
        this.target = target;
        this.hold = hold;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean send =
                    "AmazonSQS.SendMessage".equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            if (send && hold == Hold.BEFORE_SENDING && heldUntilClosed()) {
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (send && hold == Hold.AFTER_SENDING && heldUntilClosed()) {
                return;
            }
            if ("AmazonSQS.ReceiveMessage".equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"))) {
                JSON.readTree(response.body()).findValuesAsText("ReceiptHandle").forEach(receiptHandles::add);
            }
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            int length = response.body().length;
            exchange.sendResponseHeaders(response.statusCode(), length == 0 ? -1 : length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first send only: tells the test it is held, then answers nothing until the proxy is closed. */
    private boolean heldUntilClosed() throws InterruptedException {
        if (sendHeld.getCount() == 0) {
            return false;
        }
        sendHeld.countDown();
        closing.await();
        return true;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
