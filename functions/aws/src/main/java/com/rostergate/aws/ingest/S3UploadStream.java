package com.rostergate.aws.ingest;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams bytes into one S3 object without holding them all: a multipart upload of 5 MiB parts once
 * the content outgrows one part, a single PutObject below that. {@link #close()} completes the
 * object; {@link #abort()} discards it.
 */
final class S3UploadStream extends OutputStream {

    /** S3's smallest part size for all but the last part. */
    static final int PART_BYTES = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final ByteArrayOutputStream part = new ByteArrayOutputStream(64 * 1024);
    private final List<CompletedPart> parts = new ArrayList<>();
    private String uploadId;
    private boolean closed;

    S3UploadStream(S3Client s3, String bucket, String key, String contentType) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
    }

    @Override
    public void write(int b) {
        part.write(b);
        uploadFullPart();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        part.write(bytes, offset, length);
        uploadFullPart();
    }

    private void uploadFullPart() {
        if (part.size() < PART_BYTES) {
            return;
        }
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key).contentType(contentType))
                    .uploadId();
        }
        uploadPart();
    }

    private void uploadPart() {
        int number = parts.size() + 1;
        String etag = s3.uploadPart(
                        r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(part.toByteArray()))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        part.reset();
    }

    /** Completes the object. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (uploadId == null) {
            s3.putObject(
                    r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(part.toByteArray()));
            return;
        }
        if (part.size() > 0) {
            uploadPart();
        }
        s3.completeMultipartUpload(
                r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    }

    /** Discards what was uploaded so far; nothing is stored. */
    void abort() {
        if (closed) {
            return;
        }
        closed = true;
        if (uploadId != null) {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        }
    }
}
