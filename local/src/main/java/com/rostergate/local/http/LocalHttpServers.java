package com.rostergate.local.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/** Creates the local stack's JDK HTTP servers; every server of the stack is made here. */
public final class LocalHttpServers {

    static {
        // Without TCP_NODELAY a small response waits for the client's delayed ACK: ~40 ms on every call.
        // The JDK reads this property once, when its first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private LocalHttpServers() {
    }

    public static HttpServer bind(String host, int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(host, port), backlog);
    }

    /** Starts {@code server} answering every path with {@code handler} on {@code executor}'s threads. */
    public static void serve(HttpServer server, HttpHandler handler, Executor executor) {
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
    }
}
