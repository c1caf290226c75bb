package com.rostergate.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one place AWS SDK clients are built. Everything comes from the function's environment map
 * (on Lambda that is {@code System.getenv()}; the local stack passes the template's variables):
 * region and credentials are read directly, so start-up never probes instance metadata or profile
 * files, and {@code AWS_ENDPOINT_URL_<SERVICE>} / {@code AWS_ENDPOINT_URL} redirect a client to the
 * local stack. The HTTP client is always the lean URLConnection one, chosen explicitly, and one per
 * {@code AwsClients}: every SDK client built here shares it (a function builds one {@code AwsClients}).
 *
 * <p>Retries are chosen per client ({@link Retries}), never left to the SDK's defaults: a client whose calls the
 * code retries itself (its loops with backoff inside the invocation's deadline: {@code Retrying}, BatchWriteItem's
 * unprocessed items) makes one attempt per call, so the SDK's retries never nest inside the code's; the others
 * get the SDK's standard strategy with {@value #SDK_ATTEMPTS} attempts.
 */
public final class AwsClients {

    /** Attempts per call of a client with {@link Retries#SDK}: the standard strategy's, stated here. */
    public static final int SDK_ATTEMPTS = 3;

    /** Who retries a client's failed calls. */
    public enum Retries {
        /** The SDK, with its standard strategy (backoff, throttling and 5xx) and {@value #SDK_ATTEMPTS} attempts. */
        SDK,
        /** The calling code, in its own loop: the SDK makes one attempt. */
        CALLER
    }

    private final Map<String, String> env;
    private final SdkHttpClient httpClient;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final ClientOverrideConfiguration sdkRetries;
    private final ClientOverrideConfiguration callerRetries;

    private AwsClients(Builder builder) {
        this.env = builder.env;
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(builder.connectTimeout)
                .socketTimeout(builder.socketTimeout)
                .build();
        this.credentials = credentialsFrom(env);
        this.region =
                Region.of(env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "ap-northeast-2")));
        ClientOverrideConfiguration.Builder config = ClientOverrideConfiguration.builder();
        if (builder.apiCallTimeout != null) {
            config.apiCallTimeout(builder.apiCallTimeout);
        }
        if (builder.apiCallAttemptTimeout != null) {
            config.apiCallAttemptTimeout(builder.apiCallAttemptTimeout);
        }
        this.sdkRetries = config.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(SDK_ATTEMPTS)
                        .build())
                .build();
        this.callerRetries = sdkRetries.toBuilder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .build();
    }

    public static Builder builder(Map<String, String> env) {
        return new Builder(env);
    }

    /** {@link #build(AwsSyncClientBuilder, String, Retries)} with the SDK retrying ({@link Retries#SDK}). */
    public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(B builder, String serviceId) {
        return build(builder, serviceId, Retries.SDK);
    }

    /**
     * Configures {@code builder} (e.g. {@code DynamoDbClient.builder()}) for this environment and builds it.
     * {@code serviceId} is the SDK's endpoint variable suffix: {@code DYNAMODB}, {@code S3}, {@code SQS}.
     */
    public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(
            B builder, String serviceId, Retries retries) {
        builder.httpClient(httpClient)
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(retries == Retries.SDK ? sdkRetries : callerRetries);
        URI endpoint = endpointFor(serviceId);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** The endpoint override for a service, or null when the SDK should use the real AWS endpoint. */
    public URI endpointFor(String serviceId) {
        String specific = env.get("AWS_ENDPOINT_URL_" + serviceId.toUpperCase(Locale.ROOT));
        String value = specific != null && !specific.isBlank() ? specific : env.get("AWS_ENDPOINT_URL");
        return value == null || value.isBlank() ? null : URI.create(value);
    }

    public Region region() {
        return region;
    }

    private static AwsCredentialsProvider credentialsFrom(Map<String, String> env) {
        String keyId = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (keyId == null || secret == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String token = env.get("AWS_SESSION_TOKEN");
        AwsCredentials credentials = token == null || token.isBlank()
                ? AwsBasicCredentials.create(keyId, secret)
                : AwsSessionCredentials.create(keyId, secret, token);
        return StaticCredentialsProvider.create(credentials);
    }

    public static final class Builder {
        private final Map<String, String> env;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration socketTimeout = Duration.ofSeconds(30);
        private Duration apiCallTimeout;
        private Duration apiCallAttemptTimeout;

        private Builder(Map<String, String> env) {
            this.env = Map.copyOf(env);
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder socketTimeout(Duration value) {
            this.socketTimeout = value;
            return this;
        }

        /** Bounds a whole call including the SDK's own retries. */
        public Builder apiCallTimeout(Duration value) {
            this.apiCallTimeout = value;
            return this;
        }

        public Builder apiCallAttemptTimeout(Duration value) {
            this.apiCallAttemptTimeout = value;
            return this;
        }

        public AwsClients build() {
            return new AwsClients(this);
        }
    }
}
