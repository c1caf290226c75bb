package com.rostergate.local.servers;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Amazon DynamoDB Local in this JVM, one database shared by every access key. */
public final class DynamoDbLocalServer implements AutoCloseable {

    private final DynamoDBProxyServer server;

    private DynamoDbLocalServer(DynamoDBProxyServer server) {
        this.server = server;
    }

    /** In memory, or in {@code dataDir} (kept between runs). */
    public static DynamoDbLocalServer start(String host, int port, Optional<Path> dataDir) throws Exception {
        List<String> args = new ArrayList<>(List.of("-port", String.valueOf(port), "-sharedDb", "-disableTelemetry"));
        if (dataDir.isPresent()) {
            args.addAll(List.of("-dbPath", dataDir.get().toString()));
        } else {
            args.add("-inMemory");
        }
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        bindTo(server, host);
        server.start();
        return new DynamoDbLocalServer(server);
    }

    /**
     * DynamoDB Local has no option for the listening interface and would accept connections from the
     * whole network; set the host on its (not yet started) Jetty connector instead.
     */
    private static void bindTo(DynamoDBProxyServer proxy, String host) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        for (Connector connector : ((Server) field.get(proxy)).getConnectors()) {
            ((ServerConnector) connector).setHost(host);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
