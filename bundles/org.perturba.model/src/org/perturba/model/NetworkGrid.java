package org.perturba.model;

import java.util.Arrays;

/**
 * How the brain-age networks' image branch grows with its grid: three 2x poolings up to 64³ voxels
 * (32³ ends on 4³, 64³ on 8³), one more each time the grid grows eightfold beyond, so that the last
 * convolution sees about the same few voxels a side at any resolution (the 2 mm grid, 96x112x96,
 * ends on 6x7x6 after four; 1 mm, 192x224x192, after five). Plain arithmetic, apart from
 * {@link BrainAgeNetworks}: reading a grid from an experiment file must not load ND4J.
 */
public final class NetworkGrid {
    private static final int MIN_POOLING_STAGES = 3;
    private static final long VOXELS_PER_EXTRA_STAGE_BASE = 64L * 64 * 64;

    private NetworkGrid() {
    }

    /** How many 2x poolings the image branch has on {@code grid}: 3 up to 64³ voxels, one more per eightfold beyond. */
    public static int poolingStages(int[] grid) {
        long voxels = (long) grid[0] * grid[1] * grid[2];
        int stages = MIN_POOLING_STAGES;
        for (long limit = VOXELS_PER_EXTRA_STAGE_BASE; voxels > limit; limit *= 8) {
            stages++;
        }
        return stages;
    }

    /** What each side of {@code grid} must be a multiple of: 2 to the number of poolings. */
    public static int gridMultiple(int[] grid) {
        return 1 << poolingStages(grid);
    }

    /**
     * The smallest grid of at least {@code shape} that the network can pool: each side rounded up to
     * the multiple its own size asks for (more voxels can mean one more pooling, hence the loop).
     */
    public static int[] poolableGrid(int[] shape) {
        int[] grid = shape.clone();
        while (true) {
            int multiple = gridMultiple(grid);
            int[] rounded = Arrays.stream(grid).map(side -> Math.max(multiple, (side + multiple - 1) / multiple * multiple)).toArray();
            if (Arrays.equals(rounded, grid)) {
                return grid;
            }
            grid = rounded;
        }
    }
}
