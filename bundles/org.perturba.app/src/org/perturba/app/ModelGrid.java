package org.perturba.app;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.experiment.spec.GridRequest;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.model.NetworkGrid;
import org.perturba.model.training.DatasetPreparation;

/**
 * The grid a model reads its images on, checked before any subject is prepared: a grid the
 * network cannot take, or one whose images do not fit in memory, used to fail only after minutes
 * of preparation (or with an {@code OutOfMemoryError}).
 */
final class ModelGrid {
    private static final double GIB = 1L << 30;

    private ModelGrid() {
    }

    /** {@code --grid}, if given: a cube side, a shape or a voxel size ({@link GridRequest}). */
    static Optional<GridRequest> option(Arguments.Parsed parsed) throws UsageException {
        Optional<String> text = parsed.value("--grid");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(GridRequest.parse(text.get()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("option '--grid': " + e.getMessage());
        }
    }

    /**
     * The grid a model reads the dataset's images on: {@code --grid} over the images' field of view
     * when given, else the images' own grid if a network can pool it.
     */
    static int[] of(Optional<GridRequest> option, BidsDataset dataset) throws CommandFailedException {
        Volume example = example(dataset);
        if (option.isPresent()) {
            try {
                return option.get().forImages(example);
            } catch (IllegalArgumentException e) {
                throw new CommandFailedException(dataset.root() + ": " + e.getMessage(), e);
            }
        }
        int[] shape = example.shape();
        int multiple = NetworkGrid.gridMultiple(shape);
        if (Arrays.stream(shape).anyMatch(side -> side % multiple != 0)) {
            throw new CommandFailedException(dataset.root() + ": the images are " + text(shape) + ", and a model on them needs sides"
                    + " that are multiples of " + multiple + " (add --grid to resample them, e.g. --grid "
                    + text(NetworkGrid.poolableGrid(shape)) + " or a voxel size such as --grid 2mm)");
        }
        return shape;
    }

    /** Where a model's grid over the dataset's images lies in world coordinates. */
    static Affine affine(BidsDataset dataset, int[] grid) throws CommandFailedException {
        return DatasetPreparation.gridAffine(example(dataset), grid);
    }

    private static Volume example(BidsDataset dataset) throws CommandFailedException {
        try {
            return dataset.load(dataset.participants().get(0)).t1w();
        } catch (DatasetException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
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
