package com.rostergate.it.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rostergate.fixtures.Fixtures;
import com.rostergate.local.template.LocalNaming;
import com.rostergate.local.template.LocalTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/** The least-privilege check's reading of the template for the verifier's secret (no stack runs). */
class FunctionPoliciesTest {

    static final LocalTemplate TEMPLATE = LocalTemplate.load(Fixtures.file("sam/template.yaml"),
        new LocalNaming("rostergate", LocalNaming.ACCOUNT_ID, LocalNaming.REGION, "http://127.0.0.1:9324"),
        Map.of("KakaoRestApiKey", "key", "SkillSecret", "s".repeat(32)), Map.of());
    static final FunctionPolicies POLICIES = FunctionPolicies.of(TEMPLATE);

    private static SdkCalls.Call readSecret(String secretId) {
        return new SdkCalls.Call("test", "Secrets Manager", "GetSecretValue", GetSecretValueRequest.builder().secretId(secretId).build());
    }

    @Test
    void onlyTheVerifierReadsItsSecretAndNoOther() {
        String verifierSecrets = TEMPLATE.ref("VerifierSecrets");
        assertEquals(List.of(), POLICIES.denied("VerifierFunction", readSecret(verifierSecrets)));
        assertEquals(List.of(), POLICIES.denied("VerifierFunction", readSecret(TEMPLATE.physicalName("VerifierSecrets"))), "by name too");
        for (String other : List.of("SplitterFunction", "WriterFunction", "StuckImportsFunction")) {
            assertEquals(List.of(new FunctionPolicies.Need("secretsmanager:GetSecretValue", verifierSecrets)),
                POLICIES.denied(other, readSecret(verifierSecrets)), other);
        }
        String another = new LocalNaming("rostergate", LocalNaming.ACCOUNT_ID, LocalNaming.REGION, "").secretArn("other");
        assertEquals(1, POLICIES.denied("VerifierFunction", readSecret(another)).size());
    }
}
