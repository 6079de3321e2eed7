package org.perturba.model.hybrid;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.DifferentiableContextExtractor;
import org.perturba.anatomy.FeatureStandardisation;
import org.perturba.anatomy.LabelMap;
import org.perturba.imaging.Volume;
import org.perturba.model.ContextPath;

/**
 * The context path of a hybrid model whose features come from a differentiable extractor run on the
 * model's own input images: each example's image becomes a {@link Volume} on the model grid (the
 * affine of a template), the extractor measures it (with that subject's label map, if any), and the model's
 * {@link FeatureStandardisation} turns the named raw features into the standardised vector.
 * Back-propagation runs the same chain backwards: the context gradient is scaled by the
 * standardisation's derivatives, mapped onto the extractor's features by name, and pulled back to
 * the voxels by the extractor's exact vector-Jacobian product.
 *
 * <p>The extractor sees float voxels (a {@link Volume} stores floats), whatever the batch's type.
 * Immutable but for a cache of each example's feature names; the label maps are used, not copied.
 */
public final class ExtractedContextPath implements ContextPath {
    private final DifferentiableContextExtractor extractor;
    private final List<Optional<LabelMap>> labels;
    private final Volume template;
    private final FeatureStandardisation standardisation;
    private final Map<String, Integer> positions = new HashMap<>();
    private final double[] derivatives;
    private final List<String>[] names;

    /**
     * @param labels per example of the batches this path will see, in batch order, its label map on the
     *        model grid, when the dataset has one (extractors that read the image only need none)
     * @param template gives the grid and affine (voxel size) of the images; its voxels are not used
     */
    public ExtractedContextPath(DifferentiableContextExtractor extractor, List<Optional<LabelMap>> labels, Volume template,
            FeatureStandardisation standardisation) {
        this.extractor = extractor;
        this.labels = List.copyOf(labels);
        this.template = template;
        this.standardisation = standardisation;
        List<String> modelFeatures = standardisation.names();
        for (int i = 0; i < modelFeatures.size(); i++) {
            positions.put(modelFeatures.get(i), i);
        }
        this.derivatives = standardisation.derivatives();
        @SuppressWarnings("unchecked")
        List<String>[] perExample = new List[this.labels.size()];
        this.names = perExample;
        for (LabelMap map : this.labels.stream().flatMap(Optional::stream).toList()) {
            if (!Arrays.equals(map.labels().shape(), template.shape())) {
                throw new IllegalArgumentException("label map grid " + Arrays.toString(map.labels().shape())
                        + " differs from the model grid " + Arrays.toString(template.shape()));
            }
        }
    }

    @Override
    public INDArray features(INDArray images) {
        int n = checkBatch(images);
        double[][] rows = new double[n][];
        for (int example = 0; example < n; example++) {
            rows[example] = standardisation.apply(extract(volume(images, example), example));
        }
        return Nd4j.createFromArray(rows).castTo(images.dataType());
    }

    @Override
    public INDArray backpropagate(INDArray images, INDArray contextGradient) {
        int n = checkBatch(images);
        if (contextGradient.rank() != 2 || contextGradient.size(0) != n
                || contextGradient.size(1) != derivatives.length) {
            throw new IllegalArgumentException("context gradient of shape " + Arrays.toString(contextGradient.shape())
                    + ", expected [" + n + ", " + derivatives.length + "]");
        }
        int[] grid = template.shape();
        INDArray gradient = Nd4j.zeros(images.dataType(), images.shape());
        for (int example = 0; example < n; example++) {
            Volume volume = volume(images, example);
            // the extractor's own feature order; features the model does not know get no weight
            List<String> extracted = names(volume, example);
            double[] cotangent = new double[extracted.size()];
            for (int feature = 0; feature < cotangent.length; feature++) {
                Integer position = positions.get(extracted.get(feature));
                if (position != null) {
                    cotangent[feature] = contextGradient.getDouble(example, position) * derivatives[position];
                }
            }
            double[] voxels;
            try {
                voxels = extractor.vectorJacobianProduct(volume, labels.get(example), cotangent);
            } catch (ContextExtractionException e) {
                throw new IllegalStateException("context path of example " + example + ": " + e.getMessage(), e);
            }
            // x fastest (Volume order) -> [x, y, z] in C order
            INDArray perVoxel = Nd4j.createFromArray(voxels).reshape('c', grid[2], grid[1], grid[0]).permute(2, 1, 0);
            gradient.get(NDArrayIndex.point(example), NDArrayIndex.point(0)).assign(perVoxel.castTo(images.dataType()));
        }
        return gradient;
    }

    @Override
    public ContextPath rows(int[] examples) {
        return new ExtractedContextPath(extractor, Arrays.stream(examples).mapToObj(labels::get).toList(), template,
                standardisation);
    }

    /**
     * The names of an example's features, extracted once: they depend on the subject (its label map,
     * the segmenter's regions), not on voxel values, and an extraction may cost a network's forward pass.
     */
    private synchronized List<String> names(Volume volume, int example) {
        if (names[example] == null) {
            names[example] = extract(volume, example).names();
        }
        return names[example];
    }

    private ContextFeatures extract(Volume volume, int example) {
        try {
            return extractor.extract(volume, labels.get(example));
        } catch (ContextExtractionException e) {
            throw new IllegalStateException("context path of example " + example + ": " + e.getMessage(), e);
        }
    }

    /** Example {@code example} of the batch as a volume on the template grid, x fastest. */
    private Volume volume(INDArray images, int example) {
        INDArray image = images.get(NDArrayIndex.point(example), NDArrayIndex.point(0));
        float[] voxels = image.permute(2, 1, 0).castTo(DataType.FLOAT).dup('c').data().asFloat();
        return template.withVoxels(voxels);
    }

    private int checkBatch(INDArray images) {
        long[] shape = images.shape();
        int[] grid = template.shape();
        if (shape.length != 5 || shape[1] != 1 || shape[2] != grid[0] || shape[3] != grid[1] || shape[4] != grid[2]) {
            throw new IllegalArgumentException("images of shape " + Arrays.toString(shape) + " do not fit the grid "
                    + Arrays.toString(grid));
        }
        if (shape[0] != labels.size()) {
            throw new IllegalArgumentException(shape[0] + " images but " + labels.size() + " label-map entries");
        }
        return (int) shape[0];
    }
}
