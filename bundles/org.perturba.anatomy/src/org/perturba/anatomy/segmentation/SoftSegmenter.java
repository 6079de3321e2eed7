package org.perturba.anatomy.segmentation;

import java.util.List;

import org.perturba.anatomy.ContextExtractionException;
import org.perturba.imaging.Volume;

/**
 * A segmentation model that reads the image only: for every voxel, the probability of each region
 * (a softmax over background and the regions), a smooth function of the voxels with an exact
 * vector-Jacobian product. Context extractors built on it ({@link SegmentationContextExtractor})
 * measure the image being attacked, so that an attacker can move region boundaries.
 *
 * <p>Voxel arrays are in {@link Volume} order (x fastest). Implementations are thread-safe.
 */
public interface SoftSegmenter {

    /** The regions, in the order of {@link #probabilities}'s rows after the background row. */
    List<String> regions();

    /** The grid the segmenter works on; images on another grid are refused. */
    int[] grid();

    /**
     * @param image normalised to [0, 1] on {@link #grid()}
     * @return {@code [1 + regions().size()][voxels]}: row 0 the background, then one row per region;
     *         every voxel's column sums to 1
     */
    double[][] probabilities(Volume image) throws ContextExtractionException;

    /**
     * The gradient with respect to every voxel of {@code sum over rows r and voxels v of
     * cotangent[r][v] * probabilities[r][v]}, exact at {@code image}.
     *
     * @param cotangent same shape as {@link #probabilities}'s result
     */
    double[] vectorJacobianProduct(Volume image, double[][] cotangent) throws ContextExtractionException;
}
