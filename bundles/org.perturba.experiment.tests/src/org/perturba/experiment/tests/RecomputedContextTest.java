package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.tissue.SoftTissueVolumeExtractor;
import org.perturba.experiment.run.RecomputedContext;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.ModelMetadata.ContextSpec;
import org.perturba.model.hybrid.ExtractedContextPath;
import org.perturba.model.training.Batches;
import org.perturba.model.training.PreparedSubject;

/**
 * The recomputed context is the extractor's standardised features of the adversarial images, not
 * the clean ones: what the model's own context path computes from them.
 */
class RecomputedContextTest {
    private static final int[] GRID = { 12, 12, 12 };
    private static final Volume TEMPLATE = Volume.zeros(GRID, Affine.diagonal(1, 1, 1));
    private static final FeatureStandardisation STANDARDISATION = FeatureStandardisation.of(
            List.of("tissue:left", "tissue:right", "fluid:labelled-brain"), new double[] { 300, 300, 400 },
            new double[] { 20, 20, 30 });
    private static final ModelMetadata METADATA = new ModelMetadata("hybrid", GRID, "none", 50, 10,
            Optional.of(new ContextSpec("soft-tissue-volumes", STANDARDISATION)), 1, "");

    @Test
    void isTheExtractorsFeaturesOfTheAdversarialImages() throws Exception {
        SoftTissueVolumeExtractor extractor = new SoftTissueVolumeExtractor();
        List<PreparedSubject> subjects = new ArrayList<>();
        List<Optional<LabelMap>> labels = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 2; i++) {
            float[] voxels = new float[GRID[0] * GRID[1] * GRID[2]];
            for (int v = 0; v < voxels.length; v++) {
                voxels[v] = 0.2f + 0.4f * random.nextFloat();
            }
            LabelMap map = halves();
            labels.add(Optional.of(map));
            boolean[] brain = new boolean[voxels.length];
            for (int v = 0; v < brain.length; v++) {
                brain[v] = v % 3 != i;
            }
            subjects.add(new PreparedSubject("sub-" + i, 40 + i, voxels, brain,
                    Optional.of(extractor.extract(TEMPLATE.withVoxels(voxels), Optional.of(map)))));
        }
        ModelInput clean = Batches.of(subjects, METADATA);
        INDArray adversarial = clean.images().add(0.05);

        ModelInput recomputed = RecomputedContext.batch(extractor, METADATA, subjects, labels, TEMPLATE, adversarial);

        assertEquals(0, recomputed.images().sub(adversarial).amaxNumber().doubleValue(), 1e-7, "the adversarial images");
        INDArray expected = new ExtractedContextPath(extractor, labels, TEMPLATE, STANDARDISATION).features(adversarial);
        assertEquals(0, recomputed.context().orElseThrow().sub(expected).amaxNumber().doubleValue(), 1e-5,
                "the extractor's features of the adversarial images");
        double moved = recomputed.context().orElseThrow().sub(clean.context().orElseThrow()).amaxNumber().doubleValue();
        assertTrue(moved > 0.01, "not the clean context: moved " + moved);
        assertEquals(clean.brainMask().orElseThrow(), recomputed.brainMask().orElseThrow(), "the subjects' brain masks");
    }

    /** Label 1 and 2: the two halves of the grid along x. */
    private static LabelMap halves() {
        float[] voxels = new float[GRID[0] * GRID[1] * GRID[2]];
        for (int index = 0; index < voxels.length; index++) {
            voxels[index] = index % GRID[0] < GRID[0] / 2 ? 1 : 2;
        }
        return new LabelMap(TEMPLATE.withVoxels(voxels), Map.of(1, "left", 2, "right"));
    }
}
