package com.rostergate.aws.ingest;

import com.rostergate.core.ingest.Backoff;
import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import com.rostergate.core.ingest.Sleeper;
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
            long delay = Backoff.CALLS.delayMillis(tries, ThreadLocalRandom.current());
            if (!Backoff.fits(delay, deadline.remainingMillis(), Backoff.CALL_RESERVE_MILLIS)) {
                throw new GaveUpException(
                        what + " did not succeed in " + tries + " tries within the invocation's time; last: "
                                + lastProblem,
                        lastError);
            }
            Sleeper.THREAD.sleep(delay);
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
}
