package org.perturba.imaging.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The binary layouts of the NIfTI-1 (348-byte) and NIfTI-2 (540-byte) headers, after the published
 * specifications: decoding with validation of every field Perturba relies on, and encoding.
 */
final class NiftiHeaderCodec {
    static final int NIFTI1_SIZE = 348;
    static final int NIFTI2_SIZE = 540;
    /** The header plus the 4-byte extension flag: where voxel data starts in files Perturba writes. */
    static final int NIFTI1_DATA_OFFSET = 352;
    static final int NIFTI2_DATA_OFFSET = 544;

    private static final byte[] NIFTI2_MAGIC_TAIL = { 0, '\r', '\n', 032, '\n' };

    private NiftiHeaderCodec() {
    }

    /**
     * The header size announced by the first four bytes, which also tell the byte order.
     *
     * @return 348 or 540, with {@code order} set on the buffer
     */
    static int sizeOfHeader(ByteBuffer firstBytes, Path file) throws InvalidNiftiException {
        int little = firstBytes.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        for (ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
            int size = firstBytes.order(order).getInt(0);
            if (size == NIFTI1_SIZE || size == NIFTI2_SIZE) {
                return size;
            }
        }
        throw new InvalidNiftiException(file, "sizeof_hdr is " + little + " (" + Integer.reverseBytes(little)
                + " big-endian): expected 348 (NIfTI-1) or 540 (NIfTI-2); not a NIfTI file");
    }

    static NiftiHeader decode(ByteBuffer header, Path file) throws InvalidNiftiException {
        int size = sizeOfHeader(header, file);
        return size == NIFTI1_SIZE ? decodeNifti1(header, file) : decodeNifti2(header, file);
    }

    private static NiftiHeader decodeNifti1(ByteBuffer h, Path file) throws InvalidNiftiException {
        String magic = ascii(h, 344, 4);
        boolean single = switch (magic) {
        case "n+1" -> true;
        case "ni1" -> false;
        default -> throw new InvalidNiftiException(file, "magic is '" + printable(magic)
                + "': expected 'n+1' or 'ni1' (Analyze 7.5 files are not supported)");
        };
        long[] dims = new long[8];
        for (int i = 0; i < 8; i++) {
            dims[i] = h.getShort(40 + 2 * i);
        }
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = h.getFloat(76 + 4 * i);
        }
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = h.getFloat(280 + 16 * r + 4 * c);
            }
        }
        return validate(new NiftiHeader(1, h.order(), single, dims, dataType(h.getShort(70), file), pixdim,
                (long) h.getFloat(108), h.getFloat(112), h.getFloat(116), h.getShort(252), h.getShort(254),
                new double[] { h.getFloat(256), h.getFloat(260), h.getFloat(264) },
                new double[] { h.getFloat(268), h.getFloat(272), h.getFloat(276) }, srow, h.get(123) & 0xff,
                h.getShort(68), ascii(h, 148, 80)), file);
    }

    private static NiftiHeader decodeNifti2(ByteBuffer h, Path file) throws InvalidNiftiException {
        String magic = ascii(h, 4, 3);
        boolean single = switch (magic) {
        case "n+2" -> true;
        case "ni2" -> false;
        default -> throw new InvalidNiftiException(file, "magic is '" + printable(magic) + "': expected 'n+2' or 'ni2'");
        };
        for (int i = 0; i < NIFTI2_MAGIC_TAIL.length; i++) {
            if (h.get(7 + i) != NIFTI2_MAGIC_TAIL[i]) {
                throw new InvalidNiftiException(file, "magic bytes 7-11 are damaged (a text-mode transfer?)");
            }
        }
        long[] dims = new long[8];
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            dims[i] = h.getLong(16 + 8 * i);
            pixdim[i] = h.getDouble(104 + 8 * i);
        }
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = h.getDouble(400 + 32 * r + 8 * c);
            }
        }
        return validate(new NiftiHeader(2, h.order(), single, dims, dataType(h.getShort(12), file), pixdim,
                h.getLong(168), h.getDouble(176), h.getDouble(184), h.getInt(344), h.getInt(348),
                new double[] { h.getDouble(352), h.getDouble(360), h.getDouble(368) },
                new double[] { h.getDouble(376), h.getDouble(384), h.getDouble(392) }, srow, h.getInt(500),
                h.getInt(504), ascii(h, 240, 80)), file);
    }

    private static NiftiDataType dataType(int code, Path file) throws InvalidNiftiException {
        try {
            return NiftiDataType.ofCode(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidNiftiException(file, "datatype is " + code + ": " + e.getMessage());
        }
    }

    private static NiftiHeader validate(NiftiHeader header, Path file) throws InvalidNiftiException {
        long[] dims = header.dims();
        if (dims[0] < 1 || dims[0] > 7) {
            throw new InvalidNiftiException(file, "dim[0] is " + dims[0] + ": expected 1 to 7 dimensions");
        }
        for (int i = 1; i <= dims[0]; i++) {
            if (dims[i] < 1) {
                throw new InvalidNiftiException(file, "dim[" + i + "] is " + dims[i] + ": expected at least 1");
            }
        }
        try {
            header.voxelCount();
        } catch (ArithmeticException e) {
            throw new InvalidNiftiException(file, "dim " + Arrays.toString(header.shape())
                    + " describes more voxels than a long can count");
        }
        long headerSize = header.version() == 1 ? NIFTI1_SIZE : NIFTI2_SIZE;
        if (header.singleFile() && header.voxOffset() < headerSize) {
            throw new InvalidNiftiException(file, "vox_offset is " + header.voxOffset()
                    + ": voxel data cannot start inside the " + headerSize + "-byte header");
        }
        if (header.voxOffset() < 0) {
            throw new InvalidNiftiException(file, "vox_offset is " + header.voxOffset() + ": must not be negative");
        }
        if (header.sclSlope() != 0 && Double.isFinite(header.sclSlope()) && !Double.isFinite(header.sclInter())) {
            throw new InvalidNiftiException(file, "scl_inter is " + header.sclInter() + " while scl_slope is "
                    + header.sclSlope() + ": a valid slope needs a finite intercept");
        }
        requireFiniteGeometry(header, file);
        return header;
    }

    /**
     * The fields of the transform that {@link NiftiHeader#affine()} selects must be finite. nibabel
     * does not fall back when they are not: {@code get_best_affine} returns a NaN sform as it is (and
     * {@code aff2axcodes} then fails), never the qform. Falling back would put the image where its
     * header does not say, so a non-finite value is refused here, naming the field; the fields of a
     * transform the codes leave unused are ignored, as nibabel ignores them.
     */
    private static void requireFiniteGeometry(NiftiHeader header, Path file) throws InvalidNiftiException {
        if (header.sformCode() > 0) {
            for (int r = 0; r < 3; r++) {
                String row = "srow_" + "xyz".charAt(r);
                requireFinite(header.srow()[r], c -> row + "[" + c + "]", "the sform", file);
            }
        } else if (header.qformCode() > 0) {
            requireFinite(header.quatern(), i -> "quatern_" + "bcd".charAt(i), "the qform", file);
            requireFinite(header.qoffset(), i -> "qoffset_" + "xyz".charAt(i), "the qform", file);
            requireFinite(spatialPixdim(header, 3), i -> "pixdim[" + (i + 1) + "]", "the qform", file);
        } else {
            requireFinite(spatialPixdim(header, Math.min(3, (int) header.dims()[0])), i -> "pixdim[" + (i + 1) + "]",
                    "the voxel size (no sform or qform)", file);
        }
    }

    /** pixdim[1..axes]: qfac (pixdim[0]) is read as ±1 whatever it holds, and time steps are no geometry. */
    private static double[] spatialPixdim(NiftiHeader header, int axes) {
        return Arrays.copyOfRange(header.pixdim(), 1, 1 + axes);
    }

    private static void requireFinite(double[] values, IntFunction<String> field, String transform, Path file)
            throws InvalidNiftiException {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InvalidNiftiException(file, transform + " holds a non-finite value: " + field.apply(i)
                        + " is " + values[i]);
            }
        }
    }

    /** Encodes a header little-endian; data will follow at {@link #NIFTI1_DATA_OFFSET} or {@link #NIFTI2_DATA_OFFSET}. */
    static byte[] encode(NiftiHeader header) {
        boolean v1 = header.version() == 1;
        ByteBuffer h = ByteBuffer.allocate(v1 ? NIFTI1_DATA_OFFSET : NIFTI2_DATA_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        if (v1) {
            h.putInt(0, NIFTI1_SIZE);
            h.put(38, (byte) 'r'); // "regular", expected by old Analyze readers
            for (int i = 0; i < 8; i++) {
                h.putShort(40 + 2 * i, (short) header.dims()[i]);
                h.putFloat(76 + 4 * i, (float) header.pixdim()[i]);
            }
            h.putShort(68, (short) header.intentCode());
            h.putShort(70, (short) header.dataType().code());
            h.putShort(72, (short) (8 * header.dataType().bytesPerVoxel()));
            h.putFloat(108, NIFTI1_DATA_OFFSET);
            h.putFloat(112, (float) header.sclSlope());
            h.putFloat(116, (float) header.sclInter());
            h.put(123, (byte) header.xyztUnits());
            putAscii(h, 148, 80, header.description());
            h.putShort(252, (short) header.qformCode());
            h.putShort(254, (short) header.sformCode());
            for (int i = 0; i < 3; i++) {
                h.putFloat(256 + 4 * i, (float) header.quatern()[i]);
                h.putFloat(268 + 4 * i, (float) header.qoffset()[i]);
                for (int c = 0; c < 4; c++) {
                    h.putFloat(280 + 16 * i + 4 * c, (float) header.srow()[i][c]);
                }
            }
            putAscii(h, 344, 4, "n+1");
        } else {
            h.putInt(0, NIFTI2_SIZE);
            putAscii(h, 4, 4, "n+2");
            for (int i = 0; i < NIFTI2_MAGIC_TAIL.length; i++) {
                h.put(7 + i, NIFTI2_MAGIC_TAIL[i]);
            }
            h.putShort(12, (short) header.dataType().code());
            h.putShort(14, (short) (8 * header.dataType().bytesPerVoxel()));
            for (int i = 0; i < 8; i++) {
                h.putLong(16 + 8 * i, header.dims()[i]);
                h.putDouble(104 + 8 * i, header.pixdim()[i]);
            }
            h.putLong(168, NIFTI2_DATA_OFFSET);
            h.putDouble(176, header.sclSlope());
            h.putDouble(184, header.sclInter());
            putAscii(h, 240, 80, header.description());
            h.putInt(344, header.qformCode());
            h.putInt(348, header.sformCode());
            for (int i = 0; i < 3; i++) {
                h.putDouble(352 + 8 * i, header.quatern()[i]);
                h.putDouble(376 + 8 * i, header.qoffset()[i]);
                for (int c = 0; c < 4; c++) {
                    h.putDouble(400 + 32 * i + 8 * c, header.srow()[i][c]);
                }
            }
            h.putInt(500, header.xyztUnits());
            h.putInt(504, header.intentCode());
        }
        return h.array();
    }

    private static String ascii(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        int end = 0;
        while (end < length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static void putAscii(ByteBuffer buffer, int offset, int length, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        buffer.put(offset, bytes, 0, Math.min(bytes.length, length - 1));
    }

    private static String printable(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? text : text.codePoints()
                .mapToObj(c -> c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\x%02x", c))
                .reduce("", String::concat);
    }
}
