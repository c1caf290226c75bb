package com.rostergate.verifier;

import static com.rostergate.verifier.TestEvents.otpUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rostergate.core.phone.PhoneNormaliser;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Budget, cancellation, retry and circuit breaker. The answer-time bound (budget + 50 ms) is what
 * the issue demands of the skill; each timed case is warmed up first so class loading is not counted.
 */
class VerifierTest {

    private static final Duration BUDGET = Duration.ofMillis(300);
    private static final long ANSWER_BOUND_MS = BUDGET.toMillis() + 50;
    private static final String EMPLOYEE = "employee-token-0001";
    private static final String USER = "2113105765";
    private static final KakaoProfile KIM = new KakaoProfile("김민준", "+82 10-2222-3333", USER);
    private static final RosterLookup ROSTER = (e164, deadline) -> "+821022223333".equals(e164)
            ? Optional.of(new Employee(e164, "김민준", null, null, null, null))
            : Optional.empty();

    private static Verifier verifier(ProfileSource profiles, RosterLookup roster) {
        return new Verifier(profiles, roster, new PhoneNormaliser(), BUDGET);
    }

    /** The validation request of {@link #USER} for {@code token}'s OTP. */
    private static SkillRequest ask(String token) {
        return new SkillRequest(SkillRequest.Shape.VALIDATION, otpUrl(token), USER, USER);
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aHungKakaoIsAnsweredFailOnTimeAndTheCallIsCancelled() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        ProfileSource hung = (token, deadline) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            throw new IOException("gave up");
        };
        Verifier verifier = verifier(hung, ROSTER);
        verifier.verify(ask(EMPLOYEE));

        Verdict[] verdict = new Verdict[1];
        long elapsed = timed(() -> verdict[0] = verifier.verify(ask(EMPLOYEE)));
        assertEquals(Reason.TIMEOUT, verdict[0].reason());
        assertTrue(elapsed < ANSWER_BOUND_MS, elapsed + " ms");
        assertTrue(interrupted.await(1, TimeUnit.SECONDS), "the running lookup is interrupted, not left behind");
    }

    @Test
    void aHungRosterIsAnsweredFailOnTime() {
        RosterLookup hung = (e164, deadline) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        };
        Verifier verifier = verifier((token, deadline) -> Optional.of(KIM), hung);
        verifier.verify(ask(EMPLOYEE));

        Verdict[] verdict = new Verdict[1];
        long elapsed = timed(() -> verdict[0] = verifier.verify(ask(EMPLOYEE)));
        assertEquals(Reason.TIMEOUT, verdict[0].reason());
        assertTrue(elapsed < ANSWER_BOUND_MS, elapsed + " ms");
    }

    @Test
    void aFailedKakaoCallIsRetriedOnceWhenTheBudgetAllows() {
        AtomicInteger calls = new AtomicInteger();
        ProfileSource flaky = (token, deadline) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("connection reset");
            }
            return Optional.of(KIM);
        };
        assertEquals(
                Reason.VERIFIED, verifier(flaky, ROSTER).verify(ask(EMPLOYEE)).reason());
        assertEquals(2, calls.get());

        AtomicInteger failures = new AtomicInteger();
        ProfileSource down = (token, deadline) -> {
            failures.incrementAndGet();
            throw new IOException("connection refused");
        };
        assertEquals(
                Reason.KAKAO_ERROR, verifier(down, ROSTER).verify(ask(EMPLOYEE)).reason());
        assertEquals(2, failures.get(), "one attempt and at most one retry");
    }

    @Test
    void noRetryOnceLessThanHalfTheBudgetIsLeft() {
        AtomicInteger calls = new AtomicInteger();
        ProfileSource slowFailure = (token, deadline) -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(BUDGET.toMillis() * 2 / 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("read failed");
        };
        assertEquals(
                Reason.KAKAO_ERROR,
                verifier(slowFailure, ROSTER).verify(ask(EMPLOYEE)).reason());
        assertEquals(1, calls.get());
    }

    @Test
    void anOutageOpensTheCircuitAndLaterRequestsFailFastWithoutCallingKakao() {
        AtomicInteger calls = new AtomicInteger();
        ProfileSource down = (token, deadline) -> {
            calls.incrementAndGet();
            throw new IOException("HTTP 503");
        };
        Verifier verifier = verifier(down, ROSTER);
        for (int i = 0; i < 3; i++) {
            verifier.verify(ask(EMPLOYEE));
        }
        int callsBeforeOpen = calls.get();
        Verdict verdict = verifier.verify(ask(EMPLOYEE));

        assertEquals(Reason.KAKAO_CIRCUIT_OPEN, verdict.reason());
        assertEquals(callsBeforeOpen, calls.get());
    }

    @Test
    void anErrorInAHalfOpenCircuitsCallGivesItsPermitBack() {
        CircuitBreaker circuit = CircuitBreaker.of(
                "kakao-test",
                CircuitBreakerConfig.custom()
                        .permittedNumberOfCallsInHalfOpenState(2)
                        .recordExceptions(IOException.class)
                        .build());
        AtomicInteger calls = new AtomicInteger();
        ProfileSource brokenTwice = (token, deadline) -> {
            if (calls.incrementAndGet() <= 2) {
                throw new StackOverflowError("not Kakao's fault");
            }
            return Optional.of(KIM);
        };
        Verifier verifier = new Verifier(brokenTwice, ROSTER, new PhoneNormaliser(), BUDGET, circuit);
        circuit.transitionToOpenState();
        circuit.transitionToHalfOpenState();

        assertEquals(Reason.INTERNAL_ERROR, verifier.verify(ask(EMPLOYEE)).reason());
        assertEquals(Reason.INTERNAL_ERROR, verifier.verify(ask(EMPLOYEE)).reason());
        assertEquals(
                Reason.VERIFIED,
                verifier.verify(ask(EMPLOYEE)).reason(),
                "both permits came back: Kakao is asked again");
        assertEquals(3, calls.get());
    }

    @Test
    void unknownTokensAreNotAnOutage() {
        AtomicInteger calls = new AtomicInteger();
        Verifier verifier = verifier(
                (token, deadline) -> {
                    calls.incrementAndGet();
                    return Optional.empty();
                },
                ROSTER);
        for (int i = 0; i < 30; i++) {
            assertEquals(Reason.OTP_UNKNOWN, verifier.verify(ask(EMPLOYEE)).reason());
        }
        assertEquals(30, calls.get());
    }

    @Test
    void rosterErrorsAreFailWithTheirKind() {
        Verifier broken = verifier((token, deadline) -> Optional.of(KIM), (e164, deadline) -> {
            throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
        });
        Verdict verdict = broken.verify(ask(EMPLOYEE));
        assertEquals(Reason.ROSTER_ERROR, verdict.reason());
        assertEquals("SdkClientException", verdict.detail());
        assertEquals("+82******3333", verdict.maskedPhone());

        Verifier slow = verifier((token, deadline) -> Optional.of(KIM), (e164, deadline) -> {
            throw ApiCallTimeoutException.create(300);
        });
        assertEquals(Reason.TIMEOUT, slow.verify(ask(EMPLOYEE)).reason());
    }

    @Test
    void everyIdKnownForTheOtpMustBeTheRequesters() {
        AtomicInteger calls = new AtomicInteger();
        Verifier verifier = verifier(
                (token, deadline) -> {
                    calls.incrementAndGet();
                    return Optional.of(
                            new KakaoProfile("김민준", "+82 10-2222-3333", token.startsWith("anonymous") ? null : USER));
                },
                ROSTER);
        SkillRequest.Shape shape = SkillRequest.Shape.SKILL;

        assertEquals(
                Reason.VERIFIED,
                verifier.verify(new SkillRequest(shape, otpUrl(EMPLOYEE), USER, USER))
                        .reason());
        assertEquals(
                Reason.VERIFIED,
                verifier.verify(new SkillRequest(shape, otpUrl(EMPLOYEE), null, USER))
                        .reason());
        assertEquals(
                Reason.VERIFIED,
                verifier.verify(new SkillRequest(shape, otpUrl("anonymous-token-01"), USER, USER))
                        .reason());
        assertEquals(
                Reason.OTP_USER_MISMATCH,
                verifier.verify(new SkillRequest(shape, otpUrl(EMPLOYEE), USER, "4437521098"))
                        .reason());
        assertEquals(
                Reason.OTP_USER_MISMATCH,
                verifier.verify(new SkillRequest(shape, otpUrl(EMPLOYEE), null, "4437521098"))
                        .reason());
        assertEquals(
                Reason.OTP_USER_MISMATCH,
                verifier.verify(new SkillRequest(shape, otpUrl(EMPLOYEE), "4437521098", USER))
                        .reason(),
                "a plugin value naming someone else is refused even when the profile names the requester");
        assertEquals(
                Reason.OTP_OWNER_UNKNOWN,
                verifier.verify(new SkillRequest(shape, otpUrl("anonymous-token-01"), null, USER))
                        .reason());
        int fetched = calls.get();
        assertEquals(
                Reason.REQUESTER_UNIDENTIFIED,
                verifier.verify(new SkillRequest(shape, otpUrl(EMPLOYEE), USER, null))
                        .reason());
        assertEquals(fetched, calls.get(), "nothing is fetched for a requester without an id");
    }

    @Test
    void aRejectedUrlNeverReachesKakao() {
        AtomicInteger calls = new AtomicInteger();
        Verifier verifier = verifier(
                (token, deadline) -> {
                    calls.incrementAndGet();
                    return Optional.of(KIM);
                },
                ROSTER);
        assertEquals(
                Reason.OTP_URL_REJECTED,
                verifier.verify(new SkillRequest(
                                SkillRequest.Shape.VALIDATION,
                                "http://talk-plugin-capi.kakao.com/otp/" + EMPLOYEE + "/profile",
                                USER,
                                USER))
                        .reason());
        assertEquals(0, calls.get());
    }
}
