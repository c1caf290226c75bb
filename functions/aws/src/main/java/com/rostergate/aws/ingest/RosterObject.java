package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.RosterUpload;
import com.rostergate.core.roster.RosterSource;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The uploaded roster in S3, read as one exact version (the event's version id, else the ETag seen
 * when it was first looked up), so both passes of the splitter read the same bytes even if the key
 * is overwritten meanwhile.
 */
public final class RosterObject implements RosterSource {

    private final S3Client s3;
    private final RosterUpload upload;
    private final HeadObjectResponse head;

    private RosterObject(S3Client s3, RosterUpload upload, HeadObjectResponse head) {
        this.s3 = s3;
        this.upload = upload;
        this.head = head;
    }

    /** Looks the object up (throws S3's NoSuchKey when it is gone). */
    public static RosterObject of(S3Client s3, RosterUpload upload) {
        HeadObjectResponse head = s3.headObject(r -> r.bucket(upload.bucket()).key(upload.key()).versionId(upload.versionId()));
        return new RosterObject(s3, upload, head);
    }

    @Override
    public InputStream open() {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(upload.bucket()).key(upload.key());
        if (upload.versionId() != null) {
            request.versionId(upload.versionId());
        } else if (head.eTag() != null) {
            request.ifMatch(head.eTag());
        }
        return s3.getObject(request.build());
    }

    @Override
    public long size() {
        return head.contentLength() == null ? 0 : head.contentLength();
    }

    /**
     * The sheet of a workbook the uploader chose: metadata {@code x-amz-meta-sheet}. S3 metadata is ASCII, so a
     * name such as {@code 직원명단} comes percent-encoded as UTF-8 ({@code %EC%A7%81...}) and is decoded here.
     */
    @Override
    public String sheet() {
        String value = metadata("sheet");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8).strip();
        } catch (IllegalArgumentException e) {
            return value.strip();
        }
    }

    private String metadata(String name) {
        return head.metadata().entrySet().stream()
            .filter(entry -> entry.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The uploader confirmed removals beyond the guard: metadata {@code x-amz-meta-force: true} or tag {@code force=true}. */
    public boolean forced() {
        if (isTrue(metadata("force"))) {
            return true;
        }
        try {
            return s3.getObjectTagging(r -> r.bucket(upload.bucket()).key(upload.key()).versionId(upload.versionId()))
                .tagSet().stream().anyMatch(tag -> tag.key().equalsIgnoreCase("force") && isTrue(tag.value()));
        } catch (S3Exception e) {
            if (e.statusCode() == 501) {
                return false; // a store without tagging (some S3-compatible servers): metadata is the only confirmation
            }
            throw e;
        }
    }

    private static boolean isTrue(String value) {
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals("true");
    }
}
