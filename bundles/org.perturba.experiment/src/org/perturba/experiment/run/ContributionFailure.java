package org.perturba.experiment.run;

import java.util.Locale;
import java.util.Optional;

import org.perturba.core.registry.ContributionKind;

/**
 * A contribution (attack, model or context extractor) that threw while the experiment created or
 * ran it. The run records it in {@code summary.json} ({@code failures}), reports it, skips what
 * depended on it and goes on with the rest.
 *
 * @param kind what the contribution contributes
 * @param contribution its id in the registry
 * @param stage what the run was doing with it: {@link #LOADING}, {@link #TRAINING}, {@link #PREDICTING},
 *        {@link #EXTRACTING} or {@link #ATTACKING}
 * @param model the experiment's model that it failed for, when it concerns one
 * @param message what it threw, in one line
 */
public record ContributionFailure(ContributionKind kind, String contribution, String stage, Optional<String> model,
        String message) {
    /** Creating the contribution's class (a missing class, a constructor that throws, a wrong type). */
    public static final String LOADING = "loading";
    public static final String TRAINING = "training";
    public static final String PREDICTING = "predicting";
    public static final String EXTRACTING = "extracting";
    public static final String ATTACKING = "attacking";

    public ContributionFailure {
        message = oneLine(message);
    }

    static ContributionFailure of(ContributionKind kind, String contribution, String stage, Throwable cause) {
        return new ContributionFailure(kind, contribution, stage, Optional.empty(), messageOf(cause));
    }

    /** The same failure, concerning one of the experiment's models. */
    public ContributionFailure forModel(String modelId) {
        return new ContributionFailure(kind, contribution, stage, Optional.of(modelId), message);
    }

    /** The same failure in one seed's run among several: its message starts with {@code label}, e.g. "seed 2: ". */
    ContributionFailure inSeed(String label) {
        return new ContributionFailure(kind, contribution, stage, model, label + message);
    }

    /** One line for a terminal or a log, e.g. "model 'faulty' failed while training for model 'broken': ...". */
    public String describe() {
        return kind.name().toLowerCase(Locale.ROOT) + " '" + contribution + "' failed while " + stage
                + model.map(id -> " for model '" + id + "'").orElse("") + ": " + message;
    }

    /** What an exception says, with its type when it says little. */
    static String messageOf(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getName() : cause.getClass().getSimpleName() + ": " + message;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
