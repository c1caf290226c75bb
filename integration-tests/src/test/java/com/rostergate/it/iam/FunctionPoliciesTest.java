package com.rostergate.it.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rostergate.it.TestStacks;
import com.rostergate.local.template.CloudFormationYaml;
import com.rostergate.local.template.LocalNaming;
import com.rostergate.local.template.LocalTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * The IAM check reads each role as SAM builds it, its managed policies included: no function may act on
 * resources outside the stack, the writer's SQS event source may poll the ingest queue only, and only the verifier
 * reads its secret. No stack runs.
 */
class FunctionPoliciesTest {

    private static final Path TEMPLATE = TestStacks.TEMPLATE;
    private static final LocalNaming NAMING =
            new LocalNaming("rostergate", LocalNaming.ACCOUNT_ID, LocalNaming.REGION, "http://127.0.0.1:9324");
    private static final Map<String, String> SECRETS = Map.of("KakaoRestApiKey", "key", "SkillSecret", "s".repeat(32));

    @TempDir
    Path temporary;

    @Test
    void noFunctionMayActOnOtherResourcesOfTheAccount() {
        LocalTemplate template = LocalTemplate.load(TEMPLATE, NAMING, SECRETS, Map.of());
        FunctionPolicies policies = FunctionPolicies.of(template);

        for (LocalTemplate.Resource function : template.resourcesOfType("AWS::Serverless::Function")) {
            assertEquals(Set.of(), policies.accountWideGrants(function.id()), function.id());
        }
    }

    @Test
    void withoutItsDenySamsSqsEventPolicyWouldLetTheWriterDeleteFromEveryQueue() throws Exception {
        Map<String, Object> raw = CloudFormationYaml.load(TEMPLATE);
        List<Map<String, Object>> statements = writerStatements(raw);
        assertTrue(
                statements.removeIf(statement -> "Deny".equals(statement.get("Effect"))),
                "the writer's policy has a Deny");
        Path copy = temporary.resolve("template.yaml");
        new ObjectMapper().writeValue(copy.toFile(), raw);

        FunctionPolicies withoutDeny = FunctionPolicies.of(LocalTemplate.load(copy, NAMING, SECRETS, Map.of()));

        assertEquals(
                Set.of(
                        "sqs:DeleteMessage (AWSLambdaSQSQueueExecutionRole)",
                        "sqs:GetQueueAttributes (AWSLambdaSQSQueueExecutionRole)",
                        "sqs:ReceiveMessage (AWSLambdaSQSQueueExecutionRole)"),
                withoutDeny.accountWideGrants("WriterFunction"));
    }

    @Test
    void theWritersEventSourcePollsTheIngestQueueAndNoOther() {
        LocalTemplate template = LocalTemplate.load(TEMPLATE, NAMING, SECRETS, Map.of());
        FunctionPolicies policies = FunctionPolicies.of(template);
        String ingest = NAMING.queueArn(template.physicalName("IngestQueue"));
        String deadLetters = NAMING.queueArn(template.physicalName("IngestDeadLetterQueue"));

        for (String action : List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")) {
            assertTrue(policies.allows("WriterFunction", new FunctionPolicies.Need(action, ingest)), action);
            assertFalse(
                    policies.allows("WriterFunction", new FunctionPolicies.Need(action, deadLetters)),
                    action + " on the DLQ");
        }
        assertFalse(
                policies.allows("SplitterFunction", new FunctionPolicies.Need("sqs:DeleteMessage", ingest)),
                "the splitter only sends");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> writerStatements(Map<String, Object> raw) {
        Map<String, Object> resources = (Map<String, Object>) raw.get("Resources");
        Map<String, Object> writer = (Map<String, Object>) resources.get("WriterFunction");
        List<Object> policies = (List<Object>) ((Map<String, Object>) writer.get("Properties")).get("Policies");
        return (List<Map<String, Object>>) ((Map<String, Object>) policies.get(0)).get("Statement");
    }

    private static SdkCalls.Call readSecret(String secretId) {
        return new SdkCalls.Call(
                "test",
                "Secrets Manager",
                "GetSecretValue",
                GetSecretValueRequest.builder().secretId(secretId).build());
    }

    @Test
    void onlyTheVerifierReadsItsSecretAndNoOther() {
        LocalTemplate template = LocalTemplate.load(TEMPLATE, NAMING, SECRETS, Map.of());
        FunctionPolicies policies = FunctionPolicies.of(template);
        String verifierSecrets = template.ref("VerifierSecrets");
        assertEquals(List.of(), policies.denied("VerifierFunction", readSecret(verifierSecrets)));
        assertEquals(
                List.of(),
                policies.denied("VerifierFunction", readSecret(template.physicalName("VerifierSecrets"))),
                "by name too");
        for (String other : List.of("SplitterFunction", "WriterFunction", "StuckImportsFunction")) {
            assertEquals(
                    List.of(new FunctionPolicies.Need("secretsmanager:GetSecretValue", verifierSecrets)),
                    policies.denied(other, readSecret(verifierSecrets)),
                    other);
        }
        String another =
                new LocalNaming("rostergate", LocalNaming.ACCOUNT_ID, LocalNaming.REGION, "").secretArn("other");
        assertEquals(1, policies.denied("VerifierFunction", readSecret(another)).size());
    }
}
