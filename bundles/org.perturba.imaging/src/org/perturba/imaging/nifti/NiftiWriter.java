package org.perturba.imaging.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.perturba.imaging.Affine;
import org.perturba.imaging.io.AtomicFiles;
import org.perturba.imaging.io.StagedFile;

/**
 * Writes single-file NIfTI ({@code .nii}, or gzipped when the name ends in {@code .gz}),
 * little-endian, NIfTI-1 by default or NIfTI-2. The sform holds the image's affine exactly and the
 * qform its rigid part, so that any reader finds the same geometry. The file appears complete or
 * not at all (through {@link AtomicFiles}).
 */
public final class NiftiWriter {
    private static final int CHUNK_VOXELS = 1 << 17;

    public void write(NiftiImage image, Path file, int version) throws IOException {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("NIfTI version must be 1 or 2, not " + version);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".nii") && !name.endsWith(".nii.gz")) {
            throw new IllegalArgumentException(file + ": Perturba writes .nii or .nii.gz files");
        }
        NiftiHeader header = headerForWriting(image.header(), version);
        try (StagedFile staged = AtomicFiles.stage(file)) {
            if (name.endsWith(".gz")) {
                writeCompressed(header, image.data(), staged.path());
            } else {
                writeUncompressed(header, image.data(), staged.path());
            }
            staged.commit();
        }
    }

    private static void writeCompressed(NiftiHeader header, VoxelData data, Path file) throws IOException {
        try (OutputStream out = new FastGzipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.write(NiftiHeaderCodec.encode(header));
            int perVoxel = data.type().bytesPerVoxel();
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_VOXELS * perVoxel).order(ByteOrder.LITTLE_ENDIAN);
            for (int start = 0; start < data.size(); start += CHUNK_VOXELS) {
                int count = Math.min(CHUNK_VOXELS, data.size() - start);
                chunk.clear();
                data.writeTo(chunk, start, count);
                out.write(chunk.array(), 0, count * perVoxel);
            }
        }
    }

    /**
     * Header and voxels through one direct buffer into the file channel: a stream copies each chunk
     * twice more on its way to the kernel.
     */
    private static void writeUncompressed(NiftiHeader header, VoxelData data, Path file) throws IOException {
        int perVoxel = data.type().bytesPerVoxel();
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_VOXELS * perVoxel).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(channel, ByteBuffer.wrap(NiftiHeaderCodec.encode(header)));
            for (int start = 0; start < data.size(); start += CHUNK_VOXELS) {
                int count = Math.min(CHUNK_VOXELS, data.size() - start);
                chunk.clear();
                data.writeTo(chunk, start, count);
                writeFully(channel, chunk.flip());
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Gzip at the fastest level, as nibabel writes it (compresslevel 1): the default level 6 took
     * about 1.5x nibabel's time for a 1 mm float volume, for files only a few percent smaller.
     */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** The source header with the geometry made explicit (sform and qform) and the layout of this writer. */
    static NiftiHeader headerForWriting(NiftiHeader source, int version) {
        Affine affine = source.affine();
        double[][] rows = affine.rows();
        Quaternion rotation = Quaternion.of(affine);
        double[] pixdim = source.pixdim().clone();
        double[] sizes = affine.voxelSizes();
        pixdim[0] = rotation.qfac();
        System.arraycopy(sizes, 0, pixdim, 1, 3);
        int sformCode = source.sformCode() > 0 ? source.sformCode() : source.qformCode() > 0 ? source.qformCode() : NiftiHeader.ALIGNED_ANATOMY;
        int qformCode = source.qformCode() > 0 ? source.qformCode() : sformCode;
        return new NiftiHeader(version, ByteOrder.LITTLE_ENDIAN, true, source.dims().clone(), source.dataType(), pixdim,
                version == 1 ? NiftiHeaderCodec.NIFTI1_DATA_OFFSET : NiftiHeaderCodec.NIFTI2_DATA_OFFSET,
                source.sclSlope(), source.sclInter(), qformCode, sformCode,
                new double[] { rotation.b(), rotation.c(), rotation.d() },
                new double[] { rows[0][3], rows[1][3], rows[2][3] },
                new double[][] { rows[0], rows[1], rows[2] }, NiftiHeader.MM_AND_SECONDS, source.intentCode(),
                source.description());
    }

    /** The rotation of an affine as the NIfTI qform stores it: quaternion (b, c, d) and qfac. */
    record Quaternion(double b, double c, double d, double qfac) {

        /**
         * After nifti1_io's mat44_to_quatern: the column-normalised linear part, made a rotation by
         * polar decomposition (a sheared sform has no exact qform; this is the closest rigid one).
         */
        static Quaternion of(Affine affine) {
            double[] sizes = affine.voxelSizes();
            double[][] r = new double[3][3];
            for (int row = 0; row < 3; row++) {
                for (int column = 0; column < 3; column++) {
                    r[row][column] = sizes[column] == 0 ? (row == column ? 1 : 0) : affine.get(row, column) / sizes[column];
                }
            }
            r = closestOrthogonal(r);
            double qfac = 1;
            if (affine.determinant() < 0) { // a left-handed grid: flip k, record it in qfac
                qfac = -1;
                for (int row = 0; row < 3; row++) {
                    r[row][2] = -r[row][2];
                }
            }
            double a = r[0][0] + r[1][1] + r[2][2] + 1;
            double b;
            double c;
            double d;
            if (a > 0.5) {
                a = 0.5 * Math.sqrt(a);
                b = 0.25 * (r[2][1] - r[1][2]) / a;
                c = 0.25 * (r[0][2] - r[2][0]) / a;
                d = 0.25 * (r[1][0] - r[0][1]) / a;
            } else {
                double xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
                double yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
                double zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
                if (xd > 1) {
                    b = 0.5 * Math.sqrt(xd);
                    c = 0.25 * (r[0][1] + r[1][0]) / b;
                    d = 0.25 * (r[0][2] + r[2][0]) / b;
                    a = 0.25 * (r[2][1] - r[1][2]) / b;
                } else if (yd > 1) {
                    c = 0.5 * Math.sqrt(yd);
                    b = 0.25 * (r[0][1] + r[1][0]) / c;
                    d = 0.25 * (r[1][2] + r[2][1]) / c;
                    a = 0.25 * (r[0][2] - r[2][0]) / c;
                } else {
                    d = 0.5 * Math.sqrt(zd);
                    b = 0.25 * (r[0][2] + r[2][0]) / d;
                    c = 0.25 * (r[1][2] + r[2][1]) / d;
                    a = 0.25 * (r[1][0] - r[0][1]) / d;
                }
                if (a < 0) {
                    b = -b;
                    c = -c;
                    d = -d;
                }
            }
            return new Quaternion(b, c, d, qfac);
        }

        /** The orthogonal factor of the polar decomposition, by Newton's iteration X ← (X + X⁻ᵀ) / 2. */
        private static double[][] closestOrthogonal(double[][] m) {
            double[][] x = m;
            for (int iteration = 0; iteration < 50; iteration++) {
                double[][] inverse = new Affine(new double[][] { { x[0][0], x[0][1], x[0][2], 0 },
                        { x[1][0], x[1][1], x[1][2], 0 }, { x[2][0], x[2][1], x[2][2], 0 } }).inverse().rows();
                double change = 0;
                double[][] next = new double[3][3];
                for (int row = 0; row < 3; row++) {
                    for (int column = 0; column < 3; column++) {
                        next[row][column] = 0.5 * (x[row][column] + inverse[column][row]);
                        change = Math.max(change, Math.abs(next[row][column] - x[row][column]));
                    }
                }
                x = next;
                if (change < 1e-15) {
                    break;
                }
            }
            return x;
        }
    }
}
