package org.perturba.anatomy;

import java.util.Map;

import org.perturba.imaging.Volume;

/**
 * A segmentation: integer labels on a voxel grid (0 = background) and the names of its regions,
 * as a BIDS {@code dseg.nii.gz} with its {@code dseg.tsv}.
 *
 * @param names region name by label; labels without a name are called {@code label-<index>}
 */
public record LabelMap(Volume labels, Map<Integer, String> names) {

    public LabelMap {
        names = Map.copyOf(names);
    }

    /** A label map whose regions have no names. */
    public static LabelMap unnamed(Volume labels) {
        return new LabelMap(labels, Map.of());
    }

    public String name(int label) {
        return names.getOrDefault(label, "label-" + label);
    }
}
