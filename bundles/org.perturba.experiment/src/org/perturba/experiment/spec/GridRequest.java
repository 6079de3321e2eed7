package org.perturba.experiment.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.perturba.anatomy.cohort.CohortGenerator;
import org.perturba.anatomy.cohort.CohortGrid;
import org.perturba.anatomy.template.Template;
import org.perturba.imaging.Volume;
import org.perturba.model.NetworkGrid;

/**
 * The grid a study asks for, as {@code --grid} and an experiment file's {@code "grid"} give it: a
 * cube side ({@code 32}: 32³ voxels over the head), a shape ({@code 96x112x96}: that many voxels
 * along i, j and k over the head), or a voxel size ({@code 2mm}: isotropic voxels of that size, the
 * shape whatever covers the head, each side rounded up to what the networks' poolings divide). A
 * cube or shape must already be one the networks can pool ({@link NetworkGrid#gridMultiple}).
 */
public sealed interface GridRequest {
    int MAX_SIDE = CohortGrid.MAX_SIDE;

    /** As the user wrote it: {@code 32}, {@code 96x112x96} or {@code 2mm}. */
    String text();

    /** The grid a generated cohort is written on. */
    CohortGrid forCohort();

    /** The grid images of {@code example}'s field of view are resampled onto for a model. */
    int[] forImages(Volume example);

    /** A cube of {@code side} voxels. */
    record Cube(int side) implements GridRequest {
        public Cube {
            requirePoolable(new int[] { side, side, side });
        }

        @Override
        public String text() {
            return Integer.toString(side);
        }

        @Override
        public CohortGrid forCohort() {
            return CohortGrid.cube(side);
        }

        @Override
        public int[] forImages(Volume example) {
            return new int[] { side, side, side };
        }
    }

    /** A shape, along i, j and k. */
    record Shape(int nx, int ny, int nz) implements GridRequest {
        public Shape {
            requirePoolable(new int[] { nx, ny, nz });
        }

        @Override
        public String text() {
            return nx + "x" + ny + "x" + nz;
        }

        @Override
        public CohortGrid forCohort() {
            return CohortGrid.of(new int[] { nx, ny, nz });
        }

        @Override
        public int[] forImages(Volume example) {
            return new int[] { nx, ny, nz };
        }
    }

    /** Isotropic voxels of {@code millimetres}. */
    record VoxelSize(double millimetres) implements GridRequest {
        public VoxelSize {
            if (!(millimetres >= CohortGrid.MIN_VOXEL_MM && millimetres <= CohortGrid.MAX_VOXEL_MM)) {
                throw new IllegalArgumentException("a voxel size must be between " + CohortGrid.MIN_VOXEL_MM + " and "
                        + CohortGrid.MAX_VOXEL_MM + " mm, not " + millimetres);
            }
        }

        @Override
        public String text() {
            return (millimetres == Math.rint(millimetres) ? Long.toString((long) millimetres) : Double.toString(millimetres)) + "mm";
        }

        @Override
        public CohortGrid forCohort() {
            return CohortGrid.of(covering(TemplateFieldOfView.MILLIMETRES), millimetres);
        }

        @Override
        public int[] forImages(Volume example) {
            int[] shape = example.shape();
            double[] spacing = example.affine().voxelSizes();
            double[] fieldOfView = new double[3];
            for (int axis = 0; axis < 3; axis++) {
                fieldOfView[axis] = shape[axis] * spacing[axis];
            }
            return covering(fieldOfView);
        }

        private int[] covering(double[] fieldOfViewMm) {
            int[] shape = Arrays.stream(fieldOfViewMm).mapToInt(side -> (int) Math.ceil(side / millimetres - 1e-9)).toArray();
            int[] grid = NetworkGrid.poolableGrid(shape);
            if (Arrays.stream(grid).anyMatch(side -> side > MAX_SIDE)) {
                throw new IllegalArgumentException("a " + text() + " grid over this field of view would be " + shapeText(grid)
                        + " voxels, more than " + MAX_SIDE + " a side");
            }
            return grid;
        }
    }

    Pattern SHAPE = Pattern.compile("(\\d{1,4})x(\\d{1,4})x(\\d{1,4})");
    Pattern VOXEL_SIZE = Pattern.compile("(\\d{1,2}(?:\\.\\d{1,3})?)\\s*mm");
    Pattern SIDE = Pattern.compile("\\d{1,4}");

    /**
     * @throws IllegalArgumentException in one line saying what is wrong and what is accepted
     */
    static GridRequest parse(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        Matcher shape = SHAPE.matcher(trimmed);
        Matcher voxel = VOXEL_SIZE.matcher(trimmed);
        if (SIDE.matcher(trimmed).matches()) {
            return new Cube(Integer.parseInt(trimmed));
        } else if (shape.matches()) {
            return new Shape(Integer.parseInt(shape.group(1)), Integer.parseInt(shape.group(2)), Integer.parseInt(shape.group(3)));
        } else if (voxel.matches()) {
            return new VoxelSize(Double.parseDouble(voxel.group(1)));
        }
        throw new IllegalArgumentException("expected a cube side (32), a shape (96x112x96) or a voxel size (2mm), not \"" + text + "\"");
    }

    private static void requirePoolable(int[] grid) {
        for (int side : grid) {
            if (side < CohortGrid.MIN_SIDE || side > MAX_SIDE) {
                throw new IllegalArgumentException("grid " + shapeText(grid) + ": sides must be between " + CohortGrid.MIN_SIDE + " and "
                        + MAX_SIDE);
            }
        }
        int multiple = NetworkGrid.gridMultiple(grid);
        if (Arrays.stream(grid).anyMatch(side -> side % multiple != 0)) {
            throw new IllegalArgumentException("grid " + shapeText(grid) + ": each side must be a multiple of " + multiple + " for the "
                    + NetworkGrid.poolingStages(grid) + " poolings of a network on it (" + shapeText(NetworkGrid.poolableGrid(grid))
                    + " would do)");
        }
    }

    private static String shapeText(int[] grid) {
        return Arrays.stream(grid).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    /** The embedded template's field of view, read once. */
    final class TemplateFieldOfView {
        static final double[] MILLIMETRES;

        static {
            try {
                MILLIMETRES = CohortGenerator.fieldOfViewMm(Template.colin27());
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded template cannot be read: " + e.getMessage(), e);
            }
        }

        private TemplateFieldOfView() {
        }
    }
}
