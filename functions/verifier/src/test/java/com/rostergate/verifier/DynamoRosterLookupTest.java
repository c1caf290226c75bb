package com.rostergate.verifier;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The roster lookup's DNS step ends by the deadline, before the SDK (whose lookup cannot be cut short) is called. */
class DynamoRosterLookupTest {

    private static Deadline in(long millis) {
        return Deadline.after(Duration.ofMillis(millis));
    }

    @Test
    void aHungDnsLookupOfTheEndpointIsATimeoutByTheDeadline() {
        HostLookup hung = new HostLookup(host -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.net.UnknownHostException(host);
        });
        try (DynamoDbClient client = DynamoDbClient.builder()
                .region(Region.AP_NORTHEAST_2)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create("http://roster-db.invalid:1"))
                .build()) {
            DynamoRosterLookup roster = new DynamoRosterLookup(client, "employees", hung);
            assertThrows(ApiCallTimeoutException.class, () -> roster.find("+821022223333", in(100)));
            long start = System.nanoTime();
            assertThrows(ApiCallTimeoutException.class, () -> roster.find("+821022223333", in(300)));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs < 300 + 100, elapsedMs + " ms");
        }
    }
}
