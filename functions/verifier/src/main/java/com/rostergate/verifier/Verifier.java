package com.rostergate.verifier;

import com.rostergate.core.phone.PhoneNormaliser;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * OTP token -> Kakao profile -> phone (PhoneNormaliser, like the roster) -> one roster lookup, answered
 * within the budget whatever happens downstream.
 *
 * <p>The whole lookup runs on a worker thread under a Resilience4j {@link TimeLimiter} that cancels
 * (interrupts) it when the budget is spent; every call inside also times out on the same deadline, so
 * nothing keeps running after the answer. The Kakao call goes through a {@link CircuitBreaker} so an
 * outage fails fast, and is retried at most once: after a transport error or a 5xx, only while at least
 * half the budget is left.
 */
final class Verifier {

    private final ProfileSource profiles;
    private final RosterLookup roster;
    private final PhoneNormaliser normaliser;
    private final Duration budget;
    private final TimeLimiter timeLimiter;
    private final CircuitBreaker kakaoCircuit;
    private final ExecutorService workers;

    Verifier(ProfileSource profiles, RosterLookup roster, PhoneNormaliser normaliser, Duration budget) {
        this(
                profiles,
                roster,
                normaliser,
                budget,
                CircuitBreaker.of(
                        "kakao",
                        CircuitBreakerConfig.custom()
                                .slidingWindowSize(20)
                                .minimumNumberOfCalls(5)
                                .failureRateThreshold(50)
                                .waitDurationInOpenState(Duration.ofSeconds(10))
                                .permittedNumberOfCallsInHalfOpenState(2)
                                .recordExceptions(IOException.class)
                                .build()));
    }

    /** With the Kakao circuit given: tests drive its states. */
    Verifier(
            ProfileSource profiles,
            RosterLookup roster,
            PhoneNormaliser normaliser,
            Duration budget,
            CircuitBreaker kakaoCircuit) {
        this(
                profiles,
                roster,
                normaliser,
                budget,
                TimeLimiter.of(
                        "verification",
                        TimeLimiterConfig.custom()
                                .timeoutDuration(budget)
                                .cancelRunningFuture(true)
                                .build()),
                kakaoCircuit,
                Executors.newCachedThreadPool(workerThreads()));
    }

    private Verifier(
            ProfileSource profiles,
            RosterLookup roster,
            PhoneNormaliser normaliser,
            Duration budget,
            TimeLimiter timeLimiter,
            CircuitBreaker kakaoCircuit,
            ExecutorService workers) {
        this.profiles = profiles;
        this.roster = roster;
        this.normaliser = normaliser;
        this.budget = budget;
        this.timeLimiter = timeLimiter;
        this.kakaoCircuit = kakaoCircuit;
        this.workers = workers;
    }

    /** The same machinery reading profiles from {@code other}: lets priming run the real path without calling Kakao. */
    Verifier readingProfilesFrom(ProfileSource other) {
        return new Verifier(other, roster, normaliser, budget, timeLimiter, kakaoCircuit, workers);
    }

    /** Forgets what priming taught the circuit breaker. */
    void resetCircuit() {
        kakaoCircuit.reset();
    }

    /**
     * Verifies only the Kakao user who asks: the OTP must belong to {@code request.requesterAppUserId()}, by
     * the id Kakao's profile answer carries and by the one the plugin's resolved value carries, where present.
     */
    Verdict verify(SkillRequest request) {
        Optional<String> token = OtpUrl.token(request.otpUrl());
        if (token.isEmpty()) {
            return Verdict.fail(Reason.OTP_URL_REJECTED);
        }
        if (request.requesterAppUserId() == null) {
            return Verdict.fail(Reason.REQUESTER_UNIDENTIFIED);
        }
        Deadline deadline = Deadline.after(budget);
        try {
            return timeLimiter.executeFutureSupplier(
                    () -> workers.submit(() -> lookUp(token.get(), request, deadline)));
        } catch (TimeoutException e) {
            return Verdict.fail(Reason.TIMEOUT);
        } catch (Exception | Error e) {
            return Verdict.fail(Reason.INTERNAL_ERROR, e.getClass().getSimpleName());
        }
    }

    private Verdict lookUp(String token, SkillRequest request, Deadline deadline) {
        Optional<KakaoProfile> profile;
        try {
            profile = fetchProfile(token, deadline);
        } catch (CallNotPermittedException e) {
            return Verdict.fail(Reason.KAKAO_CIRCUIT_OPEN);
        } catch (IOException e) {
            return Verdict.fail(deadline.passed() ? Reason.TIMEOUT : Reason.KAKAO_ERROR, e.getMessage());
        }
        if (profile.isEmpty()) {
            return Verdict.fail(Reason.OTP_UNKNOWN);
        }
        Reason owner = ownership(profile.get().appUserId(), request);
        if (owner != Reason.VERIFIED) {
            return Verdict.fail(owner);
        }
        String rawPhone = profile.get().phoneNumber();
        if (rawPhone == null || rawPhone.isBlank()) {
            return Verdict.fail(Reason.PROFILE_WITHOUT_PHONE);
        }
        PhoneNormaliser.Result phone = normaliser.normalise(rawPhone);
        if (!phone.isValid()) {
            return Verdict.fail(Reason.PHONE_INVALID, phone.rejection(), rawPhone);
        }
        if (deadline.passed() || Thread.currentThread().isInterrupted()) {
            return Verdict.fail(Reason.TIMEOUT, null, phone.e164());
        }
        try {
            return roster.find(phone.e164(), deadline)
                    .map(Verdict::verified)
                    .orElseGet(() -> Verdict.fail(Reason.NOT_IN_ROSTER, null, phone.e164()));
        } catch (ApiCallTimeoutException e) {
            return Verdict.fail(Reason.TIMEOUT, null, phone.e164());
        } catch (SdkException e) {
            return Verdict.fail(Reason.ROSTER_ERROR, e.getClass().getSimpleName(), phone.e164());
        }
    }

    /** VERIFIED when every id known for the OTP (and at least one is) is the requester's. */
    private static Reason ownership(String profileOwner, SkillRequest request) {
        String requester = request.requesterAppUserId();
        String pluginOwner = request.otpAppUserId();
        if (profileOwner == null && pluginOwner == null) {
            return Reason.OTP_OWNER_UNKNOWN;
        }
        boolean mine = (profileOwner == null || profileOwner.equals(requester))
                && (pluginOwner == null || pluginOwner.equals(requester));
        return mine ? Reason.VERIFIED : Reason.OTP_USER_MISMATCH;
    }

    private Optional<KakaoProfile> fetchProfile(String token, Deadline deadline) throws IOException {
        try {
            return fetchThroughCircuit(token, deadline);
        } catch (IOException e) {
            boolean kakaoRefused = e instanceof KakaoProfileClient.KakaoStatusException status && status.status() < 500;
            boolean worthRetrying = !kakaoRefused
                    && deadline.remainingMillis() >= budget.toMillis() / 2
                    && !Thread.currentThread().isInterrupted();
            if (!worthRetrying) {
                throw e;
            }
            return fetchThroughCircuit(token, deadline);
        }
    }

    private Optional<KakaoProfile> fetchThroughCircuit(String token, Deadline deadline) throws IOException {
        kakaoCircuit.acquirePermission();
        long start = System.nanoTime();
        try {
            Optional<KakaoProfile> profile = profiles.fetch(token, deadline);
            kakaoCircuit.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return profile;
        } catch (IOException | RuntimeException | Error e) {
            // Every permit goes back, an Error's too: a half-open circuit has only a few, and a lost one keeps it shut.
            kakaoCircuit.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        }
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "verifier-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
