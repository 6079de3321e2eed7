package org.perturba.ui.viewer.render;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.perturba.anatomy.LabelMap;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Interpolation;
import org.perturba.imaging.Reslicer;
import org.perturba.imaging.Volume;
import org.perturba.report.slice.Plane;
import org.perturba.report.slice.Window;

/**
 * Everything the volume viewer shows and how: the image, optionally its clean pair (then the
 * perturbation is their difference), optionally a label map, the crosshair, the intensity window
 * and the overlays' opacities. Plain Java, so that every pixel and every readout can be tested
 * without a display; the SWT panes only paint what {@link SliceRenderer} computes from it.
 */
public final class VolumeScene {
    private final Volume image;
    private final Optional<Volume> clean;
    private final Optional<float[]> perturbation;
    private final double perturbationLimit;
    private Optional<LabelMap> labels = Optional.empty();
    private DisplayMode mode = DisplayMode.IMAGE;
    private WindowLevel window;
    private final WindowLevel autoWindow;
    private final double[] intensityRange;
    private boolean showLabels = true;
    private double labelOpacity = 0.35;
    private boolean showPerturbation;
    private double perturbationOpacity = 0.5;
    private int[] crosshair;

    /**
     * @param clean the clean image an adversarial {@code image} was made from; on the same grid
     */
    public VolumeScene(Volume image, Optional<Volume> clean) {
        this.image = image;
        if (clean.isPresent() && !Arrays.equals(clean.get().shape(), image.shape())) {
            throw new IllegalArgumentException("the clean image's grid " + Arrays.toString(clean.get().shape())
                    + " differs from the image's " + Arrays.toString(image.shape()));
        }
        this.clean = clean;
        if (clean.isPresent()) {
            float[] difference = new float[image.voxelCount()];
            float[] after = image.voxels();
            float[] before = clean.get().voxels();
            double limit = 0;
            for (int i = 0; i < difference.length; i++) {
                difference[i] = after[i] - before[i];
                if (Float.isFinite(difference[i])) {
                    limit = Math.max(limit, Math.abs(difference[i]));
                }
            }
            this.perturbation = Optional.of(difference);
            this.perturbationLimit = limit > 0 ? limit : 1;
        } else {
            this.perturbation = Optional.empty();
            this.perturbationLimit = 1;
        }
        Window robust = Window.percentiles(clean.orElse(image).voxels(), 0.5, 99.5);
        this.autoWindow = WindowLevel.ofRange(robust.low(), robust.high());
        this.window = autoWindow;
        this.intensityRange = finiteRange(image.voxels(), clean.map(Volume::voxels));
        int[] shape = image.shape();
        this.crosshair = new int[] { shape[0] / 2, shape[1] / 2, shape[2] / 2 };
    }

    public Volume image() {
        return image;
    }

    public Optional<Volume> clean() {
        return clean;
    }

    public boolean paired() {
        return clean.isPresent();
    }

    /** The geometry of one plane of this scene's grid. */
    public SliceGeometry geometry(Plane plane) {
        return new SliceGeometry(plane, image.shape(), image.orientation(), image.spacingMm());
    }

    /**
     * Shows a label map over the image; one on another grid is resampled onto the image's (nearest
     * neighbour, so labels never blend).
     */
    public void setLabels(LabelMap map) {
        Volume grid = map.labels();
        if (!Arrays.equals(grid.shape(), image.shape()) || !grid.affine().equals(image.affine(), 1e-4)) {
            grid = Reslicer.reslice(grid, image.shape(), image.affine(), Interpolation.NEAREST, 0);
        }
        labels = Optional.of(new LabelMap(grid, map.names()));
    }

    public Optional<LabelMap> labels() {
        return labels;
    }

    public DisplayMode mode() {
        return mode;
    }

    public void setMode(DisplayMode mode) {
        if (mode != DisplayMode.IMAGE && !paired()) {
            throw new IllegalStateException(mode.label() + " needs an adversarial image paired with its clean one");
        }
        this.mode = mode;
    }

    public WindowLevel window() {
        return window;
    }

    public void setWindow(WindowLevel window) {
        this.window = window;
    }

    /** The window between the 0.5th and 99.5th percentiles of the (clean) image. */
    public WindowLevel autoWindow() {
        return autoWindow;
    }

    /**
     * The lowest and highest finite value of the image and its clean pair (a unit span around a flat
     * image): what the window controls span. Found once, with the scene, off the UI thread.
     */
    public double[] intensityRange() {
        return intensityRange.clone();
    }

    private static double[] finiteRange(float[] image, Optional<float[]> clean) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (float[] values : clean.isPresent() ? new float[][] { image, clean.get() } : new float[][] { image }) {
            for (float value : values) {
                if (Float.isFinite(value)) {
                    low = Math.min(low, value);
                    high = Math.max(high, value);
                }
            }
        }
        if (!(high > low)) {
            return new double[] { Double.isFinite(low) ? low - 1 : 0, Double.isFinite(high) ? high + 1 : 1 };
        }
        return new double[] { low, high };
    }

    public boolean showLabels() {
        return showLabels;
    }

    public void setShowLabels(boolean show) {
        showLabels = show;
    }

    public double labelOpacity() {
        return labelOpacity;
    }

    public void setLabelOpacity(double opacity) {
        labelOpacity = clamp(opacity);
    }

    public boolean showPerturbation() {
        return showPerturbation;
    }

    public void setShowPerturbation(boolean show) {
        showPerturbation = show;
    }

    public double perturbationOpacity() {
        return perturbationOpacity;
    }

    public void setPerturbationOpacity(double opacity) {
        perturbationOpacity = clamp(opacity);
    }

    public Optional<float[]> perturbation() {
        return perturbation;
    }

    /** The largest |adversarial − clean|: the end of the symmetric colour scale. */
    public double perturbationLimit() {
        return perturbationLimit;
    }

    /** The crosshair's voxel (i, j, k). */
    public int[] crosshair() {
        return crosshair.clone();
    }

    /** Moves the crosshair, clamped into the grid. */
    public void setCrosshair(int[] voxel) {
        int[] shape = image.shape();
        int[] clamped = new int[3];
        for (int axis = 0; axis < 3; axis++) {
            clamped[axis] = Math.max(0, Math.min(shape[axis] - 1, voxel[axis]));
        }
        crosshair = clamped;
    }

    /** The value the current mode shows at a voxel. */
    public double displayedValue(int linearIndex) {
        return switch (mode) {
            case IMAGE -> image.voxels()[linearIndex];
            case CLEAN -> clean.orElseThrow().voxels()[linearIndex];
            case DIFFERENCE -> perturbation.orElseThrow()[linearIndex];
        };
    }

    /**
     * One line on a voxel: world position (mm, RAS+), voxel indices, the value shown (with the clean
     * and adversarial values and their difference when paired) and the region, if labelled.
     */
    public String readout(int[] voxel) {
        int[] shape = image.shape();
        int index = voxel[0] + shape[0] * (voxel[1] + shape[1] * voxel[2]);
        Affine affine = image.affine();
        double[] world = affine.apply(voxel[0], voxel[1], voxel[2]);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "x %.1f  y %.1f  z %.1f mm   voxel (%d, %d, %d)   ",
                world[0], world[1], world[2], voxel[0], voxel[1], voxel[2]));
        if (paired()) {
            text.append(String.format(Locale.ROOT, "clean %s  adversarial %s  difference %s", format(clean.get().voxels()[index]),
                    format(image.voxels()[index]), format(perturbation.get()[index])));
        } else {
            text.append("value ").append(format(image.voxels()[index]));
        }
        labels.ifPresent(map -> {
            int label = Math.round(map.labels().voxels()[index]);
            text.append("   ").append(label == 0 ? "background" : map.name(label) + " (" + label + ")");
        });
        return text.toString();
    }

    private static String format(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        double size = Math.abs(value);
        if (value == Math.rint(value) && size < 1e7) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return size != 0 && (size < 1e-3 || size >= 1e5) ? String.format(Locale.ROOT, "%.3e", value)
                : String.format(Locale.ROOT, "%.4g", value);
    }

    private static double clamp(double opacity) {
        return Math.max(0, Math.min(1, opacity));
    }
}
