package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.RosterUpload;
import com.rostergate.core.ingest.port.RosterFiles;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The uploaded roster in S3, read as one exact version (the event's version id, else the ETag seen
 * when it was first looked up), so both passes of the splitter read the same bytes even if the key
 * is overwritten meanwhile.
 */
public final class RosterObject implements RosterFiles.RosterFile {

    private final S3Client s3;
    private final RosterUpload upload;
    private final HeadObjectResponse head;
    private List<Tag> tags;

    private RosterObject(S3Client s3, RosterUpload upload, HeadObjectResponse head) {
        this.s3 = s3;
        this.upload = upload;
        this.head = head;
    }

    /** Looks the object up; gone when S3 has no such key (or version). */
    public static RosterObject of(S3Client s3, RosterUpload upload) throws RosterFiles.GoneException {
        HeadObjectResponse head;
        try {
            head = s3.headObject(
                    r -> r.bucket(upload.bucket()).key(upload.key()).versionId(upload.versionId()));
        } catch (NoSuchKeyException e) {
            throw new RosterFiles.GoneException("no such object", e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new RosterFiles.GoneException("no such object", e);
            }
            throw e;
        }
        return new RosterObject(s3, upload, head);
    }

    /** The roster files of a bucket, as the use cases read them. */
    public static RosterFiles in(S3Client s3) {
        return upload -> of(s3, upload);
    }

    @Override
    public InputStream open() {
        GetObjectRequest.Builder request =
                GetObjectRequest.builder().bucket(upload.bucket()).key(upload.key());
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
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8)
                    .strip();
        } catch (IllegalArgumentException e) {
            return value.strip();
        }
    }

    private String metadata(String name) {
        return head.metadata().entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** The object's ETag as S3 reports it now. */
    @Override
    public String etag() {
        return head.eTag();
    }

    /**
     * The uploader confirmed the change beyond the guard: metadata {@code x-amz-meta-force: true} or tag
     * {@code force=true}.
     */
    @Override
    public boolean forced() {
        return flag("force");
    }

    /**
     * The uploader asked for the plan only (a dry run): metadata {@code x-amz-meta-plan: true} or tag
     * {@code plan=true}.
     */
    @Override
    public boolean planOnly() {
        return flag("plan");
    }

    private boolean flag(String name) {
        if (isTrue(metadata(name))) {
            return true;
        }
        return tags().stream().anyMatch(tag -> tag.key().equalsIgnoreCase(name) && isTrue(tag.value()));
    }

    /** The object's tags, read once. */
    private List<Tag> tags() {
        if (tags == null) {
            try {
                tags = s3.getObjectTagging(
                                r -> r.bucket(upload.bucket()).key(upload.key()).versionId(upload.versionId()))
                        .tagSet();
            } catch (S3Exception e) {
                if (e.statusCode() != 501) {
                    throw e;
                }
                tags = List.of(); // a store without tagging (some S3-compatible servers): metadata is the only way
            }
        }
        return tags;
    }

    private static boolean isTrue(String value) {
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals("true");
    }
}
