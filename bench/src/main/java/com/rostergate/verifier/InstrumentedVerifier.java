package com.rostergate.verifier;

import java.util.Map;

/**
 * The verifier handler wired as in production (same Kakao client, same roster lookup, same client
 * timeouts) through its collaborator constructor, with a stopwatch around each of its two dependency
 * calls: the benchmark subtracts them from the handler's time to get the handler's own share. Lives in
 * the verifier's package because that seam is package-private.
 */
public final class InstrumentedVerifier {

    private final VerifierHandler handler;
    private volatile long kakaoNanos;
    private volatile long dynamoNanos;

    public InstrumentedVerifier(Map<String, String> env) {
        Map<String, String> settings = VerifierSecrets.resolve(env).settings();
        VerifierConfig config = VerifierConfig.from(settings);
        HostLookup hosts = HostLookup.system();
        KakaoProfileClient kakao = new KakaoProfileClient(config.kakaoBaseUrl(), config.restApiKey(), hosts);
        DynamoRosterLookup roster =
                new DynamoRosterLookup(VerifierHandler.dynamo(settings, config), config.employeesTable(), hosts);
        this.handler = new VerifierHandler(
                config,
                (token, deadline) -> {
                    long start = System.nanoTime();
                    try {
                        return kakao.fetch(token, deadline);
                    } finally {
                        kakaoNanos += System.nanoTime() - start;
                    }
                },
                (e164, deadline) -> {
                    long start = System.nanoTime();
                    try {
                        return roster.find(e164, deadline);
                    } finally {
                        dynamoNanos += System.nanoTime() - start;
                    }
                });
    }

    public VerifierHandler handler() {
        return handler;
    }

    /** Time spent in the Kakao and DynamoDB calls since the last reset, {@code [kakao, dynamo]} in nanoseconds. */
    public long[] takeDependencyNanos() {
        long[] taken = {kakaoNanos, dynamoNanos};
        kakaoNanos = 0;
        dynamoNanos = 0;
        return taken;
    }
}
