package com.rostergate.aws.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.core.ingest.Deadline;
import com.rostergate.core.ingest.GaveUpException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class RetryingTest {

    @Test
    void throttlingServerAndNetworkErrorsAreRetriedValidationErrorsAreNot() {
        assertTrue(Retrying.isRetryable(ProvisionedThroughputExceededException.builder()
                .message("slow down")
                .build()));
        assertTrue(Retrying.isRetryable(error("ThrottlingException", 400)));
        assertTrue(Retrying.isRetryable(error("InternalServerError", 500)));
        assertTrue(Retrying.isRetryable(SdkClientException.create("connection reset")));
        assertFalse(Retrying.isRetryable(error("ValidationException", 400)));
        assertFalse(Retrying.isRetryable(error("ResourceNotFoundException", 400)));
    }

    @Test
    void aCallIsRetriedUntilItSucceeds() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        String result = Retrying.call("a call", Deadline.in(30_000, 0), () -> {
            if (tries.incrementAndGet() < 3) {
                throw error("ThrottlingException", 400);
            }
            return tries.get() == 3 ? null : "done"; // the third try makes partial progress
        });
        assertEquals("done", result);
        assertEquals(4, tries.get());
    }

    @Test
    void aRefusalEndsAtOnceWithItsReason() {
        AtomicInteger tries = new AtomicInteger();
        GaveUpException e = assertThrows(
                GaveUpException.class,
                () -> Retrying.call("BatchWriteItem", Deadline.in(30_000, 0), () -> {
                    tries.incrementAndGet();
                    throw error("ValidationException", 400);
                }));
        assertEquals(1, tries.get());
        assertEquals("BatchWriteItem was refused: ValidationException: ValidationException happened", e.getMessage());
    }

    @Test
    void retriesStopWhenTheInvocationRunsOutOfTime() {
        AtomicInteger tries = new AtomicInteger();
        long started = System.nanoTime();
        GaveUpException e = assertThrows(
                GaveUpException.class,
                () -> Retrying.call("BatchWriteItem", Deadline.in(1_500, 0), () -> {
                    tries.incrementAndGet();
                    throw error("ProvisionedThroughputExceededException", 400);
                }));
        assertTrue(
                e.getMessage()
                        .startsWith("BatchWriteItem did not succeed in " + tries.get()
                                + " tries within the invocation's time"),
                e.getMessage());
        assertTrue(e.getMessage()
                .endsWith("last: ProvisionedThroughputExceededException: ProvisionedThroughputExceededException"
                        + " happened"));
        assertTrue(
                (System.nanoTime() - started) / 1_000_000 < 1_500, "gave up before the deadline, keeping the reserve");
    }

    private static DynamoDbException error(String code, int status) {
        return (DynamoDbException) DynamoDbException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code + " happened")
                        .build())
                .build();
    }
}
