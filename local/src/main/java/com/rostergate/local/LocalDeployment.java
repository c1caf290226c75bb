package com.rostergate.local;

import com.rostergate.aws.AwsClients;
import com.rostergate.fixtures.kakao.FakeKakaoServer;
import com.rostergate.fixtures.lambda.LocalContext;
import com.rostergate.local.cloudformation.CloudFormationServer;
import com.rostergate.local.cloudformation.StackDescription;
import com.rostergate.local.dynamodb.DynamoDbLimits;
import com.rostergate.local.dynamodb.DynamoDbProxy;
import com.rostergate.local.events.EventBridgeBlobStore;
import com.rostergate.local.events.EventBridgeServer;
import com.rostergate.local.events.EventRouter;
import com.rostergate.local.events.ObjectCreatedEvents;
import com.rostergate.local.events.Schedules;
import com.rostergate.local.http.HttpApiServer;
import com.rostergate.local.lambda.AsyncInvoker;
import com.rostergate.local.lambda.LocalFunction;
import com.rostergate.local.lambda.SqsPoller;
import com.rostergate.local.lambda.TemplateHandlers;
import com.rostergate.local.secrets.SecretsManagerServer;
import com.rostergate.local.servers.DynoxideServer;
import com.rostergate.local.servers.ElasticMqServer;
import com.rostergate.local.servers.S3ProxyServer;
import com.rostergate.local.template.FunctionDefinition;
import com.rostergate.local.template.FunctionDefinition.HttpRoute;
import com.rostergate.local.template.LocalNaming;
import com.rostergate.local.template.LocalTemplate;
import com.rostergate.local.template.StackDefinition;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole application on one machine: Dynoxide (DynamoDB, a child process), ElasticMQ and S3Proxy on
 * 127.0.0.1, provisioned from {@code sam/template.yaml}, with the template's functions run the way
 * Lambda runs them — S3 uploads and PutEvents routed through the EventBridge rules to asynchronous invocations,
 * SQS event sources polled in batches, HTTP API routes served on a local port, Schedule events fired
 * on their rate — CloudFormation's DescribeStacks answering with the template's outputs, and Secrets
 * Manager's GetSecretValue serving the template's secrets, which the verifier reads at start.
 */
public final class LocalDeployment implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";
    public static final String STACK_NAME = "rostergate";

    /** Endpoints-file keys naming the template's resources (their Ref: a bucket or table name, a queue URL). */
    private static final Map<String, String> NAMED_RESOURCES = namedResources();
    /** The function whose HTTP API route is the Kakao skill. */
    private static final String SKILL_FUNCTION = "VerifierFunction";

    private static final Duration DRAIN = Duration.ofSeconds(2);
    private static final int RANDOM_PORT_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(LocalDeployment.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final List<SqsPoller> pollers = new ArrayList<>();
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private S3Client s3;
    private SqsClient sqs;
    private DynamoDbClient dynamoDb;
    private AsyncInvoker asyncInvoker;
    private EventRouter router;
    private FakeKakaoServer kakao;
    private DynamoDbProxy dynamoDbProxy;
    private volatile DynoxideServer dynamoDbServer;

    private LocalDeployment() {}

    public static Builder builder() {
        return new Builder();
    }

    private void start(Builder options) throws Exception {
        Ports ports = options.ports.resolve(HOST, options.kakaoProfiles.isPresent());
        LocalNaming naming = new LocalNaming(STACK_NAME, LocalNaming.ACCOUNT_ID, LocalNaming.REGION, url(ports.sqs()));
        String skillSecret = options.skillSecret.orElseGet(LocalDeployment::randomSecret);
        Map<String, String> localDefaults = new LinkedHashMap<>();
        localDefaults.put("KakaoRestApiKey", FakeKakaoServer.DEMO_REST_API_KEY);
        localDefaults.put("SkillSecret", skillSecret);
        if (options.kakaoProfiles.isPresent()) {
            kakao = FakeKakaoServer.start(HOST, ports.kakao(), options.kakaoProfiles.get());
            started.push(kakao);
        }

        // Everything the template says is checked before the AWS servers start.
        LocalTemplate template = LocalTemplate.load(options.template(), naming, localDefaults, options.parameters);
        StackDefinition stack = StackDefinition.read(template);
        checkNamedResources(template, stack);
        Map<String, String> awsEnvironment = awsEnvironment(ports);
        AwsClients clients = AwsClients.builder(awsEnvironment).build();
        s3 = clients.build(S3Client.builder().forcePathStyle(true), "S3");
        sqs = clients.build(SqsClient.builder(), "SQS");
        dynamoDb = clients.build(DynamoDbClient.builder(), "DYNAMODB");
        started.push(s3);
        started.push(sqs);
        started.push(dynamoDb);
        createFunctions(stack, options, awsEnvironment);
        asyncInvoker = new AsyncInvoker(sqs, options.asyncRetryDelay);
        started.push(asyncInvoker);
        router = new EventRouter(stack.rules(), new EventRouter.Targets() {
            @Override
            public void toFunction(String functionId, byte[] event, Optional<String> ruleDeadLetterQueueUrl) {
                asyncInvoker.invoke(functions.get(functionId), event, ruleDeadLetterQueueUrl);
            }

            @Override
            public void toQueue(String queueUrl, String event) {
                sqs.sendMessage(message -> message.queueUrl(queueUrl).messageBody(event));
            }
        });
        started.push(
                EventBridgeServer.start(HOST, ports.events(), naming.accountId(), naming.region(), router::publish));

        EventBridgeBlobStore store = new EventBridgeBlobStore(
                S3ProxyServer.store(options.dataDir.map(dir -> directory(dir.resolve("s3")))),
                new ObjectCreatedEvents(naming.accountId(), naming.region()),
                router::publish);
        startServers(ports, naming, options.dataDir, options.dynamoDbLimits, store);

        Provisioning provisioning = new Provisioning(template);
        started.push(SecretsManagerServer.start(HOST, ports.secretsManager(), provisioning.secrets()));
        provisioning.createBuckets(s3, store);
        provisioning.createQueues(sqs, options.queueVisibilityTimeout);
        provisioning.createTables(dynamoDb);
        for (LocalFunction function : functions.values()) {
            try {
                function.initialise();
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "Resources." + function.definition().logicalId() + ": the handler failed to start: "
                                + e.getMessage(),
                        e);
            }
        }
        List<HttpApiServer.Binding> routes = new ArrayList<>();
        for (LocalFunction function : functions.values()) {
            function.definition().httpRoutes().forEach(route -> routes.add(new HttpApiServer.Binding(route, function)));
            function.definition()
                    .sqsEventSources()
                    .forEach(source -> pollers.add(SqsPoller.start(source, function, sqs, naming.region())));
        }
        started.push(HttpApiServer.start(HOST, ports.httpApi(), routes, naming.accountId()));
        StackDescription description = StackDescription.of(template, url(ports.httpApi()), Instant.now());
        started.push(CloudFormationServer.start(HOST, ports.cloudFormation(), description));
        started.push(new Schedules(
                stack.schedules(),
                options.schedulePeriod,
                naming.accountId(),
                naming.region(),
                (functionId, event) -> asyncInvoker.invoke(functions.get(functionId), event, Optional.empty())));
        recordEndpoints(ports, template, stack);
    }

    /**
     * The functions with their handlers (a test's replacement, else the class the template names) and their loggers.
     */
    private void createFunctions(StackDefinition stack, Builder options, Map<String, String> awsEnvironment) {
        Map<String, Function<Map<String, String>, Object>> replacements = options.handlers;
        for (String id : replacements.keySet()) {
            if (!stack.functions().containsKey(id)) {
                throw new IllegalArgumentException("a handler was given for " + id + ", which is not a function of "
                        + stack.template().source());
            }
        }
        for (FunctionDefinition definition : stack.functions().values()) {
            Function<Map<String, String>, Object> factory = replacements.containsKey(definition.logicalId())
                    ? replacements.get(definition.logicalId())
                    : TemplateHandlers.factory(definition, stack.template());
            LocalFunction function = new LocalFunction(
                    definition,
                    functionEnvironment(definition, awsEnvironment),
                    factory,
                    options.functionLogs
                            .map(logs -> LocalContext.lines(line -> logs.accept(definition.logicalId(), line)))
                            .orElseGet(() -> LocalContext.console(definition.name())));
            started.push(function);
            functions.put(definition.logicalId(), function);
        }
    }

    private void recordEndpoints(Ports ports, LocalTemplate template, StackDefinition stack) {
        endpoints.put("S3_ENDPOINT", url(ports.s3()));
        endpoints.put("SQS_ENDPOINT", url(ports.sqs()));
        endpoints.put("DYNAMODB_ENDPOINT", url(ports.dynamoDb()));
        endpoints.put("HTTP_API_ENDPOINT", url(ports.httpApi()));
        endpoints.put("SKILL_URL", url(ports.httpApi()) + skillRoute(stack).path());
        endpoints.put("CLOUDFORMATION_ENDPOINT", url(ports.cloudFormation()));
        endpoints.put("EVENTS_ENDPOINT", url(ports.events()));
        endpoints.put("SECRETS_MANAGER_ENDPOINT", url(ports.secretsManager()));
        NAMED_RESOURCES.forEach((key, id) -> endpoints.put(key, template.ref(id)));
        if (kakao != null) {
            endpoints.put("KAKAO_FAKE_URL", kakao.baseUrl());
        }
        endpoints.put("SKILL_SECRET", template.parameter("SkillSecret"));
        endpoints.put("SKILL_SECRET_HEADER", template.parameter("SkillSecretHeader"));
        endpoints.put("REGION", template.naming().region());
        endpoints.put("AWS_DEFAULT_REGION", template.naming().region());
        endpoints.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        endpoints.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
    }

    /** Dynoxide (DynamoDB), ElasticMQ and S3Proxy, started side by side (ElasticMQ takes a second or two). */
    private void startServers(
            Ports ports,
            LocalNaming naming,
            Optional<Path> dataDir,
            DynamoDbLimits dynamoDbLimits,
            EventBridgeBlobStore store)
            throws Exception {
        List<CompletableFuture<AutoCloseable>> servers = List.of(
                CompletableFuture.supplyAsync(() -> unchecked(() -> startDynamoDb(
                        ports.dynamoDb(), dataDir.map(dir -> directory(dir.resolve("dynamodb"))), dynamoDbLimits))),
                CompletableFuture.supplyAsync(
                        () -> ElasticMqServer.start(HOST, ports.sqs(), naming.region(), naming.accountId())),
                CompletableFuture.supplyAsync(() -> unchecked(() -> S3ProxyServer.start(HOST, ports.s3(), store))));
        Exception failure = null;
        for (CompletableFuture<AutoCloseable> server : servers) {
            try {
                started.push(server.join());
            } catch (CompletionException e) {
                failure = e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Dynoxide on {@code port}; with capacity or latency limits, Dynoxide on a port of its own and the
     * {@link DynamoDbProxy} on {@code port}, so every client goes through the limits.
     */
    private AutoCloseable startDynamoDb(int port, Optional<Path> dataDir, DynamoDbLimits limits) throws IOException {
        if (!limits.active()) {
            dynamoDbServer = DynoxideServer.start(HOST, port, dataDir);
            return dynamoDbServer;
        }
        int serverPort = Ports.free(HOST, "DynamoDB server behind the capacity proxy");
        DynoxideServer server = DynoxideServer.start(HOST, serverPort, dataDir);
        dynamoDbServer = server;
        try {
            dynamoDbProxy = DynamoDbProxy.start(HOST, port, URI.create(url(serverPort)), limits);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("DynamoDB at {}: {}", url(port), limits.describe());
        DynamoDbProxy proxy = dynamoDbProxy;
        return () -> {
            try (server) {
                proxy.close();
            }
        };
    }

    private interface ServerStart {
        AutoCloseable start() throws Exception;
    }

    private static AutoCloseable unchecked(ServerStart start) {
        try {
            return start.start();
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static Path directory(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    private static HttpRoute skillRoute(StackDefinition stack) {
        return stack.functions().get(SKILL_FUNCTION).httpRoutes().get(0);
    }

    private static void checkNamedResources(LocalTemplate template, StackDefinition stack) {
        NAMED_RESOURCES.forEach((key, id) -> template.resource(id, "Resources (for " + key + ")"));
        FunctionDefinition skill = stack.functions().get(SKILL_FUNCTION);
        if (skill == null || skill.httpRoutes().isEmpty()) {
            throw template.error(
                    "Resources." + SKILL_FUNCTION,
                    "the Kakao skill needs a function " + SKILL_FUNCTION + " with an HttpApi event");
        }
    }

    private static Map<String, String> namedResources() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("ROSTER_BUCKET", "RosterBucket");
        names.put("INGEST_QUEUE_URL", "IngestQueue");
        names.put("DLQ_URL", "IngestDeadLetterQueue");
        names.put("SPLITTER_FAILED_EVENTS_QUEUE_URL", "SplitterFailedEventsQueue");
        names.put("EMPLOYEES_TABLE", "EmployeesTable");
        names.put("IMPORTS_TABLE", "ImportsTable");
        return Collections.unmodifiableMap(names);
    }

    /** What every AWS client in the stack (the stack's own and the functions') is configured from. */
    private static Map<String, String> awsEnvironment(Ports ports) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", LocalNaming.REGION);
        environment.put("AWS_DEFAULT_REGION", LocalNaming.REGION);
        environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        environment.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        environment.put("AWS_ENDPOINT_URL_S3", url(ports.s3()));
        environment.put("AWS_ENDPOINT_URL_SQS", url(ports.sqs()));
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", url(ports.dynamoDb()));
        environment.put("AWS_ENDPOINT_URL_EVENTBRIDGE", url(ports.events()));
        environment.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", url(ports.secretsManager()));
        return environment;
    }

    /** The template's variables plus what Lambda itself sets (Lambda's reserved names win). */
    private Map<String, String> functionEnvironment(FunctionDefinition definition, Map<String, String> awsEnvironment) {
        Map<String, String> environment = new LinkedHashMap<>(definition.environment());
        environment.putAll(awsEnvironment);
        if (kakao != null && environment.containsKey("KAKAO_API_BASE_URL")) {
            // KakaoApiBaseUrl takes https only; the fake Kakao is plain http on loopback, which the verifier's
            // local-only setting admits.
            environment.put("KAKAO_API_BASE_URL", kakao.baseUrl());
            environment.put("KAKAO_API_LOCAL_HTTP", "true");
        }
        environment.put("AWS_LAMBDA_FUNCTION_NAME", definition.name());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(definition.memoryMb()));
        environment.put(
                "AWS_LAMBDA_FUNCTION_TIMEOUT",
                String.valueOf(definition.timeout().toSeconds()));
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + definition.name());
        return environment;
    }

    private static String randomSecret() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    private static String url(int port) {
        return "http://" + HOST + ":" + port;
    }

    /** The endpoints-file entries: endpoints, resource names, the skill secret, region and dummy credentials. */
    public Map<String, String> endpoints() {
        return Collections.unmodifiableMap(endpoints);
    }

    public String endpoint(String key) {
        String value = endpoints.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no endpoint " + key + "; known: " + endpoints.keySet());
        }
        return value;
    }

    public S3Client s3() {
        return s3;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /**
     * The latest events on the default bus (S3's and those sent with PutEvents), oldest first, each with the
     * targets the template's rules sent it to; a target the stack does not run (the on-call SNS topic) is listed too.
     */
    public List<EventRouter.Routed> events() {
        return router.events();
    }

    /** What the DynamoDB capacity proxy counted, when the stack runs with capacity or latency limits. */
    public Optional<DynamoDbProxy.Counts> dynamoDbCounts() {
        return Optional.ofNullable(dynamoDbProxy).map(DynamoDbProxy::counts);
    }

    /** The DynamoDB server's process (its watchdog; the server is the watchdog's child), e.g. to read its CPU time. */
    public ProcessHandle dynamoDbServerProcess() {
        return ProcessHandle.of(dynamoDbServer.pid())
                .orElseThrow(() -> new IllegalStateException("the DynamoDB server has stopped"));
    }

    /** The fake Kakao profile API, when the stack was given a profiles file. */
    public Optional<FakeKakaoServer> kakao() {
        return Optional.ofNullable(kakao);
    }

    /** The environment map a function's handler is constructed with. */
    public Map<String, String> functionEnvironment(String functionId) {
        LocalFunction function = functions.get(functionId);
        if (function == null) {
            throw new IllegalArgumentException("no function " + functionId + "; known: " + functions.keySet());
        }
        return function.environment();
    }

    /**
     * Waits until nothing is left to do: no event accepted and unfinished, no invocation running, and
     * no visible, in-flight or delayed message on any queue a function polls.
     *
     * @throws IllegalStateException when that does not happen within {@code timeout}
     */
    public void awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quietChecks = 0;
        String busy = "";
        while (System.nanoTime() < deadline) {
            busy = busy();
            quietChecks = busy.isEmpty() ? quietChecks + 1 : 0;
            if (quietChecks == 2) { // twice in a row: a message between two hands is not missed
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the stack was not idle after " + timeout + ": " + busy);
    }

    private String busy() {
        List<String> busy = new ArrayList<>();
        if (asyncInvoker.pending() > 0) {
            busy.add(asyncInvoker.pending() + " asynchronous event(s) pending");
        }
        functions.values().stream()
                .filter(function -> function.running() > 0)
                .forEach(function -> busy.add(function.definition().name() + " running"));
        for (SqsPoller poller : pollers) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(
                            request -> request.queueUrl(poller.source().queueUrl())
                                    .attributeNames(
                                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                    .attributes();
            if (attributes.values().stream().anyMatch(count -> !count.equals("0"))) {
                busy.add(poller.source().queueUrl() + " " + attributes);
            }
        }
        return String.join("; ", busy);
    }

    /** Stops polling, lets running invocations finish briefly, then stops the servers. */
    @Override
    public void close() {
        for (SqsPoller poller : pollers) {
            try {
                poller.stop(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long drainEnds = System.nanoTime() + DRAIN.toNanos();
        while (System.nanoTime() < drainEnds
                && (asyncInvoker != null && asyncInvoker.pending() > 0
                        || functions.values().stream().anyMatch(function -> function.running() > 0))) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Options for {@link LocalDeployment}; {@link #start()} builds and starts it. */
    public static final class Builder {
        private Path repoRoot = Path.of("").toAbsolutePath();
        private Path template;
        private Ports ports = Ports.DEFAULTS;
        private Optional<Path> dataDir = Optional.empty();
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final Map<String, Function<Map<String, String>, Object>> handlers = new LinkedHashMap<>();
        private Optional<Duration> queueVisibilityTimeout = Optional.empty();
        private Duration asyncRetryDelay = Duration.ofMinutes(1);
        private Optional<Path> kakaoProfiles = Optional.empty();
        private Optional<String> skillSecret = Optional.empty();
        private Optional<Duration> schedulePeriod = Optional.empty();
        private Optional<BiConsumer<String, String>> functionLogs = Optional.empty();
        private DynamoDbLimits dynamoDbLimits = DynamoDbLimits.NONE;

        private Builder() {}

        /**
         * The repository root; the template is {@code sam/template.yaml} under it unless {@link #template} says
         * otherwise.
         */
        public Builder repoRoot(Path value) {
            this.repoRoot = value.toAbsolutePath();
            return this;
        }

        public Builder template(Path value) {
            this.template = value;
            return this;
        }

        public Builder ports(Ports value) {
            this.ports = value;
            return this;
        }

        public Builder randomPorts() {
            return ports(Ports.RANDOM);
        }

        /** Keeps DynamoDB tables and S3 objects under {@code value} between runs (queues always start empty). */
        public Builder dataDir(Path value) {
            this.dataDir = Optional.of(value.toAbsolutePath());
            return this;
        }

        /** A template parameter value, winning over the template's Default and the stack's local values. */
        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        /**
         * Replaces a function's template {@code Handler}: {@code factory} gets the function's environment
         * and returns a {@code RequestHandler} or {@code RequestStreamHandler}, once per execution environment.
         * A {@code RequestHandler} should be a class (not a lambda) so its input type can be read, as Lambda does.
         */
        public Builder handler(String functionId, Function<Map<String, String>, Object> factory) {
            handlers.put(functionId, factory);
            return this;
        }

        /** Test clock: every queue's VisibilityTimeout becomes this, so redrive to a DLQ happens in seconds. */
        public Builder queueVisibilityTimeout(Duration value) {
            this.queueVisibilityTimeout = Optional.of(value);
            return this;
        }

        /**
         * Test clock: the wait before the first asynchronous retry (the second waits twice as long); Lambda's is about
         * a minute.
         */
        public Builder asyncRetryDelay(Duration value) {
            this.asyncRetryDelay = value;
            return this;
        }

        /** Test clock: every Schedule event fires once per {@code value} instead of its rate. */
        public Builder schedulePeriod(Duration value) {
            this.schedulePeriod = Optional.of(value);
            return this;
        }

        /**
         * Where the functions' log lines go ({@code context.getLogger()}): {@code sink} gets the function's
         * logical id and each line. Without it they are printed, prefixed with the function name.
         */
        public Builder functionLogs(BiConsumer<String, String> sink) {
            this.functionLogs = Optional.of(sink);
            return this;
        }

        /** Starts the fake Kakao profile API serving {@code value}; the verifier's KAKAO_API_BASE_URL points at it. */
        public Builder kakaoProfiles(Path value) {
            this.kakaoProfiles = Optional.of(value);
            return this;
        }

        /** The SkillSecret parameter; without it each start draws a random one. */
        public Builder skillSecret(String value) {
            this.skillSecret = Optional.of(value);
            return this;
        }

        /**
         * Capacity per table and a latency per call in front of DynamoDB ({@link DynamoDbProxy}): past the
         * capacity calls are answered ProvisionedThroughputExceededException, a BatchWriteItem's excess items
         * as UnprocessedItems. Default: none.
         */
        public Builder dynamoDbLimits(DynamoDbLimits value) {
            this.dynamoDbLimits = value;
            return this;
        }

        private Path template() {
            return template != null ? template : repoRoot.resolve("sam/template.yaml");
        }

        /**
         * Starts the stack; on any failure everything already started is stopped again. Free ports are chosen
         * before the servers bind them, so another process can take one in between: on random ports such a
         * start is tried again with new ones.
         */
        public LocalDeployment start() throws Exception {
            for (int attempt = 1; ; attempt++) {
                LocalDeployment stack = new LocalDeployment();
                long startedAt = System.nanoTime();
                try {
                    stack.start(this);
                    LOG.info("local stack started in {} ms", (System.nanoTime() - startedAt) / 1_000_000);
                    return stack;
                } catch (Exception | Error e) {
                    stack.close();
                    if (!ports.equals(Ports.RANDOM) || attempt == RANDOM_PORT_ATTEMPTS || !portTaken(e)) {
                        throw e;
                    }
                    LOG.warn("a chosen port was taken before the stack bound it; starting again on other ports");
                }
            }
        }

        private static boolean portTaken(Throwable error) {
            for (Throwable cause = error; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException
                        || String.valueOf(cause.getMessage()).contains("Address already in use")) {
                    return true;
                }
            }
            return false;
        }
    }
}
