package org.perturba.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.anatomy.cohort.AgeingModel;
import org.perturba.anatomy.cohort.CohortGenerator;
import org.perturba.anatomy.cohort.CohortGrid;
import org.perturba.anatomy.cohort.CohortSpec;
import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.template.Template;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.training.Batches;
import org.perturba.model.training.DatasetPreparation;
import org.perturba.model.training.PreparedSubject;

/**
 * The brain mask of prepared subjects covers the ventricles, and more than the normalised image's
 * non-zero voxels, the old criterion: normalisation clips the darkest brain voxels to 0.
 */
class BrainMaskTest {
    private static final int[] GRID = { 32, 32, 32 };

    @TempDir
    Path dir;

    @Test
    void theVentriclesAreInsideTheMaskWhichHoldsBrainVoxelsThatNormalisationClippedToZero() throws Exception {
        new CohortGenerator(Template.colin27(), new AgeingModel()).generate(new CohortSpec(10, 5, CohortGrid.cube(32), 20, 90), dir, (done, total) -> { });
        BidsDataset dataset = BidsDataset.open(dir);
        List<PreparedSubject> subjects = new DatasetPreparation(dataset, GRID, DatasetPreparation.NORMALISATION, Optional.empty(), false)
                .prepare(dataset.participants().subList(0, 4), (done, total) -> { });
        Set<Integer> ventricles = dataset.labelNames().entrySet().stream()
                .filter(entry -> entry.getValue().toLowerCase().contains("ventricle")).map(Map.Entry::getKey).collect(Collectors.toSet());
        assertTrue(!ventricles.isEmpty(), "the cohort names its ventricles: " + dataset.labelNames().values());
        int ventricleVoxels = 0;
        int missedByNonZero = 0;
        Map<String, Integer> missedByRegion = new TreeMap<>();
        for (int s = 0; s < subjects.size(); s++) {
            PreparedSubject subject = subjects.get(s);
            float[] labels = dataset.load(dataset.participants().get(s)).dseg().orElseThrow().voxels();
            for (int i = 0; i < labels.length; i++) {
                boolean ventricle = ventricles.contains(Math.round(labels[i]));
                boolean oldCriterion = subject.image()[i] != 0;
                if (ventricle) {
                    ventricleVoxels++;
                    assertTrue(subject.brainMask()[i], subject.id() + ": ventricle voxel " + i + " outside the brain mask");
                }
                assertTrue(subject.brainMask()[i] || !oldCriterion, subject.id() + ": non-zero voxel " + i + " outside the brain mask");
                if (subject.brainMask()[i] && !oldCriterion) {
                    missedByNonZero++;
                    missedByRegion.merge(dataset.labelNames().getOrDefault(Math.round(labels[i]), "unlabelled"), 1, Integer::sum);
                }
            }
        }
        assertTrue(ventricleVoxels > 0, "the subjects have ventricles");
        assertTrue(missedByNonZero > 0, "the normalised image's non-zero voxels miss brain voxels, clipped to 0: " + missedByRegion);

        ModelInput batch = Batches.of(subjects, new ModelMetadata("conventional", GRID, "none", 50, 10, Optional.empty(), 1, ""));
        long inMask = subjects.stream().mapToLong(subject -> count(subject.brainMask())).sum();
        assertEquals(inMask, batch.changeableVoxels().sumNumber().longValue(), "the batch carries the subjects' masks");
        assertTrue(inMask > batch.images().neq(0.0).castTo(batch.images().dataType()).sumNumber().longValue(),
                "more changeable voxels than non-zero ones");
    }

    private static long count(boolean[] mask) {
        long count = 0;
        for (boolean inside : mask) {
            count += inside ? 1 : 0;
        }
        return count;
    }
}
