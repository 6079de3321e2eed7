package org.perturba.experiment.run;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.attack.gradient.GradientOracle;
import org.perturba.core.registry.ContributionKind;
import org.perturba.imaging.io.Sha256;
import org.perturba.model.ModelInput;
import org.perturba.model.training.Batches;
import org.perturba.model.training.PreparedSubject;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * Measures every model's {@link GradientNorms} on the subjects the sweep attacks, and stores them in
 * {@code gradients/}, named by model and the hash of its parameters, so that a resumed run reads them
 * back instead of differentiating again, and a retrained model is measured anew. A model whose
 * gradient cannot be computed is recorded as a failure and left out, as its attacks fail too.
 */
final class GradientStage {
    static final String FOLDER = "gradients";
    private static final int HASH_DIGITS = 12;
    private static final Gson GSON = new Gson();

    private final RunDirectory run;
    private final ExperimentProgress progress;
    private final Failures failures;

    GradientStage(RunDirectory run, ExperimentProgress progress, Failures failures) {
        this.run = run;
        this.progress = progress;
        this.failures = failures;
    }

    /** The norms of each model that could be differentiated, by model id, in the models' order. */
    Map<String, GradientNorms> norms(List<TrainedModel> models, int attackedSubjects) throws IOException {
        progress.stage("measuring input gradients", models.size());
        Map<String, GradientNorms> norms = new LinkedHashMap<>();
        for (TrainedModel model : models) {
            List<PreparedSubject> subjects = model.subjects().test().subList(0, Math.min(model.subjects().test().size(), attackedSubjects));
            String hash = model.model().identity();
            String file = FOLDER + "/" + model.id() + "--" + hash.substring(Sha256.PREFIX.length(), Sha256.PREFIX.length() + HASH_DIGITS)
                    + ".json";
            Optional<GradientNorms> stored = read(file, hash, subjects);
            try {
                GradientNorms measured = stored.isPresent() ? stored.get()
                        : Isolation.call(ContributionKind.MODEL, model.kind(), ContributionFailure.PREDICTING,
                                () -> measure(model, hash, subjects));
                if (stored.isEmpty()) {
                    run.write(file, GSON.toJson(measured));
                }
                norms.put(model.id(), measured);
            } catch (ContributionFailedException e) {
                failures.record(e.failure().forModel(model.id()));
            }
            progress.advance(norms.size());
        }
        return norms;
    }

    private static GradientNorms measure(TrainedModel model, String hash, List<PreparedSubject> subjects) {
        Map<String, Double> l1 = new LinkedHashMap<>();
        int perPass = Batches.subjectsPerPass(model.model().metadata().grid());
        for (int start = 0; start < subjects.size(); start += perPass) {
            List<PreparedSubject> batch = subjects.subList(start, Math.min(subjects.size(), start + perPass));
            ModelInput clean = Batches.of(batch, model.model().metadata());
            INDArray inside = GradientOracle.fixedContext(model.model(), clean).ageGradient(clean.images())
                    .muli(clean.changeableVoxels());
            for (int i = 0; i < batch.size(); i++) {
                l1.put(batch.get(i).id(), inside.slice(i).norm1Number().doubleValue());
            }
        }
        return new GradientNorms(model.id(), hash, l1);
    }

    /** The stored norms, when they were measured on this very network and these subjects. */
    private Optional<GradientNorms> read(String file, String hash, List<PreparedSubject> subjects) throws IOException {
        if (!run.exists(file)) {
            return Optional.empty();
        }
        try {
            GradientNorms stored = GSON.fromJson(run.read(file), GradientNorms.class);
            return Optional.ofNullable(stored).filter(norms -> hash.equals(norms.modelHash()) && norms.l1BySubject() != null
                    && List.copyOf(norms.l1BySubject().keySet()).equals(subjects.stream().map(PreparedSubject::id).toList()));
        } catch (JsonParseException e) {
            return Optional.empty(); // not what this stage writes: measured again and overwritten
        }
    }
}
