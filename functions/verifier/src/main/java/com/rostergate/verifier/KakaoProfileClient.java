package com.rostergate.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * GET {@code <KAKAO_API_BASE_URL>/otp/<token>/profile?rest_api_key=<key>}.
 *
 * <p>Built on {@link HttpURLConnection}: the SDK's URLConnection client already loads that stack, so
 * the Kakao call adds no classes, threads or selector to the cold start, and its keep-alive cache is
 * shared. The DNS lookup ({@link HostLookup}), connect and read timeouts come from the verification's
 * deadline, a connection still waiting for the status line at the deadline is closed and the body is
 * read against the deadline, so neither a hung nor a slowly dripping Kakao keeps the thread past the
 * answer (a body that stops mid-way waits out one read timeout). Redirects are not followed. The URL
 * carries the key, so neither
 * it nor any exception message (HttpURLConnection puts the URL in some) ever leaves this class.
 */
final class KakaoProfileClient implements ProfileSource {

    private static final int MAX_PROFILE_BYTES = 16 * 1024;
    /** Handshakes {@link #warmUp} makes: enough for the JIT to compile most of the client's side of TLS 1.3. */
    static final int WARM_UP_HANDSHAKES = 20;

    private static final int WARM_UP_TIMEOUT_MS = 2_000;
    /** Closes a connection still waiting for its answer at the deadline (a socket timeout bounds one read only). */
    private static final ScheduledThreadPoolExecutor CUT_OFF = cutOffThread();

    private final String base;
    private final String host;
    private final int port;
    private final boolean tls;
    private final String keyQuery;
    private final HostLookup hosts;

    KakaoProfileClient(String baseUrl, String restApiKey) {
        this(baseUrl, restApiKey, HostLookup.system());
    }

    KakaoProfileClient(String baseUrl, String restApiKey, HostLookup hosts) {
        this.base = baseUrl + "/otp/";
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.tls = "https".equals(uri.getScheme());
        this.port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        this.keyQuery = "/profile?rest_api_key=" + URLEncoder.encode(restApiKey, StandardCharsets.UTF_8);
        this.hosts = hosts;
    }

    @Override
    public Optional<KakaoProfile> fetch(String token, Deadline deadline) throws IOException {
        hosts.await(host, deadline);
        // No + and no lambda here: their call sites would be bootstrapped on the first real request (some 5 ms),
        // which SnapStart's priming never reaches, as it does not call Kakao.
        HttpURLConnection connection =
                (HttpURLConnection) new URL(base.concat(token).concat(keyQuery)).openConnection();
        ScheduledFuture<?> cutOff =
                CUT_OFF.schedule(new Disconnect(connection), deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        try {
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout(deadline.socketTimeoutMillis());
            connection.setReadTimeout(deadline.socketTimeoutMillis());
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            // Only until the status and headers are in: disconnect() then closes just this socket. Once a body
            // stream exists it would close idle pooled connections too, so the body is bounded by readCapped.
            if (!cutOff.cancel(false)) {
                throw new SocketTimeoutException("no answer by the deadline");
            }
            if (status == HttpURLConnection.HTTP_OK) {
                try (InputStream body = connection.getInputStream()) {
                    return Optional.of(KakaoProfile.parse(readCapped(body, deadline)));
                }
            }
            drain(connection);
            if (status == HttpURLConnection.HTTP_NOT_FOUND || status == HttpURLConnection.HTTP_BAD_REQUEST) {
                return Optional.empty();
            }
            throw new KakaoStatusException(status);
        } catch (KakaoStatusException e) {
            throw e;
        } catch (IOException e) {
            // Re-thrown without the message: for HTTP errors HttpURLConnection writes the full URL, key included.
            throw new IOException(e.getClass().getSimpleName());
        } finally {
            cutOff.cancel(false);
        }
    }

    /**
     * Full TLS handshakes with Kakao's host, sending nothing over them: priming never calls Kakao, so without this a
     * restored snapshot's first request would run the JVM's first handshakes (Kakao's and, as connections do not
     * survive a restore, DynamoDB's) mostly interpreted. Each session is dropped, so the next handshake is a full
     * one and the snapshot keeps none. A host that cannot be reached ends the warm-up, quietly: it is an
     * optimisation, and the first request reports its own failure.
     */
    @Override
    public void warmUp() {
        warmUp(HttpsURLConnection.getDefaultSSLSocketFactory());
    }

    void warmUp(SSLSocketFactory factory) {
        if (!tls) {
            return;
        }
        for (int i = 0; i < WARM_UP_HANDSHAKES; i++) {
            try (SSLSocket socket = (SSLSocket) factory.createSocket()) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // as HttpsURLConnection checks the name
                parameters.setServerNames(List.of(new SNIHostName(host)));
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(WARM_UP_TIMEOUT_MS);
                socket.connect(new InetSocketAddress(host, port), WARM_UP_TIMEOUT_MS);
                socket.startHandshake();
                socket.getSession().invalidate();
            } catch (IOException | IllegalArgumentException unreachable) {
                return;
            }
        }
    }

    private static ScheduledThreadPoolExecutor cutOffThread() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "kakao-cut-off");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.prestartCoreThread(); // at init, not on the first request
        return timer;
    }

    private record Disconnect(HttpURLConnection connection) implements Runnable {
        @Override
        public void run() {
            connection.disconnect();
        }
    }

    /** Reads what arrives, checking the deadline between reads: a body dripped byte by byte ends at the deadline. */
    private static byte[] readCapped(InputStream in, Deadline deadline) throws IOException {
        byte[] body = new byte[MAX_PROFILE_BYTES + 1];
        int length = 0;
        for (int read = 0; read >= 0 && length < body.length; read = in.read(body, length, body.length - length)) {
            length += read;
            if (deadline.passed()) {
                throw new SocketTimeoutException("profile not read by the deadline");
            }
        }
        if (length > MAX_PROFILE_BYTES) {
            throw new IOException("profile larger than " + MAX_PROFILE_BYTES + " bytes");
        }
        return Arrays.copyOf(body, length);
    }

    /** Reads an error body to its end so the connection can go back to the keep-alive cache. */
    private static void drain(HttpURLConnection connection) throws IOException {
        try (InputStream error = connection.getErrorStream()) {
            if (error != null) {
                error.readNBytes(MAX_PROFILE_BYTES);
            }
        }
    }

    /** Kakao answered, but with a status that means it could not serve the profile (5xx, or our key refused). */
    static final class KakaoStatusException extends IOException {
        private final int status;

        KakaoStatusException(int status) {
            super("Kakao answered HTTP " + status);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
