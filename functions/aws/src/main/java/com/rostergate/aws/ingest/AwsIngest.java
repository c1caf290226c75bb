package com.rostergate.aws.ingest;

import com.rostergate.aws.AwsClients;
import com.rostergate.aws.AwsClients.Retries;
import com.rostergate.core.ingest.WriteFence;
import com.rostergate.core.ingest.port.RosterFiles;
import com.rostergate.core.ingest.usecase.RosterImport;
import com.rostergate.core.phone.PhoneNormaliser;
import com.rostergate.core.roster.RosterSplitter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The ingest adapters of one function, built once from its environment over one {@link AwsClients} (so one
 * HTTP client) and one clock. Who retries each client's calls is chosen here: the SDK for the ledger's and the
 * reports' single calls (nothing in the code retries them), the code itself for the employees table, the queue
 * and the event bus ({@link Retrying}, BatchWriteItem's unprocessed items), whose clients make one attempt.
 */
public final class AwsIngest implements AutoCloseable {

    private final AwsClients clients;
    private final IngestConfig config;
    private final Clock clock;
    private final ImportLedger ledger;
    private final EmployeeTable employees;
    private final IngestQueue queue;
    private final ImportEvents events;
    private final List<SdkClient> built = new ArrayList<>();
    private S3Client s3;

    /** Builds a client only for what the environment names, so a function pays for the clients it uses. */
    private AwsIngest(Map<String, String> env, Clock clock, DynamoDbClient givenDynamoDb) {
        this.clients = AwsClients.builder(env).build();
        this.config = IngestConfig.from(env);
        this.clock = clock;
        this.ledger = config.importsTable() == null
                ? null
                : new ImportLedger(
                        givenDynamoDb != null
                                ? givenDynamoDb
                                : built(clients.build(DynamoDbClient.builder(), "DYNAMODB")),
                        config.importsTable(),
                        clock);
        this.employees = config.employeesTable() == null
                ? null
                : new EmployeeTable(
                        givenDynamoDb != null
                                ? givenDynamoDb
                                : built(clients.build(DynamoDbClient.builder(), "DYNAMODB", Retries.CALLER)),
                        config.employeesTable(),
                        clock,
                        ledger);
        this.queue = config.ingestQueueUrl() == null
                ? null
                : new IngestQueue(
                        built(clients.build(SqsClient.builder(), "SQS", Retries.CALLER)), config.ingestQueueUrl());
        this.events = config.reportsBucket() == null
                ? null
                : new ImportEvents(
                        built(clients.build(EventBridgeClient.builder(), "EVENTBRIDGE", Retries.CALLER)),
                        config.eventBusName(),
                        config.reportsBucket());
    }

    /** The adapters a function's environment names (IMPORTS_TABLE, EMPLOYEES_TABLE, ...), on the system clock. */
    public static AwsIngest from(Map<String, String> env) {
        return new AwsIngest(env, Clock.systemUTC(), null);
    }

    /**
     * With a given DynamoDB client for both tables (a test wraps the real one to inject faults); the rest from
     * {@code env}.
     */
    public static AwsIngest from(Map<String, String> env, DynamoDbClient dynamoDb) {
        return new AwsIngest(env, Clock.systemUTC(), dynamoDb);
    }

    public IngestConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** The uploaded rosters. */
    public RosterFiles rosterFiles() {
        return RosterObject.in(s3());
    }

    public ImportLedger ledger() {
        return require(ledger, "IMPORTS_TABLE");
    }

    public EmployeeTable employees() {
        return require(employees, "EMPLOYEES_TABLE");
    }

    public IngestQueue queue() {
        return require(queue, "INGEST_QUEUE_URL");
    }

    public ImportReports reports() {
        return new ImportReports(s3(), require(config.reportsBucket(), "REPORTS_BUCKET"));
    }

    public ImportEvents events() {
        return require(events, "REPORTS_BUCKET");
    }

    /** Reads rosters and writes reports, with the SDK's retries (nothing in the code retries S3 calls). */
    private synchronized S3Client s3() {
        if (s3 == null) {
            s3 = built(clients.build(S3Client.builder().forcePathStyle(clients.endpointFor("S3") != null), "S3"));
        }
        return s3;
    }

    private <C extends SdkClient> C built(C client) {
        built.add(client);
        return client;
    }

    /** The import use case on these adapters, as the splitter and the operator's tool run it. */
    public RosterImport rosterImport(ExecutorService senders) {
        return new RosterImport(
                rosterFiles(),
                ledger(),
                employees(),
                queue(),
                reports(),
                events(),
                new RosterSplitter(new PhoneNormaliser()),
                config().guard(),
                senders,
                clock(),
                WriteFence.FENCE);
    }

    /** Closes the clients built here (a given DynamoDB client is the caller's). */
    @Override
    public synchronized void close() {
        built.forEach(SdkClient::close);
        built.clear();
    }

    private static <T> T require(T adapter, String variable) {
        if (adapter == null) {
            throw new IllegalStateException("environment variable " + variable + " is not set");
        }
        return adapter;
    }
}
