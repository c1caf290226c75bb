package com.rostergate.local.servers;

import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;

/** ElasticMQ (the SQS API) in this JVM, in memory: queues are created afresh on every start. */
public final class ElasticMqServer implements AutoCloseable {

    private static final FiniteDuration STOP_WAIT = FiniteDuration.apply(10, TimeUnit.SECONDS);
    /** How long open requests (long polls) may still run once the stack stops. */
    private static final FiniteDuration CONNECTION_GRACE = FiniteDuration.apply(200, TimeUnit.MILLISECONDS);

    private final ActorSystem actors;
    private final SQSRestServer server;

    private ElasticMqServer(ActorSystem actors, SQSRestServer server) {
        this.actors = actors;
        this.server = server;
    }

    public static ElasticMqServer start(String host, int port, String region, String accountId) {
        ActorSystem actors = ActorSystem.create("elasticmq");
        SQSRestServer server = SQSRestServerBuilder.withActorSystem(actors)
                .withInterface(host)
                .withPort(port)
                .withServerAddress(new NodeAddress("http", host, port, "")) // queue URLs name the real address
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        server.waitUntilStarted();
        return new ElasticMqServer(actors, server);
    }

    /**
     * Closes the open connections (keep-alive connections, long polls) before stopping the actor
     * system: with them open, ElasticMQ's own stop can wait a full minute.
     */
    @Override
    public void close() throws Exception {
        Await.result(server.waitUntilStarted().terminate(CONNECTION_GRACE), STOP_WAIT);
        Await.result(actors.terminate(), STOP_WAIT);
    }
}
