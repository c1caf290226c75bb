package com.rostergate.verifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

/**
 * The training run of the JDK 25 AOT cache ({@code functions/verifier/aot/make-aot-cache}, used by the
 * container image's build and by {@code bench/run}): the handler is built from its environment and primed,
 * exactly as at a SnapStart checkpoint, with Secrets Manager and DynamoDB played by a server on loopback,
 * so the run needs no network and no AWS account. Whatever it loads and profiles, the cache keeps. The server
 * speaks HTTPS ({@link TrainingTls}), as AWS does: a cache trained over plain HTTP would leave the JDK's TLS out,
 * and a fresh JVM's first handshake is the largest single cost of its start.
 */
public final class AotTraining {

    static final String SECRET =
            "{\"kakaoRestApiKey\":\"aot-training\",\"skillSecret\":\"aot-training-skill-secret-0123456789\"}";

    private AotTraining() {}

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        TlsKeyShares.preferCheapKeyShares(); // as the handler's class does, before this run's own TLS
        TrainingTls tls = TrainingTls.create();
        tls.trustInThisJvm();
        HttpsServer aws = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        aws.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        aws.createContext("/", AotTraining::answer);
        aws.start();
        try {
            String endpoint =
                    "https://" + TrainingTls.HOST + ":" + aws.getAddress().getPort();
            Map<String, String> env = new HashMap<>();
            env.put("EMPLOYEES_TABLE", "aot-training");
            // Kakao too: priming's last step, the TLS warm-up with Kakao's host, must not leave the machine.
            env.put("KAKAO_API_BASE_URL", endpoint);
            env.put(VerifierSecrets.REFERENCE, "arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:aot");
            env.put("AWS_REGION", "ap-northeast-2");
            env.put("AWS_ACCESS_KEY_ID", "aot-training");
            env.put("AWS_SECRET_ACCESS_KEY", "aot-training");
            env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint);
            env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoint);
            new VerifierHandler(env).beforeCheckpoint(null);
        } finally {
            aws.stop(0);
        }
    }

    /** GetSecretValue answers the secret; GetItem answers the priming phone's employee. */
    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String body = target.endsWith("GetSecretValue")
                    ? "{\"ARN\":\"aot-training\",\"Name\":\"aot-training\",\"SecretString\":" + quoted(SECRET) + "}"
                    : "{\"Item\":{\"phone\":{\"S\":\"+821000000000\"},\"name\":{\"S\":\"priming\"}}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String protocol = target.endsWith("GetSecretValue") ? "1.1" : "1.0";
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-" + protocol);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
