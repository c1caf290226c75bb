package com.rostergate.local.cloudformation;

import com.rostergate.local.template.LocalTemplate;
import java.time.Instant;
import java.util.List;

/**
 * The local stack as CloudFormation's DescribeStacks shows a stack: its name and id, the template's
 * Description, and its Outputs resolved to the local names. An HTTP API's execute-api URL becomes the
 * local HTTP API endpoint, so an output such as the skill URL reaches the function here.
 */
public record StackDescription(
        String name, String id, String description, Instant creationTime, List<LocalTemplate.Output> outputs) {

    private static final List<String> HTTP_API_TYPES = List.of("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api");

    public static StackDescription of(LocalTemplate template, String httpApiEndpoint, Instant creationTime) {
        String region = template.naming().region();
        List<String> apiUrls = template.resourcesOfType(HTTP_API_TYPES.toArray(String[]::new)).stream()
                .map(api -> "https://" + template.ref(api.id()) + ".execute-api." + region + ".amazonaws.com")
                .toList();
        List<LocalTemplate.Output> outputs = template.outputs().values().stream()
                .map(output -> new LocalTemplate.Output(
                        output.key(),
                        local(output.value(), apiUrls, httpApiEndpoint),
                        output.description(),
                        output.exportName()))
                .toList();
        return new StackDescription(
                template.naming().stackName(),
                template.naming().stackId(),
                template.description(),
                creationTime,
                outputs);
    }

    /** True for the stack's name or its id, the two ways DescribeStacks names a stack. */
    public boolean isNamed(String stackName) {
        return name.equals(stackName) || id.equals(stackName);
    }

    private static String local(String value, List<String> apiUrls, String httpApiEndpoint) {
        for (String apiUrl : apiUrls) {
            if (value.startsWith(apiUrl)) {
                return httpApiEndpoint + value.substring(apiUrl.length());
            }
        }
        return value;
    }
}
