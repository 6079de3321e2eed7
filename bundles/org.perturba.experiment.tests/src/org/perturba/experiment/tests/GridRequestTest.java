package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;
import org.perturba.anatomy.cohort.CohortGrid;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.ExperimentSpecReader;
import org.perturba.experiment.spec.GridRequest;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;

/** {@code --grid} and an experiment's {@code "grid"}: a cube side, a shape or a voxel size, and what each resolves to. */
class GridRequestTest {

    @Test
    void readsCubesShapesAndVoxelSizes() {
        assertEquals(new GridRequest.Cube(32), GridRequest.parse("32"));
        assertEquals(new GridRequest.Shape(96, 112, 96), GridRequest.parse("96x112x96"));
        assertEquals(new GridRequest.VoxelSize(2), GridRequest.parse("2mm"));
        assertEquals(new GridRequest.VoxelSize(1.5), GridRequest.parse(" 1.5 MM "));
        assertEquals("2mm", GridRequest.parse("2mm").text());
    }

    /** The 2 mm grid of the paper-scale study: the template's head at 2 mm, padded to what four poolings divide. */
    @Test
    void twoMillimetresCoverTheHeadOnTheNetworksOwnMultiples() {
        CohortGrid twoMm = GridRequest.parse("2mm").forCohort();
        assertArrayEquals(new int[] { 96, 112, 96 }, twoMm.shape());
        assertEquals(OptionalDouble.of(2), twoMm.voxelSizeMm());
        assertEquals("96x112x96 at 2 mm", twoMm.toString());
        assertArrayEquals(new int[] { 192, 224, 192 }, GridRequest.parse("1mm").forCohort().shape());
        assertEquals(CohortGrid.cube(32), GridRequest.parse("32").forCohort());
    }

    /** A dataset's images: the voxel size over their own field of view (here 182x218x182 at 1 mm, MNI's). */
    @Test
    void aVoxelSizeOverImagesCoversTheirFieldOfView() {
        Volume mni = Volume.zeros(new int[] { 182, 218, 182 }, Affine.diagonal(1, 1, 1));
        assertArrayEquals(new int[] { 96, 112, 96 }, GridRequest.parse("2mm").forImages(mni));
        // 46x55x46 voxels of 4 mm, three poolings: multiples of 8
        assertArrayEquals(new int[] { 48, 56, 48 }, GridRequest.parse("4mm").forImages(mni));
        assertArrayEquals(new int[] { 32, 48, 32 }, GridRequest.parse("32x48x32").forImages(mni));
    }

    @Test
    void refusesWhatNoNetworkCanPoolWithWhatWouldDo() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class, () -> GridRequest.parse("91x109x91"));
        assertTrue(odd.getMessage().contains("multiple of 16") && odd.getMessage().contains("96x112x96 would do"), odd.getMessage());
        IllegalArgumentException cube = assertThrows(IllegalArgumentException.class, () -> GridRequest.parse("30"));
        assertTrue(cube.getMessage().contains("multiple of 8") && cube.getMessage().contains("32x32x32 would do"), cube.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GridRequest.parse("0.1mm"));
        assertThrows(IllegalArgumentException.class, () -> GridRequest.parse("512"));
        IllegalArgumentException words = assertThrows(IllegalArgumentException.class, () -> GridRequest.parse("fine"));
        assertTrue(words.getMessage().contains("a voxel size (2mm)"), words.getMessage());
    }

    @Test
    void experimentFilesGiveTheGridAsANumberAStringOrThreeSides() throws InvalidExperimentException {
        assertEquals(CohortGrid.cube(48), cohortGrid("48"));
        assertEquals(CohortGrid.of(new int[] { 32, 48, 32 }), cohortGrid("[32, 48, 32]"));
        assertEquals(CohortGrid.of(new int[] { 32, 48, 32 }), cohortGrid("\"32x48x32\""));
        assertEquals(CohortGrid.of(new int[] { 96, 112, 96 }, 2), cohortGrid("\"2mm\""));
        InvalidExperimentException wrong = assertThrows(InvalidExperimentException.class, () -> cohortGrid("[32, 48]"));
        assertTrue(wrong.getMessage().startsWith("dataset.cohort.grid: expected a cube side"), wrong.getMessage());
        InvalidExperimentException odd = assertThrows(InvalidExperimentException.class, () -> cohortGrid("\"90x108x90\""));
        assertTrue(odd.getMessage().startsWith("dataset.cohort.grid: grid 90x108x90"), odd.getMessage());
    }

    private static CohortGrid cohortGrid(String grid) throws InvalidExperimentException {
        ExperimentSpec spec = ExperimentSpecReader.parse("""
                {"dataset": {"cohort": {"subjects": 40, "grid": %s}}, "models": [{"id": "cnn", "kind": "conventional"}],
                 "epsilons": [0.01], "attacks": [{"attack": "fgsm"}]}
                """.formatted(grid), Path.of("/data"), "grid");
        return spec.dataset().cohort().orElseThrow().grid();
    }
}
