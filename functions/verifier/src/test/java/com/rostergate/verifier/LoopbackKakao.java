package com.rostergate.verifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on loopback answering {@code /otp/<token>/profile} with canned responses, for
 * unit tests of the real HTTP path (the full fake Kakao lives in local/, which depends on this module).
 */
final class LoopbackKakao implements AutoCloseable {

    record Answer(int status, String body, long delayMs, String location) {
        static Answer of(int status, String body) {
            return new Answer(status, body, 0, null);
        }
    }

    static final Map<String, Answer> STANDARD = Map.of(
        "employee-token-0001", Answer.of(200, "{\"nickname\":\"김민준\",\"phone_number\":\"+82 10-2222-3333\",\"app_user_id\":1}"),
        "stranger-token-0001", Answer.of(200, "{\"nickname\":\"정민호\",\"phone_number\":\"+82 10-9999-0404\",\"app_user_id\":2}"),
        "badphone-token-0001", Answer.of(200, "{\"nickname\":\"최유나\",\"phone_number\":\"+82 10-12\",\"app_user_id\":3}"),
        "missing-token-0001", Answer.of(404, "{\"msg\":\"otp not found\",\"code\":-404}"),
        "broken-token-0001", Answer.of(500, "{\"msg\":\"internal error\",\"code\":-500}"),
        "refused-token-0001", Answer.of(401, "{\"msg\":\"wrong appKey\",\"code\":-401}"),
        "huge-token-0001", Answer.of(200, "{\"nickname\":\"" + "x".repeat(40_000) + "\"}"),
        "garbled-token-0001", Answer.of(200, "<html>not json</html>"),
        "moved-token-0001", new Answer(302, "", 0, "/elsewhere"),
        "slow-token-0001", new Answer(200, "{}", 3_000, null));

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers;

    LoopbackKakao(Map<String, Answer> answers) throws IOException {
        this.answers = answers;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requests.add(path + "?" + exchange.getRequestURI().getRawQuery());
        Answer answer = answers.getOrDefault(path.replaceAll(".*/otp/([^/]+)/profile", "$1"), Answer.of(418, ""));
        try (exchange) {
            Thread.sleep(answer.delayMs());
            if (answer.location() != null) {
                exchange.getResponseHeaders().set("Location", baseUrl() + answer.location());
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (InterruptedException | IOException clientGoneOrClosing) {
            // the client timed out first, or the server is stopping
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
