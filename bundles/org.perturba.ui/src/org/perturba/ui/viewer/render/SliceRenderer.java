package org.perturba.ui.viewer.render;

import java.util.Optional;

import org.perturba.anatomy.LabelMap;
import org.perturba.report.slice.Plane;

/**
 * Turns one slice of a {@link VolumeScene} into 0xRRGGBB pixels, row by row from the top: the
 * windowed grey image (or the difference in diverging colours), then the label map and the
 * perturbation heatmap blended over it with their opacities.
 */
public final class SliceRenderer {
    private SliceRenderer() {
    }

    public static int[] render(VolumeScene scene, Plane plane, int index) {
        SliceGeometry geometry = scene.geometry(plane);
        int width = geometry.width();
        int height = geometry.height();
        int[] pixels = new int[width * height];
        WindowLevel window = scene.window();
        DisplayMode mode = scene.mode();
        double limit = scene.perturbationLimit();
        Optional<LabelMap> labels = scene.showLabels() ? scene.labels() : Optional.empty();
        float[] labelValues = labels.map(map -> map.labels().voxels()).orElse(null);
        float[] perturbation = scene.showPerturbation() && mode != DisplayMode.DIFFERENCE ? scene.perturbation().orElse(null) : null;
        for (int row = 0; row < height; row++) {
            for (int column = 0; column < width; column++) {
                int voxel = geometry.linearIndex(column, row, index);
                double value = scene.displayedValue(voxel);
                int rgb = mode == DisplayMode.DIFFERENCE ? Colours.diverging(value, limit) : Colours.grey(window.grey(value));
                if (labelValues != null) {
                    int label = Math.round(labelValues[voxel]);
                    if (label != 0) {
                        rgb = Colours.mix(rgb, Colours.label(label), scene.labelOpacity());
                    }
                }
                if (perturbation != null && perturbation[voxel] != 0 && Float.isFinite(perturbation[voxel])) {
                    // the full colour of the sign, as opaque as the change is large: no change stays see-through
                    double t = perturbation[voxel] / limit;
                    rgb = Colours.mix(rgb, Colours.diverging(Math.signum(t) * limit, limit),
                            scene.perturbationOpacity() * Math.min(1, Math.abs(t)));
                }
                pixels[row * width + column] = rgb;
            }
        }
        return pixels;
    }
}
