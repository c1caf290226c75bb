package com.rostergate.local.servers;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** S3Proxy (the S3 API) in this JVM over an in-memory or on-disk store. */
public final class S3ProxyServer implements AutoCloseable {

    private final S3Proxy proxy;

    private S3ProxyServer(S3Proxy proxy) {
        this.proxy = proxy;
    }

    /** The store S3Proxy will serve: in memory, or files under {@code dataDir} (kept between runs). */
    public static BlobStore store(Optional<Path> dataDir) {
        return dataDir.<BlobStore>map(dir -> new FilesystemNio2BlobStore(dir.toString()))
                .orElseGet(TransientNio2BlobStore::new);
    }

    /** Like Dynoxide and ElasticMQ, accepts any credentials. */
    public static S3ProxyServer start(String host, int port, BlobStore store) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .stopTimeout(0)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState())) {
                throw new IllegalStateException("S3Proxy failed to start on " + host + ":" + port);
            }
            Thread.sleep(10);
        }
        return new S3ProxyServer(proxy);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
