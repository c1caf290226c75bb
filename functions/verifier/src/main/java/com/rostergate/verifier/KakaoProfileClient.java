package com.rostergate.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * GET {@code <KAKAO_API_BASE_URL>/otp/<token>/profile?rest_api_key=<key>}.
 *
 * <p>Built on {@link HttpURLConnection}: the SDK's URLConnection client already loads that stack, so
 * the Kakao call adds no classes, threads or selector to the cold start, and its keep-alive cache is
 * shared. Connect and read timeouts come from the verification's deadline, so a hung Kakao releases
 * the thread when the answer is due. Redirects are not followed. The URL carries the key, so neither
 * it nor any exception message (HttpURLConnection puts the URL in some) ever leaves this class.
 */
final class KakaoProfileClient implements ProfileSource {

    private static final int MAX_PROFILE_BYTES = 16 * 1024;

    private final ObjectMapper json;
    private final String base;
    private final String keyQuery;

    KakaoProfileClient(ObjectMapper json, String baseUrl, String restApiKey) {
        this.json = json;
        this.base = baseUrl + "/otp/";
        this.keyQuery = "/profile?rest_api_key=" + URLEncoder.encode(restApiKey, StandardCharsets.UTF_8);
    }

    @Override
    public Optional<KakaoProfile> fetch(String token, Deadline deadline) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(base + token + keyQuery).openConnection();
        try {
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout(deadline.socketTimeoutMillis());
            connection.setReadTimeout(deadline.socketTimeoutMillis());
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            if (status == HttpURLConnection.HTTP_OK) {
                try (InputStream body = connection.getInputStream()) {
                    return Optional.of(KakaoProfile.parse(json, readCapped(body)));
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
        }
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_PROFILE_BYTES + 1);
        if (body.length > MAX_PROFILE_BYTES) {
            throw new IOException("profile larger than " + MAX_PROFILE_BYTES + " bytes");
        }
        return body;
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
