package com.rostergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rostergate.local.template.CloudFormationYaml;
import com.rostergate.local.template.LocalNaming;
import com.rostergate.local.template.LocalTemplate;
import com.rostergate.local.template.TemplateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What sam/template.yaml promises about the data and the permissions (README "Deploying with SAM"):
 * personal data in reports expires, the roster survives the stack's deletion, AWS services act only
 * for this stack, the Kakao API key never travels in clear text, and the skill API is logged without secrets.
 */
class DeploymentHardeningTest {

    private static final Path TEMPLATE = TestStacks.TEMPLATE;
    private static final JsonNode RAW = TestStacks.JSON.valueToTree(CloudFormationYaml.load(TEMPLATE));
    private static final JsonNode RESOURCES = RAW.get("Resources");
    private static final JsonNode PARAMETERS = RAW.get("Parameters");

    @Test
    void reportsExpireAfterTheirRetentionAndUnfinishedUploadsAreAborted() {
        JsonNode rules = RESOURCES.at("/RosterBucket/Properties/LifecycleConfiguration/Rules");
        JsonNode reports = rule(rules, "reports/");
        assertEquals("Enabled", reports.path("Status").asText());
        assertEquals(TestStacks.json("{\"Ref\":\"ReportRetentionDays\"}"), reports.path("ExpirationInDays"));
        assertEquals(90, PARAMETERS.at("/ReportRetentionDays/Default").asInt());
        assertEquals(
                1,
                reports.at("/NoncurrentVersionExpiration/NoncurrentDays").asInt(),
                "the bucket is versioned: old versions go too");

        JsonNode uploads = rule(rules, null);
        assertTrue(
                uploads.at("/AbortIncompleteMultipartUpload/DaysAfterInitiation")
                                .asInt()
                        >= 1,
                uploads.toString());
        assertFalse(
                uploads.has("Prefix") || uploads.has("Filter"),
                "unfinished uploads are aborted everywhere, reports/ included");
    }

    @Test
    void everyTableAndBucketOutlivesTheStack() {
        List<String> stores = new ArrayList<>();
        RESOURCES.fields().forEachRemaining(resource -> {
            String type = resource.getValue().path("Type").asText();
            if (type.equals("AWS::DynamoDB::Table") || type.equals("AWS::S3::Bucket")) {
                stores.add(resource.getKey());
                assertEquals(
                        "Retain", resource.getValue().path("DeletionPolicy").asText(), resource.getKey());
                assertEquals(
                        "Retain",
                        resource.getValue().path("UpdateReplacePolicy").asText(),
                        resource.getKey());
            }
            if (type.equals("AWS::DynamoDB::Table")) {
                assertTrue(
                        resource.getValue()
                                .at("/Properties/DeletionProtectionEnabled")
                                .asBoolean(),
                        resource.getKey());
            }
        });
        assertEquals(List.of("RosterBucket", "EmployeesTable", "ImportsTable"), stores);
    }

    @Test
    void awsServicesMayActOnlyForThisStack() {
        List<String> unconditioned = new ArrayList<>();
        RESOURCES.fields().forEachRemaining(resource -> {
            boolean key = resource.getValue().path("Type").asText().equals("AWS::KMS::Key");
            JsonNode document = resource.getValue().at("/Properties/" + (key ? "KeyPolicy" : "PolicyDocument"));
            for (JsonNode statement : document.path("Statement")) {
                JsonNode condition = statement.path("Condition");
                boolean scoped = condition.findValue("aws:SourceArn") != null
                        || condition.findValue("aws:SourceAccount") != null
                        || (key && servesOnlyItsTopic(resource.getKey(), condition));
                boolean serviceAllowed = !statement.at("/Principal/Service").isMissingNode()
                        && statement.path("Effect").asText().equals("Allow");
                if (serviceAllowed && !scoped) {
                    unconditioned.add(
                            resource.getKey() + "/" + statement.path("Sid").asText());
                }
            }
        });
        assertEquals(List.of(), unconditioned);
        assertEquals(
                TestStacks.json("{\"Fn::GetAtt\":[\"ImportAttentionRule\",\"Arn\"]}"),
                RESOURCES.at(
                        "/OnCallTopicPolicy/Properties/PolicyDocument/Statement/0/Condition/ArnEquals/aws:SourceArn"));
    }

    /**
     * SNS does not support aws:SourceArn/aws:SourceAccount in a key policy for EventBridge publishing to an encrypted
     * topic; the encryption context SNS passes to KMS, the topic's ARN, scopes the key to the topic that uses it.
     */
    private static boolean servesOnlyItsTopic(String keyId, JsonNode condition) {
        JsonNode topicArn = condition.at("/StringEquals/kms:EncryptionContext:aws:sns:topicArn/Fn::Sub");
        for (var resource : (Iterable<Map.Entry<String, JsonNode>>) RESOURCES::fields) {
            JsonNode properties = resource.getValue().path("Properties");
            boolean usesKey = resource.getValue().path("Type").asText().equals("AWS::SNS::Topic")
                    && properties.at("/KmsMasterKeyId/Ref").asText().equals(keyId);
            String arn = "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:"
                    + properties.at("/TopicName/Fn::Sub").asText();
            if (usesKey && topicArn.asText().equals(arn)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theFailedEventsQueueAdmitsTheUploadRuleAlone() {
        String ruleName = RESOURCES
                .at("/SplitterFunction/Properties/Events/RosterUploaded/Properties/RuleName/Fn::Sub")
                .asText();
        JsonNode statement = RESOURCES.at("/SplitterFailedEventsQueuePolicy/Properties/PolicyDocument/Statement/0");
        String sourceArn =
                statement.at("/Condition/ArnEquals/aws:SourceArn/Fn::Sub").asText();

        assertEquals("${AWS::StackName}-roster-uploaded", ruleName);
        assertEquals("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/" + ruleName, sourceArn);
        assertEquals(
                TestStacks.json("{\"Ref\":\"AWS::AccountId\"}"),
                statement.at("/Condition/StringEquals/aws:SourceAccount"));
    }

    @Test
    void theSplitterMayListRostersSoThatAMissingOneIsNotFoundNotForbidden() {
        JsonNode listing = null;
        for (JsonNode statement : RESOURCES.at("/SplitterFunction/Properties/Policies/0/Statement")) {
            if (statement.path("Action").asText().equals("s3:ListBucket")) {
                listing = statement;
            }
        }
        assertTrue(listing != null, "the splitter has s3:ListBucket");
        assertEquals(TestStacks.json("{\"Fn::GetAtt\":[\"RosterBucket\",\"Arn\"]}"), listing.path("Resource"));
        assertEquals(
                "rosters/*", listing.at("/Condition/StringLike/s3:prefix").asText(), "only rosters/ may be listed");
    }

    @Test
    void theKakaoBaseUrlIsHttpsOnly() {
        Pattern allowed =
                Pattern.compile(PARAMETERS.at("/KakaoApiBaseUrl/AllowedPattern").asText());
        assertTrue(allowed.matcher(PARAMETERS.at("/KakaoApiBaseUrl/Default").asText())
                .matches());
        assertTrue(allowed.matcher("https://kakao.example/prefix").matches());
        for (String refused : List.of(
                "http://talk-plugin-capi.kakao.com",
                "HTTP://kakao.example",
                "https://user@kakao.example",
                "https://kakao.example?x=1",
                "ftp://kakao.example",
                "kakao.example")) {
            assertFalse(allowed.matcher(refused).matches(), refused);
        }

        TemplateException refused = assertThrows(
                TemplateException.class,
                () -> LocalTemplate.load(
                        TEMPLATE,
                        new LocalNaming(
                                "rostergate", LocalNaming.ACCOUNT_ID, LocalNaming.REGION, "http://127.0.0.1:9324"),
                        Map.of("KakaoRestApiKey", "unused", "SkillSecret", "s".repeat(32)),
                        Map.of("KakaoApiBaseUrl", "http://talk-plugin-capi.kakao.com")));
        assertTrue(refused.getMessage().contains("Parameters.KakaoApiBaseUrl"), refused.getMessage());
    }

    @Test
    void theSkillApiIsLoggedAsLongAsTheFunctionsWithoutBodiesOrHeaders() throws Exception {
        JsonNode settings = RESOURCES.at("/SkillApi/Properties/AccessLogSettings");
        assertEquals(
                "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${SkillApiAccessLogGroup}",
                settings.at("/DestinationArn/Fn::Sub").asText());
        assertEquals(
                RESOURCES.at("/VerifierLogGroup/Properties/RetentionInDays"),
                RESOURCES.at("/SkillApiAccessLogGroup/Properties/RetentionInDays"));

        String format = settings.path("Format").asText();
        JsonNode line = TestStacks.json(format.replaceAll("\\$[a-zA-Z.]+", "x"));
        assertTrue(line.isObject() && line.has("requestId") && line.has("status"), format);
        List<String> variables = Pattern.compile("\\$[a-zA-Z.]+")
                .matcher(format)
                .results()
                .map(match -> match.group())
                .toList();
        assertTrue(variables.stream().allMatch(variable -> variable.startsWith("$context.")), variables.toString());
        assertTrue(
                variables.stream()
                        .noneMatch(variable -> variable.contains("authorizer")
                                || variable.contains("header")
                                || variable.contains("body")
                                || variable.contains("querystring")),
                variables.toString());
    }

    /** The lifecycle rule limited to {@code prefix} (null: the rule for the whole bucket that aborts uploads). */
    private static JsonNode rule(JsonNode rules, String prefix) {
        for (JsonNode rule : rules) {
            boolean wanted = prefix == null
                    ? rule.has("AbortIncompleteMultipartUpload")
                    : prefix.equals(rule.path("Prefix").asText());
            if (wanted) {
                return rule;
            }
        }
        throw new AssertionError("no lifecycle rule for " + prefix + " in " + rules);
    }
}
