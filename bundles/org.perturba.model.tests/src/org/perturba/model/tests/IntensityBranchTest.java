package org.perturba.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.model.BrainAgeNetworks;
import org.perturba.model.GraphBrainAgeModel;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;
import org.perturba.model.cnn.ConventionalCnnFactory;
import org.perturba.model.cnn.IntensityCnnFactory;

/** The intensity path of {@code conventional-intensity}: thresholds spread over the intensity range, features centred and scaled from the training images. */
class IntensityBranchTest {
    private static final int[] GRID = { 8, 8, 8 };

    @Test
    void freshThresholdsSplitTheIntensityRange() {
        GraphBrainAgeModel model = conventional();
        double[] fractions = model.network().feedForward(inputs(model, Nd4j.valueArrayOf(new long[] { 1, 1, 8, 8, 8 }, 0.5f)),
                false).get("intensity-pool").toDoubleVector();
        assertEquals(16, fractions.length);
        for (int k = 0; k < fractions.length; k++) {
            double threshold = (k + 0.5) / fractions.length;
            assertTrue(threshold < 0.45 ? fractions[k] > 0.85 : threshold > 0.55 ? fractions[k] < 0.15 : true,
                    "fraction of a uniform 0.5 image above threshold " + threshold + ": " + fractions[k]);
        }
    }

    @Test
    void trainingImagesGiveCentredFeaturesOfUnitMeanSpread() {
        GraphBrainAgeModel model = conventional();
        List<INDArray> images = IntStream.range(0, 12).mapToObj(IntensityBranchTest::image).toList();
        BrainAgeNetworks.standardiseIntensityFeatures(model.network(),
                Stream.of(images.subList(0, 8), images.subList(8, 12)).map(batch -> inputs(model, Nd4j.concat(0,
                        batch.toArray(INDArray[]::new)))));
        INDArray features = model.network().feedForward(inputs(model, Nd4j.concat(0, images.toArray(INDArray[]::new))), false)
                .get(BrainAgeNetworks.INTENSITY_FEATURES);
        double meanSpread = 0;
        for (int k = 0; k < features.columns(); k++) {
            INDArray column = features.getColumn(k);
            assertEquals(0, column.meanNumber().doubleValue(), 1e-4, "feature " + k + " is centred");
            meanSpread += column.stdNumber(false).doubleValue() / features.columns();
        }
        assertEquals(1, meanSpread, 1e-3);
    }

    @Test
    void networksWithoutThePathAreLeftAlone() {
        GraphBrainAgeModel model = (GraphBrainAgeModel) new ConventionalCnnFactory().create(
                new ModelMetadata("conventional", GRID, "none", 55, 12, Optional.empty(), 9, ""));
        ComputationGraph network = model.network();
        assertFalse(network.getConfiguration().getVertices().containsKey(BrainAgeNetworks.INTENSITY_FEATURES));
        INDArray before = network.params().dup();
        BrainAgeNetworks.standardiseIntensityFeatures(network, Stream.<INDArray[]>of(inputs(model, image(1))));
        assertEquals(before, network.params());
    }

    /** Tissue of one intensity (0.3 to 0.85 from subject to subject) in a box whose size varies too. */
    private static INDArray image(int subject) {
        INDArray image = Nd4j.zeros(DataType.FLOAT, 1, 1, 8, 8, 8);
        int side = 4 + subject % 4;
        for (int x = 0; x < side; x++) {
            for (int y = 0; y < side; y++) {
                for (int z = 0; z < 8; z++) {
                    image.putScalar(new long[] { 0, 0, x, y, z }, 0.3 + 0.05 * subject);
                }
            }
        }
        return image;
    }

    private static INDArray[] inputs(GraphBrainAgeModel model, INDArray images) {
        return model.networkInputs(ModelInput.imagesOnly(images));
    }

    private static GraphBrainAgeModel conventional() {
        return (GraphBrainAgeModel) new IntensityCnnFactory().create(
                new ModelMetadata("conventional", GRID, "none", 55, 12, Optional.empty(), 9, ""));
    }
}
