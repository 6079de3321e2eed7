package org.perturba.imaging.nifti;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.perturba.imaging.Affine;

/**
 * The fields of a NIfTI-1 or NIfTI-2 header that Perturba uses, in double precision whatever the
 * version stored. {@code dims} and {@code pixdim} follow the specification: index 0 holds the
 * number of dimensions and qfac respectively.
 *
 * @param version 1 or 2
 * @param byteOrder the byte order of header and voxel data
 * @param singleFile true for {@code n+1}/{@code n+2} (.nii), false for a .hdr/.img pair
 */
public record NiftiHeader(int version, ByteOrder byteOrder, boolean singleFile, long[] dims, NiftiDataType dataType,
        double[] pixdim, long voxOffset, double sclSlope, double sclInter, int qformCode, int sformCode,
        double[] quatern, double[] qoffset, double[][] srow, int xyztUnits, int intentCode, String description) {

    /** NIFTI_XFORM_ALIGNED_ANAT: the code of geometry Perturba creates or infers. */
    static final int ALIGNED_ANATOMY = 2;
    /** Millimetres and seconds. */
    static final int MM_AND_SECONDS = 2 | 8;

    /**
     * A header for a new single-file NIfTI-1 image: unscaled values, the affine as sform (the
     * writer adds the matching qform), voxel sizes from the affine.
     */
    public static NiftiHeader of(long[] shape, NiftiDataType type, Affine affine, String description) {
        if (shape.length < 1 || shape.length > 7) {
            throw new IllegalArgumentException("a NIfTI image has 1 to 7 dimensions, not " + shape.length);
        }
        long[] dims = new long[8];
        double[] pixdim = new double[8];
        Arrays.fill(dims, 1);
        Arrays.fill(pixdim, 1);
        dims[0] = shape.length;
        System.arraycopy(shape, 0, dims, 1, shape.length);
        double[] sizes = affine.voxelSizes();
        System.arraycopy(sizes, 0, pixdim, 1, Math.min(3, shape.length));
        double[][] rows = affine.rows();
        return new NiftiHeader(1, ByteOrder.LITTLE_ENDIAN, true, dims, type, pixdim, NiftiHeaderCodec.NIFTI1_DATA_OFFSET,
                0, 0, 0, ALIGNED_ANATOMY, new double[3], new double[] { rows[0][3], rows[1][3], rows[2][3] },
                new double[][] { rows[0], rows[1], rows[2] }, MM_AND_SECONDS, 0, description);
    }

    /** The image shape, {@code dim[1..dim[0]]}, as nibabel reports it. */
    public long[] shape() {
        return Arrays.copyOfRange(dims, 1, (int) dims[0] + 1);
    }

    /** Voxel sizes of each dimension of {@link #shape()}. */
    public double[] zooms() {
        return Arrays.copyOfRange(pixdim, 1, (int) dims[0] + 1);
    }

    /** Number of voxels of the whole image (all frames). */
    public long voxelCount() {
        long count = 1;
        for (long n : shape()) {
            count = Math.multiplyExact(count, n);
        }
        return count;
    }

    /** Whether stored values are scaled: slope non-zero and finite (0 means "no scaling"), not identity. */
    public boolean isScaled() {
        return sclSlope != 0 && Double.isFinite(sclSlope) && !(sclSlope == 1 && sclInter == 0);
    }

    /** The real-world value of a stored value. */
    public double scale(double stored) {
        return isScaled() ? stored * sclSlope + sclInter : stored;
    }

    /**
     * The voxel-to-world transform, chosen as nibabel's {@code get_best_affine}: the sform when
     * {@code sform_code > 0}, else the qform when {@code qform_code > 0}, else one built from the
     * voxel sizes alone (x flipped, grid centred on the origin).
     */
    public Affine affine() {
        if (sformCode > 0) {
            return new Affine(srow);
        }
        if (qformCode > 0) {
            return qformAffine();
        }
        long[] shape = shape();
        int[] grid = new int[3];
        double[] zooms = new double[3];
        for (int axis = 0; axis < 3; axis++) {
            grid[axis] = axis < shape.length ? (int) shape[axis] : 1;
            zooms[axis] = axis < shape.length ? pixdim[axis + 1] : 1;
        }
        return Affine.fromShapeAndZooms(grid, zooms);
    }

    /** The qform: rotation from the quaternion, voxel sizes, qfac on the third axis, offset. */
    public Affine qformAffine() {
        double b = quatern[0];
        double c = quatern[1];
        double d = quatern[2];
        // a is implied by |q| = 1; float32 storage can push b²+c²+d² a hair above 1
        double a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
        double s = 2 / (a * a + b * b + c * c + d * d);
        double[][] r = {
                { 1 - s * (c * c + d * d), s * (b * c - a * d), s * (b * d + a * c) },
                { s * (b * c + a * d), 1 - s * (b * b + d * d), s * (c * d - a * b) },
                { s * (b * d - a * c), s * (c * d + a * b), 1 - s * (b * b + c * c) } };
        double qfac = pixdim[0] == -1 ? -1 : 1;
        double[] voxel = { Math.abs(pixdim[1]), Math.abs(pixdim[2]), Math.abs(pixdim[3]) * qfac };
        double[][] m = new double[3][4];
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 3; column++) {
                m[row][column] = r[row][column] * voxel[column];
            }
            m[row][3] = qoffset[row];
        }
        return new Affine(m);
    }
}
