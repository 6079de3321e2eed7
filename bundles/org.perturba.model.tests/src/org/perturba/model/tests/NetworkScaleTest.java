package org.perturba.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.model.BrainAgeNetworks;
import org.perturba.model.NetworkGrid;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.cnn.ConventionalCnnFactory;
import org.perturba.model.training.Batches;

/**
 * The image branch grows with the grid: three poolings up to 64³ voxels and one more per eightfold
 * beyond, so that 32³, 64³, the 2 mm grid and the 1 mm grid all end on a few voxels a side; and a
 * network on a non-cubic grid reads each axis as the images lay it out.
 */
class NetworkScaleTest {

    @Test
    void poolingStagesFollowTheVoxelCount() {
        assertEquals(3, NetworkGrid.poolingStages(new int[] { 32, 32, 32 }));
        assertEquals(3, NetworkGrid.poolingStages(new int[] { 64, 64, 64 }));
        assertEquals(4, NetworkGrid.poolingStages(new int[] { 96, 112, 96 }));
        assertEquals(5, NetworkGrid.poolingStages(new int[] { 192, 224, 192 }));
        assertEquals(16, NetworkGrid.gridMultiple(new int[] { 96, 112, 96 }));
    }

    @Test
    void poolableGridsRoundEachSideUpToTheirOwnMultiple() {
        assertArrayEquals(new int[] { 96, 112, 96 }, NetworkGrid.poolableGrid(new int[] { 82, 102, 86 }));
        assertArrayEquals(new int[] { 192, 224, 192 }, NetworkGrid.poolableGrid(new int[] { 164, 204, 171 }));
        assertArrayEquals(new int[] { 32, 32, 32 }, NetworkGrid.poolableGrid(new int[] { 32, 32, 32 }));
        // 64x64x72 needs a fourth pooling, which 72 does not divide: 80 does
        assertArrayEquals(new int[] { 64, 64, 80 }, NetworkGrid.poolableGrid(new int[] { 64, 64, 72 }));
    }

    @Test
    void theTwoMillimetreNetworkHasFourBlocksEndingOnSixBySevenBySix() {
        int[] grid = { 96, 112, 96 };
        GraphBrainAgeModel model = (GraphBrainAgeModel) new ConventionalCnnFactory().create(metadata(grid));
        ComputationGraph network = model.network();
        assertTrue(network.getConfiguration().getVertices().containsKey("conv3"), "a fourth block");
        assertEquals(64, ((Convolution3D) network.getLayer("conv3").conf().getLayer()).getNOut());
        InputType.InputTypeConvolutional3D last = (InputType.InputTypeConvolutional3D) network.getConfiguration()
                .getLayerActivationTypes(InputType.convolutional3D(BrainAgeNetworks.IMAGE_FORMAT, grid[0], grid[1], grid[2], 1))
                .get("pool3");
        assertArrayEquals(new long[] { 6, 7, 6 }, new long[] { last.getDepth(), last.getHeight(), last.getWidth() });
        assertEquals(1, model.predictAges(ModelInput.imagesOnly(Nd4j.zeros(DataType.FLOAT, 1, 1, 96, 112, 96))).length);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new ConventionalCnnFactory().create(metadata(new int[] { 96, 112, 88 })));
        assertTrue(refused.getMessage().contains("multiple of 16"), refused.getMessage());
    }

    /**
     * Each axis of a non-cubic grid carries its own voxels: the gradient of a voxel's change along i
     * is where that voxel is, not where a transposed layout would put it.
     */
    @Test
    void aNonCubicGridKeepsItsAxes() {
        int[] grid = { 8, 16, 24 };
        GraphBrainAgeModel model = ((GraphBrainAgeModel) new ConventionalCnnFactory().create(metadata(grid))).inDoublePrecision();
        Nd4j.getRandom().setSeed(11);
        INDArray images = Nd4j.rand(DataType.DOUBLE, 1, 1, grid[0], grid[1], grid[2]).muli(0.8).addi(0.1);
        ModelInput input = ModelInput.imagesOnly(images);
        INDArray exact = model.ageGradients(input).images();
        assertArrayEquals(images.shape(), exact.shape());
        long[][] voxels = { { 0, 0, 7, 15, 23 }, { 0, 0, 1, 14, 2 }, { 0, 0, 6, 3, 20 } };
        for (long[] voxel : voxels) {
            double saved = images.getDouble(voxel);
            images.putScalar(voxel, saved + 1e-6);
            double plus = model.predictAges(input)[0];
            images.putScalar(voxel, saved - 1e-6);
            double minus = model.predictAges(input)[0];
            images.putScalar(voxel, saved);
            double numeric = (plus - minus) / 2e-6;
            assertEquals(numeric, exact.getDouble(voxel), 1e-4 * Math.max(Math.abs(numeric), 1e-6));
        }
    }

    /** Attacks put 8 subjects through a network at once up to 64³, fewer beyond: 2 at 2 mm, 1 at 1 mm. */
    @Test
    void passesHoldAtMostTheVoxelsOfEightSubjectsAt64Cubed() {
        assertEquals(8, Batches.subjectsPerPass(new int[] { 32, 32, 32 }));
        assertEquals(8, Batches.subjectsPerPass(new int[] { 64, 64, 64 }));
        assertEquals(2, Batches.subjectsPerPass(new int[] { 96, 112, 96 }));
        assertEquals(1, Batches.subjectsPerPass(new int[] { 192, 224, 192 }));
    }

    private static ModelMetadata metadata(int[] grid) {
        return new ModelMetadata("conventional", grid, "none", 55, 12, Optional.empty(), 9, "");
    }
}
