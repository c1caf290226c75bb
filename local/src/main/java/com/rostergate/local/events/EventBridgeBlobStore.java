package com.rostergate.local.events;

import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The S3Proxy store, telling EventBridge of every object created in a bucket that has EventBridge
 * notifications enabled: a put, a completed multipart upload, a copy. The event is published before
 * the S3 request returns, so once a client's upload has succeeded its event is already accepted.
 */
public final class EventBridgeBlobStore extends ForwardingBlobStore {

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeBlobStore.class);
    /** S3Proxy stores a placeholder under this prefix while a multipart upload is open. */
    private static final String MULTIPART_STUB_PREFIX = ".s3proxy-mpu-stub-";

    private final ObjectCreatedEvents events;
    private final Consumer<String> eventBus;
    private final Set<String> notifyingBuckets = ConcurrentHashMap.newKeySet();

    public EventBridgeBlobStore(BlobStore delegate, ObjectCreatedEvents events, Consumer<String> eventBus) {
        super(delegate);
        this.events = events;
        this.eventBus = eventBus;
    }

    /** Turns on EventBridge notifications for {@code bucket} (NotificationConfiguration.EventBridgeConfiguration). */
    public void enableEventBridge(String bucket) {
        notifyingBuckets.add(bucket);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        if (!request.key().startsWith(MULTIPART_STUB_PREFIX)) {
            objectCreated(request.bucket(), request.key(), response.versionId(), "PutObject");
        }
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        objectCreated(upload.containerName(), upload.blobName(), response.versionId(), "CompleteMultipartUpload");
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        objectCreated(request.destinationBucket(), request.destinationKey(), response.versionId(), "CopyObject");
        return response;
    }

    private void objectCreated(String bucket, String key, String versionId, String reason) {
        if (!notifyingBuckets.contains(bucket)) {
            return;
        }
        try {
            HeadObjectResponse stored = delegate().blobMetadata(bucket, key);
            eventBus.accept(events.event(bucket, key, stored.contentLength(), stored.eTag(), versionId, reason));
        } catch (RuntimeException e) {
            // The object is stored either way, as on S3; a lost notification must at least be loud.
            LOG.error("s3://{}/{} was stored but its Object Created event could not be delivered", bucket, key, e);
        }
    }
}
