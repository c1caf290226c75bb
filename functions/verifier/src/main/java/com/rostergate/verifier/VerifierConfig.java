package com.rostergate.verifier;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The verifier's settings, read once from the function's environment map. Anything that would make
 * every request fail (no table, no key, a base URL that is not a plain https origin) fails the
 * constructor instead, so a bad deployment shows at init rather than as a stream of FAIL answers.
 */
public record VerifierConfig(
        String employeesTable,
        String kakaoBaseUrl,
        String restApiKey,
        CallerCheck callerCheck,
        Duration budget,
        String pluginParam,
        String successMessage,
        String failMessage,
        boolean replyWithEmployee) {

    static final int DEFAULT_BUDGET_MS = 800;
    static final int MIN_BUDGET_MS = 100;
    /** The template's VerifyBudgetMs MaxValue: its 3 s Timeout covers this and the work around it. */
    public static final int MAX_BUDGET_MS = 2000;

    static final String DEFAULT_SUCCESS_MESSAGE = "임직원 인증이 완료되었습니다.";
    static final String DEFAULT_FAIL_MESSAGE = "임직원 인증에 실패했습니다. 회사에 등록된 휴대전화 번호의 카카오 계정인지 확인해 주세요.";

    /** Set by the local stack alone: its fake Kakao on loopback speaks plain http. */
    static final String LOCAL_HTTP = "KAKAO_API_LOCAL_HTTP";

    public static VerifierConfig from(Map<String, String> env) {
        int budgetMs = integer(env, "VERIFY_BUDGET_MS", DEFAULT_BUDGET_MS);
        if (budgetMs < MIN_BUDGET_MS || budgetMs > MAX_BUDGET_MS) {
            throw new IllegalArgumentException(
                    "VERIFY_BUDGET_MS must be between " + MIN_BUDGET_MS + " and " + MAX_BUDGET_MS);
        }
        return new VerifierConfig(
                required(env, "EMPLOYEES_TABLE"),
                baseUrl(required(env, "KAKAO_API_BASE_URL"), Boolean.parseBoolean(env.get(LOCAL_HTTP))),
                required(env, "KAKAO_REST_API_KEY"),
                CallerCheck.of(
                        env.get("SKILL_SECRET"),
                        orDefault(env, "SKILL_SECRET_IN", "header"),
                        orDefault(env, "SKILL_SECRET_HEADER", "X-Skill-Secret")),
                Duration.ofMillis(budgetMs),
                orDefault(env, "SKILL_PLUGIN_PARAM", "profile"),
                orDefault(env, "SKILL_SUCCESS_MESSAGE", DEFAULT_SUCCESS_MESSAGE),
                orDefault(env, "SKILL_FAIL_MESSAGE", DEFAULT_FAIL_MESSAGE),
                Boolean.parseBoolean(env.getOrDefault("SKILL_REPLY_EMPLOYEE", "false")));
    }

    /** Never print the key or the secret, even by accident (records print all components otherwise). */
    @Override
    public String toString() {
        return "VerifierConfig[employeesTable=" + employeesTable + ", kakaoBaseUrl=" + kakaoBaseUrl + ", callerCheck="
                + callerCheck + ", budget=" + budget + ", pluginParam=" + pluginParam + "]";
    }

    /**
     * The base must be a bare https origin (plus an optional path prefix): the OTP path is appended to it
     * as is, and the REST API key goes with every request. Plain http only to a loopback host, when {@code localHttp}.
     */
    private static String baseUrl(String value, boolean localHttp) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("KAKAO_API_BASE_URL is not a URL");
        }
        boolean plain = ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                && uri.getHost() != null
                && uri.getRawUserInfo() == null
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null;
        if (!plain) {
            throw new IllegalArgumentException(
                    "KAKAO_API_BASE_URL must be https://host[:port][/prefix] without query or user info");
        }
        boolean loopback = List.of("127.0.0.1", "localhost", "[::1]").contains(uri.getHost());
        if ("http".equals(uri.getScheme()) && !(localHttp && loopback)) {
            throw new IllegalArgumentException("KAKAO_API_BASE_URL must be https: the REST API key is sent to it");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }

    private static String orDefault(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a whole number");
        }
    }
}
