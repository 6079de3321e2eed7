package org.perturba.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.perturba.core.registry.ContributionDescriptor;
import org.perturba.core.registry.ContributionKind;
import org.perturba.core.registry.ContributionProblem;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.core.registry.ParameterDescriptor;
import org.perturba.core.registry.ParameterType;
import org.perturba.experiment.json.Json;

/** {@code perturba extensions}: every attack, model and context extractor the installed plug-ins contribute. */
final class ExtensionsCommand implements Command {
    private static final Map<ContributionKind, String> SECTION_TITLES = Map.of(
            ContributionKind.ATTACK, "Attacks",
            ContributionKind.MODEL, "Models",
            ContributionKind.CONTEXT, "Context extractors");
    private static final Map<ContributionKind, String> JSON_KEYS = Map.of(
            ContributionKind.ATTACK, "attacks",
            ContributionKind.MODEL, "models",
            ContributionKind.CONTEXT, "context");

    private final ContributionRegistry registry;

    ExtensionsCommand(ContributionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "extensions";
    }

    @Override
    public String synopsis() {
        return "[--json]";
    }

    @Override
    public String summary() {
        return "list the contributed attacks, models and context extractors";
    }

    @Override
    public int run(List<String> arguments, Console console) throws UsageException {
        boolean json = Arguments.of(name()).flag("--json").parse(arguments).has("--json");
        List<ContributionProblem> problems = new ArrayList<>();
        for (ContributionKind kind : ContributionKind.values()) {
            problems.addAll(registry.problems(kind));
        }
        problems.forEach(problem -> console.warn(problem.describe()));
        console.out().println(json ? Json.writePretty(asJson(problems)) : asText());
        return 0;
    }

    private Map<String, Object> asJson(List<ContributionProblem> problems) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (ContributionKind kind : ContributionKind.values()) {
            root.put(JSON_KEYS.get(kind), registry.descriptors(kind).stream().map(ExtensionsCommand::asJson).toList());
        }
        root.put("skipped", problems.stream().map(problem -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", problem.kind().label());
            entry.put("bundle", problem.bundle());
            entry.put("reason", problem.message());
            return entry;
        }).toList());
        return root;
    }

    private static Map<String, Object> asJson(ContributionDescriptor descriptor) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", descriptor.id());
        entry.put("name", descriptor.name());
        entry.put("bundle", descriptor.bundle());
        entry.put("class", descriptor.className());
        entry.put("description", descriptor.description());
        if (descriptor.kind() == ContributionKind.ATTACK) {
            entry.put("parameters", descriptor.parameters().stream().map(ExtensionsCommand::asJson).toList());
        }
        descriptor.contextSource().ifPresent(source -> entry.put("contextSource", source.label()));
        return entry;
    }

    private static Map<String, Object> asJson(ParameterDescriptor parameter) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", parameter.name());
        entry.put("type", parameter.type().label());
        entry.put("default", parameter.defaultValue());
        parameter.min().ifPresent(min -> entry.put("min", min));
        parameter.max().ifPresent(max -> entry.put("max", max));
        if (!parameter.choices().isEmpty()) {
            entry.put("choices", parameter.choices());
        }
        entry.put("description", parameter.description());
        return entry;
    }

    private String asText() {
        StringBuilder text = new StringBuilder();
        for (ContributionKind kind : ContributionKind.values()) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(SECTION_TITLES.get(kind)).append('\n');
            List<ContributionDescriptor> descriptors = registry.descriptors(kind);
            if (descriptors.isEmpty()) {
                text.append("  (none)\n");
            }
            for (ContributionDescriptor descriptor : descriptors) {
                text.append(String.format("  %-20s %-32s %s%n", descriptor.id(), descriptor.name(), descriptor.bundle()));
                descriptor.contextSource().ifPresent(source -> text.append(String.format("      %-16s %s (%s)%n",
                        "contextSource", source.label(), source.meaning())));
                for (ParameterDescriptor parameter : descriptor.parameters()) {
                    text.append(String.format("      %-16s %s%n", parameter.name(), describe(parameter)));
                }
            }
        }
        return text.toString().stripTrailing();
    }

    private static String describe(ParameterDescriptor parameter) {
        StringBuilder text = new StringBuilder(parameter.type().label());
        if (!parameter.choices().isEmpty()) {
            text.append(" {").append(String.join(", ", parameter.choices())).append('}');
        }
        if (parameter.min().isPresent() || parameter.max().isPresent()) {
            boolean integer = parameter.type() == ParameterType.INTEGER;
            text.append(" in [").append(parameter.min().map(bound -> bound(bound, integer)).orElse("-inf")).append(", ")
                    .append(parameter.max().map(bound -> bound(bound, integer)).orElse("inf")).append(']');
        }
        text.append(", default ").append(parameter.defaultValue());
        return text.toString();
    }

    private static String bound(double value, boolean integer) {
        return integer ? Long.toString((long) value) : Double.toString(value);
    }
}
