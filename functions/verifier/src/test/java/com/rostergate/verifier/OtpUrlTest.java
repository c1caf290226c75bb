package com.rostergate.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtpUrlTest {

    @Test
    void acceptsKakaosExactFormAndKeepsOnlyTheToken() {
        assertEquals(
                Optional.of("62247d59d36c554596ea60eb"),
                OtpUrl.token("https://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile"));
        assertEquals(
                Optional.of("demo-employee-token"),
                OtpUrl.token("https://talk-plugin-capi.kakao.com/otp/demo-employee-token/profile"));
        assertEquals(
                Optional.of("a".repeat(64)),
                OtpUrl.token("https://talk-plugin-capi.kakao.com/otp/" + "a".repeat(64) + "/profile"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "62247d59d36c554596ea60eb",
                "http://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile",
                "HTTPS://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile",
                "//talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile",
                "ftp://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile",
                "https://evil.example/otp/62247d59d36c554596ea60eb/profile",
                "https://talk-plugin.kakao.com/otp/62247d59d36c554596ea60eb/profile",
                "https://TALK-PLUGIN-CAPI.KAKAO.COM/otp/62247d59d36c554596ea60eb/profile",
                "https://talk-plugin-capi.kakao.com.evil.example/otp/62247d59d36c554596ea60eb/profile",
                "https://talk-plugin-capi.kakao.com./otp/62247d59d36c554596ea60eb/profile",
                "https://evil.example/talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile",
                "https://talk-plugin-capi.kakao.com:8443/otp/62247d59d36c554596ea60eb/profile",
                "https://talk-plugin-capi.kakao.com:443/otp/62247d59d36c554596ea60eb/profile",
                "https://talk-plugin-capi.kakao.com@evil.example/otp/62247d59d36c554596ea60eb/profile",
                "https://user:pass@talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile",
                "https://talk-plugin-capi.kakao.com\\@evil.example/otp/62247d59d36c554596ea60eb/profile",
                "https://127.0.0.1/otp/62247d59d36c554596ea60eb/profile",
                "https://[::1]/otp/62247d59d36c554596ea60eb/profile",
                "https://169.254.169.254/latest/meta-data/",
                "https://t\u0430lk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile",
                "https://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile/",
                "https://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile?rest_api_key=x",
                "https://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile#frag",
                "https://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile\n",
                " https://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile",
                "https://talk-plugin-capi.kakao.com/otp/../admin/profile",
                "https://talk-plugin-capi.kakao.com/otp/./62247d59d36c554596ea60eb/profile",
                "https://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/../../evil/profile",
                "https://talk-plugin-capi.kakao.com/otp/62247d59%2F..%2Fadmin/profile",
                "https://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb%2Fprofile",
                "https://talk-plugin-capi.kakao.com/otp/%2e%2e%2fadmin123/profile",
                "https://talk-plugin-capi.kakao.com/otp/62247d59 d36c554596ea60eb/profile",
                "https://talk-plugin-capi.kakao.com/otp//profile",
                "https://talk-plugin-capi.kakao.com/otp/short/profile",
                "https://talk-plugin-capi.kakao.com/otp/-leadinghyphen/profile",
                "https://talk-plugin-capi.kakao.com/otp/"
                        + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/profile",
                "https://talk-plugin-capi.kakao.com/OTP/62247d59d36c554596ea60eb/profile",
                "https://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/profile/../../v2/user/me",
                "https://talk-plugin-capi.kakao.com/otp/62247d59d36c554596ea60eb/me",
                "https://talk-plugin-capi.kakao.com/otp/토큰토큰토큰토큰/profile"
            })
    void refusesEverythingElse(String candidate) {
        assertTrue(OtpUrl.token(candidate).isEmpty(), candidate);
    }

    @Test
    void refusesNullAndHugeInput() {
        assertTrue(OtpUrl.token(null).isEmpty());
        assertTrue(OtpUrl.token("https://talk-plugin-capi.kakao.com/otp/" + "a".repeat(100_000) + "/profile")
                .isEmpty());
    }
}
