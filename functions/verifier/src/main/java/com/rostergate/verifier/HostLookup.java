package com.rostergate.verifier;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A DNS lookup that ends by the deadline. The JDK's resolver cannot be interrupted and may block for
 * seconds, so the lookup runs on a thread of its own and the caller stops waiting when the deadline
 * passes. A completed lookup lands in the JDK's address cache, where the connection that follows finds it.
 */
final class HostLookup {

    /** The system resolver's call; tests give a slow one. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9A-Fa-f:]+]?");

    private final Resolver resolver;
    private final ExecutorService lookups = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dns-lookup");
        thread.setDaemon(true);
        return thread;
    });

    HostLookup(Resolver resolver) {
        this.resolver = resolver;
    }

    static HostLookup system() {
        return new HostLookup(InetAddress::getAllByName);
    }

    /** Returns once {@code host} resolves; fails with a SocketTimeoutException when the deadline comes first. */
    void await(String host, Deadline deadline) throws IOException {
        if (IP_LITERAL.matcher(host).matches()) {
            return;
        }
        Future<InetAddress[]> lookup = lookups.submit(() -> resolver.resolve(host));
        try {
            lookup.get(deadline.socketTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new SocketTimeoutException("DNS lookup");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io
                    ? io
                    : new IOException(cause.getClass().getSimpleName());
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("DNS lookup");
        }
    }
}
