package com.rostergate.verifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.rostergate.aws.AwsClients;
import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.core.telemetry.JsonLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Kakao auth skill: API Gateway (HTTP API v2 or REST v1) event in, Kakao reply out.
 *
 * <p>Everything is built here, once: on Lambda that is the init phase SnapStart snapshots. Before the
 * snapshot, {@link #beforeCheckpoint} primes the request path (JSON, phone metadata, Resilience4j,
 * the DynamoDB client's signing and HTTP) so a restored instance answers its first request warm.
 */
public final class VerifierHandler implements RequestStreamHandler, Resource {

    private static final String PRIMING_PROFILE = "{\"nickname\":\"priming\",\"phone_number\":\"+82 10-0000-0000\","
            + "\"app_user_id\":" + PrimingEvents.APP_USER_ID + "}";

    private static final String PRIMING_FOREIGN_PHONE = "+1 202-555-0143";

    static {
        TlsKeyShares.preferCheapKeyShares(); // before any of its clients' TLS
    }

    /** Priming's passes over both request shapes (each one roster lookup of the priming phone). */
    static final int PRIMING_ROUNDS = 100;

    private final VerifierConfig config;
    private final ProfileSource profiles;
    private final Verifier verifier;
    private final SkillEndpoint endpoint;

    public VerifierHandler() {
        this(System.getenv());
    }

    /** Reads the secrets its environment refers to, then builds everything from them and the environment. */
    public VerifierHandler(Map<String, String> env) {
        this(VerifierSecrets.resolve(env));
    }

    private VerifierHandler(VerifierSecrets.Resolved settings) {
        this(VerifierConfig.from(settings.settings()), HostLookup.system(), settings.settings());
        // What the secrets cost the start: the bench reads this line, CloudWatch keeps it.
        JsonLog.to(System.out::println)
                .info("verifier-started")
                .field("secretsReadMs", settings.readMs())
                .write();
    }

    private VerifierHandler(VerifierConfig config, HostLookup hosts, Map<String, String> env) {
        this(
                config,
                new KakaoProfileClient(config.kakaoBaseUrl(), config.restApiKey(), hosts),
                new DynamoRosterLookup(dynamo(env, config), config.employeesTable(), hosts));
    }

    /** With its collaborators given: for tests and fault injection. */
    VerifierHandler(VerifierConfig config, ProfileSource profiles, RosterLookup roster) {
        this.config = config;
        this.profiles = profiles;
        this.verifier = new Verifier(profiles, roster, new PhoneNormaliser(), config.budget());
        this.endpoint = new SkillEndpoint(config, verifier);
        if (!config.callerCheck().isOpenToItsCaller()) {
            JsonLog.to(System.out::println)
                    .error("skill-closed")
                    .field("reason", Reason.SKILL_SECRET_NOT_SET.name())
                    .message("no skill secret of " + CallerCheck.MIN_SECRET_LENGTH
                            + "+ characters: every call is refused")
                    .write();
        }
        Core.getGlobalContext().register(this);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readNBytes(SkillEndpoint.MAX_EVENT_BYTES + 1);
        String requestId = context == null ? null : context.getAwsRequestId();
        output.write(endpoint.handle(event, requestId, logTo(context)));
    }

    /**
     * Runs both request shapes end to end {@link #PRIMING_ROUNDS} times, reading a canned profile instead of calling
     * Kakao: often enough for the JIT to compile the request path (JSON, signing, the SDK's pipeline), and the
     * snapshot keeps compiled code. After one round the restored first request still ran mostly interpreted.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        SkillEndpoint primer = endpoint.with(verifier.readingProfilesFrom((token, deadline) ->
                Optional.of(KakaoProfile.parse(PRIMING_PROFILE.getBytes(StandardCharsets.UTF_8)))));
        Consumer<String> discard = line -> {};
        List<byte[]> events = PrimingEvents.all(config);
        for (int round = 0; round < PRIMING_ROUNDS; round++) {
            for (byte[] event : events) {
                primer.handle(event, "priming", discard);
            }
        }
        // A number off the Korean-mobile fast path builds libphonenumber's full parser (PhoneNormaliser builds it on
        // first use): in the snapshot, not in a restored instance's first request that needs it.
        new PhoneNormaliser().normalise(PRIMING_FOREIGN_PHONE);
        profiles.warmUp();
        verifier.resetCircuit();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: clients hold no per-instance credentials and stale keep-alive sockets expire by age.
    }

    /** The roster's client: every timeout is the budget (each call also gets the time left as its API-call timeout). */
    static DynamoDbClient dynamo(Map<String, String> env, VerifierConfig config) {
        return AwsClients.builder(env)
                .connectTimeout(config.budget())
                .socketTimeout(config.budget())
                .apiCallTimeout(config.budget())
                .build()
                .build(DynamoDbClient.builder(), "DYNAMODB");
    }

    /** Records, not method references: priming cannot reach this call, and a reference's first use costs ~1 ms. */
    private static Consumer<String> logTo(Context context) {
        LambdaLogger logger = context == null ? null : context.getLogger();
        return logger == null ? new StandardOutput() : new ContextLog(logger);
    }

    private record StandardOutput() implements Consumer<String> {
        @Override
        public void accept(String line) {
            System.out.println(line);
        }
    }

    private record ContextLog(LambdaLogger logger) implements Consumer<String> {
        @Override
        public void accept(String line) {
            logger.log(line);
        }
    }
}
