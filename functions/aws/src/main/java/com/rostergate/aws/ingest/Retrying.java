package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.Backoff;
import com.rostergate.core.ingest.Deadline;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

/**
 * Retries a call with exponential backoff and full jitter while the invocation's deadline allows,
 * on throttling, server errors, network errors and partial results; gives up at once on an error
 * that another try cannot fix (a validation error, a missing table).
 */
final class Retrying {

    /** Retries start around 50 ms and wait at most 2 s each. */
    static final Backoff BACKOFF = new Backoff(50, 2000);
    /** A retry is not started with less than this left: the call itself and the bookkeeping after it must still fit. */
    static final long CALL_RESERVE_MILLIS = 1000;

    private Retrying() {}

    /** One try: returns the result, or null when it made progress but is not done (unprocessed items left). */
    @FunctionalInterface
    interface Attempt<T> {
        T call() throws GaveUpException;
    }

    static <T> T call(String what, Deadline deadline, Attempt<T> attempt) throws GaveUpException {
        String lastProblem;
        SdkException lastError = null;
        for (int tries = 1; ; tries++) {
            try {
                T result = attempt.call();
                if (result != null) {
                    return result;
                }
                lastProblem = "part of it was left unprocessed (throttled)";
            } catch (SdkException e) {
                if (!isRetryable(e)) {
                    throw new GaveUpException(what + " was refused: " + describe(e), e);
                }
                lastError = e;
                lastProblem = describe(e);
            }
            long delay = BACKOFF.delayMillis(tries, ThreadLocalRandom.current());
            if (!Backoff.fits(delay, deadline.remainingMillis(), CALL_RESERVE_MILLIS)) {
                throw new GaveUpException(
                        what + " did not succeed in " + tries + " tries within the invocation's time; last: "
                                + lastProblem,
                        lastError);
            }
            sleep(delay);
        }
    }

    static boolean isRetryable(SdkException e) {
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof ProvisionedThroughputExceededException
                || e instanceof RequestLimitExceededException
                || e instanceof ThrottlingException
                || e instanceof InternalServerErrorException) {
            return true;
        }
        return e instanceof AwsServiceException service
                && (service.isThrottlingException() || service.statusCode() >= 500);
    }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": "
                    + service.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
