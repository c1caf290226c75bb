package com.rostergate.cli;

/** A problem the user can fix (bad flag, missing file, unknown import): printed as one line, exit code 2. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}
