package org.perturba.app;

import java.util.Locale;
import java.util.stream.Collectors;

import org.perturba.core.registry.ContributionDescriptor;
import org.perturba.core.registry.ContributionKind;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.core.registry.InvalidContributionException;

/** Creates the contributions a command line names, with the available ids in the error when a name is wrong. */
final class Plugins {
    private final ContributionRegistry registry;

    Plugins(ContributionRegistry registry) {
        this.registry = registry;
    }

    <T> T create(ContributionKind kind, String id, Class<T> type) throws UsageException, CommandFailedException {
        ContributionDescriptor descriptor = registry.find(kind, id).orElseThrow(() -> new UsageException("unknown "
                + kind.name().toLowerCase(Locale.ROOT) + " '" + id + "' (available: " + available(kind) + ")"));
        try {
            return descriptor.createInstance(type);
        } catch (InvalidContributionException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    /** The ids of the installed contributions of a kind, comma-separated. */
    String available(ContributionKind kind) {
        return registry.descriptors(kind).stream().map(ContributionDescriptor::id).collect(Collectors.joining(", "));
    }
}
