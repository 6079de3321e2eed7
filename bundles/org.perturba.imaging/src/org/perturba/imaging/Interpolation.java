package org.perturba.imaging;

/** How a volume is sampled between voxel centres. */
public enum Interpolation {
    /** The value of the closest voxel: for label maps, whose values must not blend. */
    NEAREST,
    /** Linear along each axis between the eight surrounding voxels: for intensity images. */
    TRILINEAR
}
