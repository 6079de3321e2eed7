package org.perturba.experiment.run;

import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.ExperimentSpecReader;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.experiment.spec.ModelSpec;
import org.perturba.experiment.spec.ThreatModel;

/**
 * Everything {@code perturba run} checks of an experiment file before it creates anything, and all
 * that {@code perturba validate} checks: the schema ({@link ExperimentSpecReader}), then what depends
 * on the installed plug-ins ({@link Contributions#validate}). Every error names the file and the field.
 */
public final class ExperimentValidation {
    private ExperimentValidation() {
    }

    public static ExperimentSpec read(Path file, ContributionRegistry registry) throws InvalidExperimentException {
        ExperimentSpec spec = ExperimentSpecReader.read(file);
        try {
            new Contributions(registry).validate(spec);
        } catch (InvalidExperimentException e) {
            throw new InvalidExperimentException(file + ": " + e.getMessage(), e);
        }
        return spec;
    }

    /** One line on what a run of the experiment would do: models, attack runs and subjects. */
    public static String summary(ExperimentSpec spec) {
        String models = spec.models().stream().map(ExperimentValidation::describe).collect(Collectors.joining(", "));
        String data = spec.dataset().cohort()
                .map(cohort -> "a generated cohort of " + cohort.subjects() + " subjects (grid " + cohort.grid() + ")")
                .orElseGet(() -> "the dataset " + spec.dataset().path().orElseThrow());
        String threatModels = spec.threatModels().stream().map(ThreatModel::id).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%d model%s (%s), %d attack run%s (%d epsilon%s; models with context under %s) on up to"
                + " %d test subjects each, on %s",
                spec.models().size(), spec.models().size() == 1 ? "" : "s", models, spec.sweepCells(),
                spec.sweepCells() == 1 ? "" : "s", spec.epsilons().size(), spec.epsilons().size() == 1 ? "" : "s", threatModels,
                spec.attackedSubjects(), data);
    }

    private static String describe(ModelSpec model) {
        return model.id() + ": " + (model.trained() ? "train " + model.kind().orElseThrow() + ", " + model.training().epochs()
                + " epochs" : "load " + model.load().orElseThrow().getFileName());
    }
}
