package org.perturba.segmentation;

import java.util.List;

/**
 * What a trained segmenter needs to be used correctly and reproduced.
 *
 * @param grid the grid it segments, {x, y, z}
 * @param scheme the {@link RegionScheme} id
 * @param regions the regions, background excluded, in the order of the probability rows after the background
 * @param normalisation how images are normalised before segmentation
 * @param seed the training seed
 * @param trainingData a hash of the training examples
 */
public record SegmenterMetadata(int[] grid, String scheme, List<String> regions, String normalisation, long seed,
        String trainingData) {
    public SegmenterMetadata {
        if (grid.length != 3 || regions.isEmpty() || scheme.isBlank()) {
            throw new IllegalArgumentException("a segmenter needs a 3D grid, a scheme and at least one region");
        }
        grid = grid.clone();
        regions = List.copyOf(regions);
    }

    @Override
    public int[] grid() {
        return grid.clone();
    }

    /** Background and regions. */
    public int classes() {
        return regions.size() + 1;
    }
}
