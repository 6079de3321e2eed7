package org.perturba.core.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;

/**
 * What a plug-in declared for one attack, model or context extractor. Everything here is read from
 * {@code plugin.xml}; the implementation class is loaded only by {@link #createInstance(Class)}.
 */
public final class ContributionDescriptor {
    private final ContributionKind kind;
    private final String id;
    private final String name;
    private final String description;
    private final String className;
    private final String bundle;
    private final String bundleVersion;
    private final List<ParameterDescriptor> parameters;
    private final Optional<ContextSource> contextSource;
    private final IConfigurationElement element;

    ContributionDescriptor(ContributionKind kind, String id, String name, String description, String className,
            String bundle, String bundleVersion, List<ParameterDescriptor> parameters,
            Optional<ContextSource> contextSource, IConfigurationElement element) {
        this.kind = kind;
        this.id = id;
        this.name = name;
        this.description = description;
        this.className = className;
        this.bundle = bundle;
        this.bundleVersion = bundleVersion;
        this.parameters = List.copyOf(parameters);
        this.contextSource = contextSource;
        this.element = element;
    }

    public ContributionKind kind() {
        return kind;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** One sentence from the contributor; empty when none was given. */
    public String description() {
        return description;
    }

    public String className() {
        return className;
    }

    /** Symbolic name of the contributing bundle. */
    public String bundle() {
        return bundle;
    }

    /** Version of the contributing bundle, as its manifest gives it; empty when the bundle is not known to OSGi. */
    public String bundleVersion() {
        return bundleVersion;
    }

    public List<ParameterDescriptor> parameters() {
        return parameters;
    }

    /** What a context extractor reads (its declared {@code source}); empty for attacks and models. */
    public Optional<ContextSource> contextSource() {
        return contextSource;
    }

    /**
     * Loads the implementation class and creates an instance (a new one per call).
     *
     * @param type the interface the extension point requires
     * @throws InvalidContributionException when the class cannot be loaded or created, or does not
     *         implement {@code type}
     */
    public <T> T createInstance(Class<T> type) throws InvalidContributionException {
        Object instance;
        try {
            instance = element.createExecutableExtension("class");
        } catch (CoreException | RuntimeException | LinkageError e) {
            throw new InvalidContributionException(describe() + ": cannot create " + className + ": "
                    + rootMessage(e), e);
        }
        if (!type.isInstance(instance)) {
            throw new InvalidContributionException(describe() + ": " + className + " does not implement "
                    + type.getName());
        }
        return type.cast(instance);
    }

    /** A short reference for messages: {@code attack 'fgsm' from org.perturba.attack}. */
    public String describe() {
        return kind.label() + " '" + id + "' from " + bundle;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Objects.requireNonNullElse(root.getMessage(), root.getClass().getSimpleName());
    }

    @Override
    public String toString() {
        return describe();
    }
}
