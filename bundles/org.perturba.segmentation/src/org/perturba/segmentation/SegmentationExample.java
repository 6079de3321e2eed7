package org.perturba.segmentation;

/**
 * A subject ready for a segmenter.
 *
 * @param image the normalised image on the segmenter's grid, in {@code Volume} order (x fastest)
 * @param regions the region index of every voxel (0 background), same order
 */
public record SegmentationExample(String id, float[] image, byte[] regions) {
    public SegmentationExample {
        if (image.length != regions.length) {
            throw new IllegalArgumentException(id + ": " + image.length + " voxels but " + regions.length + " region labels");
        }
    }
}
