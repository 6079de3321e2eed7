package org.perturba.app;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.model.BrainAgeNetworks;

/**
 * The grid a model reads its images on, checked before any subject is prepared: a grid the
 * network cannot take, or one whose images do not fit in memory, used to fail only after minutes
 * of preparation (or with an {@code OutOfMemoryError}).
 */
final class ModelGrid {
    /**
     * The largest side {@code --grid} accepts: a whole head at 1 mm, the finest resolution of
     * structural MRI in common use, fits in 256³; a finer grid only interpolates.
     */
    static final int MAX_SIDE = 256;
    private static final double GIB = 1L << 30;

    private ModelGrid() {
    }

    /** The cubic grid of {@code --grid N}, if given: N a multiple of 8 (three 2x poolings) from 8 to {@value #MAX_SIDE}. */
    static Optional<int[]> option(Arguments.Parsed parsed) throws UsageException {
        if (parsed.value("--grid").isEmpty()) {
            return Optional.empty();
        }
        int side = (int) parsed.longValue("--grid", 0, BrainAgeNetworks.GRID_MULTIPLE, MAX_SIDE);
        if (side % BrainAgeNetworks.GRID_MULTIPLE != 0) {
            throw new UsageException("option '--grid' must be a multiple of " + BrainAgeNetworks.GRID_MULTIPLE + ", not " + side);
        }
        return Optional.of(new int[] { side, side, side });
    }

    /** The grid the dataset's images share, when a model can read them as they are. */
    static int[] ofDataset(BidsDataset dataset) throws CommandFailedException {
        int[] shape;
        try {
            shape = dataset.load(dataset.participants().get(0)).t1w().shape();
        } catch (DatasetException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        if (Arrays.stream(shape).anyMatch(side -> side % BrainAgeNetworks.GRID_MULTIPLE != 0)) {
            throw new CommandFailedException(dataset.root() + ": the images are " + text(shape) + ", and a model needs sides that"
                    + " are multiples of " + BrainAgeNetworks.GRID_MULTIPLE + " (add --grid N to resample them)");
        }
        return shape;
    }

    /**
     * Refuses a grid whose prepared images alone (one float per voxel and subject, all held during
     * training) exceed the JVM's maximum heap: a lower bound of what the run needs.
     */
    static void requireMemory(int[] grid, int subjects) throws CommandFailedException {
        long voxels = (long) grid[0] * grid[1] * grid[2];
        long needed = voxels * Float.BYTES * subjects;
        long available = Runtime.getRuntime().maxMemory();
        if (needed > available) {
            throw new CommandFailedException(String.format(Locale.ROOT, "the images of %d subjects on a %s grid take %.1f GiB,"
                    + " more than the %.1f GiB the JVM may use (raise it, e.g. PERTURBA_JAVA_OPTS=-Xmx%dg, or use a smaller --grid)",
                    subjects, text(grid), needed / GIB, available / GIB, (long) Math.ceil(2 * needed / GIB)));
        }
    }

    private static String text(int[] grid) {
        return Arrays.stream(grid).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}
