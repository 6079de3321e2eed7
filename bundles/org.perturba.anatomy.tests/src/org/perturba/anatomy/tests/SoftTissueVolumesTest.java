package org.perturba.anatomy.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.tissue.SoftTissueVolumeExtractor;
import org.perturba.anatomy.tissue.SoftTissueVolumes;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;

class SoftTissueVolumesTest {
    private static final int[] SHAPE = { 6, 5, 4 };
    private final Random random = new Random(42);
    private final LabelMap labels = labels();

    @Test
    void jacobianVectorProductMatchesFiniteDifferences() throws ContextExtractionException {
        SoftTissueVolumes model = new SoftTissueVolumes(labels, 0.35, 0.05);
        double[] image = image();
        double[] tangent = randomVector(image.length);
        double h = 1e-6;
        double[] plus = model.features(add(image, tangent, h));
        double[] minus = model.features(add(image, tangent, -h));
        double[] exact = model.jacobianVectorProduct(image, tangent);
        for (int f = 0; f < exact.length; f++) {
            double numeric = (plus[f] - minus[f]) / (2 * h);
            assertEquals(numeric, exact[f], 1e-6 * Math.max(1, Math.abs(numeric)), "feature " + model.names().get(f));
        }
    }

    @Test
    void vectorJacobianProductIsTheTransposeOfTheJacobianVectorProduct() throws ContextExtractionException {
        SoftTissueVolumes model = new SoftTissueVolumes(labels, 0.35, 0.05);
        double[] image = image();
        double[] tangent = randomVector(image.length);
        double[] cotangent = randomVector(model.names().size());
        double[] jvp = model.jacobianVectorProduct(image, tangent);
        double[] vjp = model.vectorJacobianProduct(image, cotangent);
        assertEquals(dot(cotangent, jvp), dot(vjp, tangent), 1e-9 * Math.abs(dot(cotangent, jvp)));
        // and the gradient of one feature against central differences, voxel by voxel
        double[] onlyFluid = new double[cotangent.length];
        onlyFluid[onlyFluid.length - 1] = 1;
        double[] gradient = model.vectorJacobianProduct(image, onlyFluid);
        double h = 1e-6;
        for (int voxel = 0; voxel < image.length; voxel += 7) {
            double[] step = new double[image.length];
            step[voxel] = 1;
            double numeric = (fluid(model, add(image, step, h)) - fluid(model, add(image, step, -h))) / (2 * h);
            assertEquals(numeric, gradient[voxel], 1e-6 * Math.max(1, Math.abs(numeric)), "voxel " + voxel);
        }
    }

    @Test
    void measuresTissueInEachRegionAndFluidInTheWholeBrain() throws ContextExtractionException {
        Volume bright = Volume.zeros(SHAPE, labels.labels().affine());
        Arrays.fill(bright.voxels(), 1f);
        ContextFeatures features = new SoftTissueVolumeExtractor().extract(bright, Optional.of(labels));
        assertEquals(List.of("tissue:Region_A", "tissue:label-5", SoftTissueVolumes.FLUID_FEATURE), features.names());
        double voxelMm3 = 2 * 2 * 2;
        double p = 1 / (1 + Math.exp(-(1 - 0.35) / 0.05));
        assertEquals(count(3) * voxelMm3 * p, features.value("tissue:Region_A"), 1e-9);
        Volume dark = Volume.zeros(SHAPE, labels.labels().affine());
        ContextFeatures fluid = new SoftTissueVolumeExtractor().extract(dark, Optional.of(labels));
        assertTrue(fluid.value(SoftTissueVolumes.FLUID_FEATURE) > 0.99 * (count(3) + count(5)) * voxelMm3);
        double[] zero = new SoftTissueVolumeExtractor().jacobianVectorProduct(bright, Optional.of(labels),
                new double[bright.voxelCount()]);
        assertArrayEquals(new double[3], zero);
    }

    private static double fluid(SoftTissueVolumes model, double[] image) {
        double[] features = model.features(image);
        return features[features.length - 1];
    }

    private LabelMap labels() {
        Volume volume = Volume.zeros(SHAPE, Affine.diagonal(2, 2, 2));
        float[] voxels = volume.voxels();
        for (int i = 0; i < voxels.length; i++) {
            voxels[i] = i % 3 == 0 ? 0 : i % 3 == 1 ? 3 : 5;
        }
        return new LabelMap(volume, Map.of(3, "Region_A"));
    }

    private long count(int label) {
        long count = 0;
        for (float value : labels.labels().voxels()) {
            count += value == label ? 1 : 0;
        }
        return count;
    }

    /** Intensities spread around the tissue threshold, where the model is most sensitive. */
    private double[] image() {
        double[] image = new double[SHAPE[0] * SHAPE[1] * SHAPE[2]];
        for (int i = 0; i < image.length; i++) {
            image[i] = 0.2 + 0.3 * random.nextDouble();
        }
        return image;
    }

    private double[] randomVector(int length) {
        double[] vector = new double[length];
        for (int i = 0; i < length; i++) {
            vector[i] = random.nextGaussian();
        }
        return vector;
    }

    private static double[] add(double[] a, double[] direction, double scale) {
        double[] sum = a.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += scale * direction[i];
        }
        return sum;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
