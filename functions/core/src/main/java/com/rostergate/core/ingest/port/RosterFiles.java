package com.rostergate.core.ingest.port;

import com.rostergate.core.ingest.RosterUpload;
import com.rostergate.core.roster.RosterSource;

/** Where uploaded roster files are read from, each as one exact version. */
public interface RosterFiles {

    /** The uploaded file; throws {@link GoneException} when it no longer exists. */
    RosterFile open(RosterUpload upload) throws GoneException;

    /** One version of an uploaded file, and what the uploader asked for with it. */
    interface RosterFile extends RosterSource {
        /** The file's ETag as the store reports it now. */
        String etag();

        /** The uploader confirmed the change beyond the guard. */
        boolean forced();

        /** The uploader asked for the plan only (a dry run). */
        boolean planOnly();
    }

    /** The file (or the version asked for) was deleted. */
    final class GoneException extends Exception {
        public GoneException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
