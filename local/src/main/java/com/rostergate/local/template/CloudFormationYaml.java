package com.rostergate.local.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation/SAM YAML template into plain maps and lists, turning the short-form
 * intrinsic tags ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...}) into their long JSON form
 * ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": ["A", "B"]}}, {@code {"Fn::Sub": ...}}).
 */
public final class CloudFormationYaml {

    /** The short forms CloudFormation knows; the local stack evaluates those sam/template.yaml uses. */
    private static final List<String> FUNCTIONS = List.of(
            "Base64",
            "Cidr",
            "FindInMap",
            "GetAtt",
            "GetAZs",
            "ImportValue",
            "Join",
            "Select",
            "Split",
            "Sub",
            "If",
            "Equals",
            "Not",
            "And",
            "Or");

    private CloudFormationYaml() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // CloudFormation rejects them too
        try (Reader reader = Files.newBufferedReader(file)) {
            Object document = new Yaml(new IntrinsicConstructor(options)).load(reader);
            if (!(document instanceof Map)) {
                throw new TemplateException(file + ": a template must be a YAML mapping");
            }
            return (Map<String, Object>) document;
        } catch (IOException | YAMLException e) {
            throw new TemplateException(file + ": cannot read the template: " + e.getMessage(), e);
        }
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr()); // keep dates as the text CloudFormation sees
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    int dot = text.indexOf('.');
                    // "!GetAtt Resource.Attribute" is short for ["Resource", "Attribute"]
                    value = key.equals("Fn::GetAtt") && dot > 0
                            ? List.of(text.substring(0, dot), text.substring(dot + 1))
                            : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(key, value);
            }
        }
    }
}
