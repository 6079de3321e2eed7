package org.perturba.core.registry;

/** A contribution that was skipped, and why: shown to the user, never fatal to the others. */
public record ContributionProblem(ContributionKind kind, String bundle, String message) {

    /** One line for a terminal or a log. */
    public String describe() {
        return "skipped a faulty " + kind.label() + " contribution from " + bundle + ": " + message;
    }
}
