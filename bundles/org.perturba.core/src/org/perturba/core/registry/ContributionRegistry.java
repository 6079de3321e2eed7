package org.perturba.core.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.ContributorFactoryOSGi;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.InvalidRegistryObjectException;
import org.eclipse.core.runtime.RegistryFactory;
import org.osgi.framework.Bundle;

/**
 * Reads the attacks, models and context extractors that bundles contribute. Descriptors are built
 * from the declarations alone (no class is loaded). A faulty declaration is logged and skipped so
 * that one broken plug-in never hides the others.
 */
public final class ContributionRegistry {
    /** Ids appear on command lines and in experiment files: keep them shell- and file-name-safe. */
    private static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9.-]*");

    private final IExtensionRegistry registry;
    private final ILog log = ILog.of(ContributionRegistry.class);
    /** Problems already logged by this reader: every read re-validates, but each is logged once. */
    private final Set<ContributionProblem> logged = ConcurrentHashMap.newKeySet();

    /** A registry reader over the running platform's extension registry. */
    public ContributionRegistry() {
        this(RegistryFactory.getRegistry());
    }

    public ContributionRegistry(IExtensionRegistry registry) {
        if (registry == null) {
            throw new IllegalStateException("no extension registry: Perturba must run inside Equinox");
        }
        this.registry = registry;
    }

    /** All valid contributions of one kind, sorted by id. */
    public List<ContributionDescriptor> descriptors(ContributionKind kind) {
        return read(kind).descriptors();
    }

    /** Contributions of one kind that were skipped, with the reason. */
    public List<ContributionProblem> problems(ContributionKind kind) {
        return read(kind).problems();
    }

    public Optional<ContributionDescriptor> find(ContributionKind kind, String id) {
        return descriptors(kind).stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** Reads the declarations afresh, so bundles installed or removed at run time are seen. */
    private Reading read(ContributionKind kind) {
        Map<String, List<ContributionDescriptor>> byId = new LinkedHashMap<>();
        List<ContributionProblem> problems = new ArrayList<>();
        for (IConfigurationElement element : registry.getConfigurationElementsFor(kind.extensionPointId())) {
            String bundle = contributorOf(element);
            try {
                ContributionDescriptor descriptor = parse(kind, element, bundle);
                byId.computeIfAbsent(descriptor.id(), id -> new ArrayList<>()).add(descriptor);
            } catch (InvalidContributionException | InvalidRegistryObjectException e) {
                report(problems, new ContributionProblem(kind, bundle, e.getMessage()));
            }
        }
        List<ContributionDescriptor> descriptors = new ArrayList<>();
        for (List<ContributionDescriptor> contributors : byId.values()) {
            if (contributors.size() == 1) {
                descriptors.add(contributors.get(0));
                continue;
            }
            // which of them the registry lists first depends on the order the bundles were
            // installed in: neither is used, and each is reported
            String bundles = contributors.stream().map(ContributionDescriptor::bundle).collect(Collectors.joining(", "));
            for (ContributionDescriptor contributor : contributors) {
                report(problems, new ContributionProblem(kind, contributor.bundle(), "id '" + contributor.id() + "' is contributed "
                        + contributors.size() + " times (by " + bundles + "): none of them is used, ids are shared by all plug-ins"));
            }
        }
        descriptors.sort(Comparator.comparing(ContributionDescriptor::id));
        return new Reading(List.copyOf(descriptors), List.copyOf(problems));
    }

    private void report(List<ContributionProblem> problems, ContributionProblem problem) {
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
        if (logged.add(problem)) {
            log.error(problem.describe());
        }
    }

    private static ContributionDescriptor parse(ContributionKind kind, IConfigurationElement element, String bundle)
            throws InvalidContributionException {
        if (!kind.elementName().equals(element.getName())) {
            throw new InvalidContributionException("unexpected element <" + element.getName() + ">, expected <"
                    + kind.elementName() + ">");
        }
        String id = required(element, "id");
        if (!ID_PATTERN.matcher(id).matches()) {
            throw new InvalidContributionException("id '" + id
                    + "' must be lower case letters, digits, dots and dashes");
        }
        String name = required(element, "name");
        String className = required(element, "class");
        String description = optional(element, "description");
        List<ParameterDescriptor> parameters = new ArrayList<>();
        for (IConfigurationElement child : element.getChildren("parameter")) {
            parameters.add(parseParameter(id, child));
        }
        return new ContributionDescriptor(kind, id, name, description, className, bundle, versionOf(element), parameters,
                contextSource(kind, id, element), element);
    }

    private static Optional<ContextSource> contextSource(ContributionKind kind, String id, IConfigurationElement element)
            throws InvalidContributionException {
        if (kind != ContributionKind.CONTEXT) {
            return Optional.empty();
        }
        String source = optional(element, "source");
        try {
            return Optional.of(source.isEmpty() ? ContextSource.DEFAULT : ContextSource.parse(source));
        } catch (InvalidContributionException e) {
            throw new InvalidContributionException("'" + id + "': " + e.getMessage());
        }
    }

    private static ParameterDescriptor parseParameter(String contributionId, IConfigurationElement element)
            throws InvalidContributionException {
        String name = required(element, "name");
        ParameterType type = ParameterType.parse(required(element, "type"));
        List<String> choices = optional(element, "choices").isEmpty() ? List.of()
                : List.of(optional(element, "choices").split("\\s*,\\s*"));
        if (type == ParameterType.CHOICE && choices.isEmpty()) {
            throw new InvalidContributionException("'" + contributionId + "': choice parameter '" + name
                    + "' lists no choices");
        }
        ParameterDescriptor parameter = new ParameterDescriptor(name, type, required(element, "default"),
                bound(element, "min"), bound(element, "max"), choices, optional(element, "description"));
        try {
            parameter.validate(parameter.defaultValue());
        } catch (InvalidContributionException e) {
            throw new InvalidContributionException("'" + contributionId + "': default of " + e.getMessage());
        }
        return parameter;
    }

    private static Optional<Double> bound(IConfigurationElement element, String attribute)
            throws InvalidContributionException {
        String text = optional(element, attribute);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            throw new InvalidContributionException("parameter '" + element.getAttribute("name") + "': " + attribute
                    + " '" + text + "' is not a number");
        }
    }

    private static String required(IConfigurationElement element, String attribute)
            throws InvalidContributionException {
        String value = optional(element, attribute);
        if (value.isEmpty()) {
            throw new InvalidContributionException("<" + element.getName() + "> has no '" + attribute + "' attribute"
                    + (attribute.equals("id") ? "" : describeId(element)));
        }
        return value;
    }

    private static String describeId(IConfigurationElement element) {
        String id = element.getAttribute("id");
        return id == null ? "" : " (id '" + id + "')";
    }

    private static String optional(IConfigurationElement element, String attribute) {
        String value = element.getAttribute(attribute);
        return value == null ? "" : value.strip();
    }

    private static String contributorOf(IConfigurationElement element) {
        try {
            return element.getContributor().getName();
        } catch (InvalidRegistryObjectException e) {
            return "<uninstalled bundle>";
        }
    }

    private static String versionOf(IConfigurationElement element) {
        try {
            Bundle bundle = ContributorFactoryOSGi.resolve(element.getContributor());
            return bundle == null ? "" : bundle.getVersion().toString();
        } catch (InvalidRegistryObjectException e) {
            return "";
        }
    }

    private record Reading(List<ContributionDescriptor> descriptors, List<ContributionProblem> problems) {
    }
}
