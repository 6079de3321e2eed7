package org.perturba.imaging.nifti;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.perturba.imaging.ResourceLimits;
import org.perturba.imaging.Volume;
import org.perturba.imaging.ResourceLimits.Limit;

/**
 * Reads {@code .nii}, {@code .nii.gz} and {@code .hdr}/{@code .img} pairs (NIfTI-1 and -2, either
 * byte order). Reading is bounded by {@link ResourceLimits}: the files' sizes, then the voxel count
 * and the bytes the header claims (for a gzipped file, everything up to the last voxel) are checked
 * before anything large is allocated or inflated, and no byte past them is ever decompressed, so a
 * gzip bomb is refused from its header. Every defect ends in an {@link InvalidNiftiException} that
 * names the file, the field and its value.
 */
public final class NiftiReader {
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int GZIP_MAGIC = 0x1f8b;
    /** Deflate's largest expansion: one compressed byte never inflates to more than 1032 bytes. */
    private static final long MAX_INFLATION = 1032;
    /** Java arrays hold a little under 2³¹ elements, whatever the limits say. */
    private static final long MAX_ARRAY_VOXELS = Integer.MAX_VALUE - 8;

    private final ResourceLimits limits;

    /** A reader with the limits the system properties set ({@link ResourceLimits#current()}). */
    public NiftiReader() {
        this(ResourceLimits.current());
    }

    public NiftiReader(ResourceLimits limits) {
        this.limits = limits;
    }

    public NiftiImage read(Path file) throws IOException {
        Path headerFile = companion(file, ".img", ".hdr");
        Path dataFile = companion(file, ".hdr", ".img");
        requireFileSize(headerFile);
        if (!dataFile.equals(headerFile)) {
            requireFileSize(dataFile);
        }
        NiftiHeader header = decodeHeader(headerFile);
        boolean pair = !headerFile.equals(dataFile);
        if (header.singleFile() == pair) {
            throw new InvalidNiftiException(headerFile, header.singleFile()
                    ? "magic says single file (n+" + header.version() + ") but the name says .hdr/.img pair"
                    : "magic says .hdr/.img pair (ni" + header.version() + "): open the .hdr or .img file, not "
                            + file.getFileName());
        }
        long voxels = header.voxelCount();
        if (voxels > limits.get(Limit.MAX_VOXELS) || voxels > MAX_ARRAY_VOXELS) {
            throw new InvalidNiftiException(headerFile, "dim " + Arrays.toString(header.shape()) + " claims "
                    + (voxels > limits.get(Limit.MAX_VOXELS) ? limits.exceeded(Limit.MAX_VOXELS, voxels + " voxels")
                            : voxels + " voxels, more than a Java array holds (" + MAX_ARRAY_VOXELS + ")"));
        }
        long bytes = voxels * header.dataType().bytesPerVoxel();
        // a gzipped file is inflated up to its last voxel: the offset counts too
        long inflated = isGzip(dataFile) ? header.voxOffset() + bytes : bytes;
        if (inflated > limits.get(Limit.MAX_DECOMPRESSED_BYTES)) {
            throw new InvalidNiftiException(dataFile, "dim " + Arrays.toString(header.shape()) + " of "
                    + header.dataType().name().toLowerCase(Locale.ROOT) + " at vox_offset " + header.voxOffset() + " needs "
                    + limits.exceeded(Limit.MAX_DECOMPRESSED_BYTES, inflated + " bytes decompressed"));
        }
        if (isGzip(dataFile)) {
            // Found by fuzzing: the voxels are allocated before the stream is inflated, so a .nii.gz of a
            // few hundred bytes claiming a gigabyte of voxels made the reader allocate that gigabyte (an
            // OutOfMemoryError, or a long stall) before finding the data truncated. A claim beyond what
            // the compressed file can inflate to is refused first, so an allocation stays in proportion
            // to the file.
            long size = Files.size(dataFile);
            if (bytes > MAX_INFLATION * size) {
                throw new InvalidNiftiException(dataFile, "the voxel data is truncated: the header needs " + bytes
                        + " bytes, more than the " + size + "-byte gzip file can hold");
            }
        } else {
            long size = Files.size(dataFile);
            if (header.voxOffset() > size) {
                throw new InvalidNiftiException(dataFile, "vox_offset is " + header.voxOffset()
                        + ", past the end of the " + size + "-byte file");
            }
            if (header.voxOffset() + bytes > size) {
                throw truncated(dataFile, bytes, size - header.voxOffset());
            }
        }
        return new NiftiImage(header, readVoxels(dataFile, header, (int) voxels, bytes));
    }

    /**
     * The image as a 3D float volume of scaled values, as {@code read(file).toVolume()} gives it but
     * without copying float32 voxels that need no scaling a second time.
     */
    public Volume readVolume(Path file) throws IOException {
        return read(file).toVolumeSharingVoxels();
    }

    /**
     * Only the header of an image (of the .hdr for a pair), checked as {@link #read} checks it: enough
     * for its shape, geometry and type without reading any voxel.
     */
    public NiftiHeader readHeader(Path file) throws IOException {
        Path headerFile = companion(file, ".img", ".hdr");
        requireFileSize(headerFile);
        return decodeHeader(headerFile);
    }

    private void requireFileSize(Path file) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > limits.get(Limit.MAX_FILE_BYTES)) {
            throw new InvalidNiftiException(file, "refused: " + limits.exceeded(Limit.MAX_FILE_BYTES,
                    Files.size(file) + " bytes on disk"));
        }
    }

    private NiftiHeader decodeHeader(Path file) throws IOException {
        try (InputStream in = open(file)) {
            byte[] first = in.readNBytes(4);
            if (first.length == 0) {
                throw new InvalidNiftiException(file, "the file is empty");
            }
            if (first.length < 4) {
                throw new InvalidNiftiException(file, "only " + first.length + " bytes: too short for a NIfTI header");
            }
            int size = NiftiHeaderCodec.sizeOfHeader(ByteBuffer.wrap(first), file);
            byte[] header = Arrays.copyOf(first, size);
            int read = in.readNBytes(header, 4, size - 4);
            if (read < size - 4) {
                throw new InvalidNiftiException(file, "the header is truncated: " + (4 + read) + " of " + size + " bytes");
            }
            return NiftiHeaderCodec.decode(ByteBuffer.wrap(header), file);
        } catch (ZipException | EOFException e) {
            throw new InvalidNiftiException(file, "the gzip stream is corrupt: " + e.getMessage(), e);
        }
    }

    private static VoxelData readVoxels(Path file, NiftiHeader header, int voxels, long bytes) throws IOException {
        VoxelData data = new VoxelData(header.dataType(), voxels);
        int perVoxel = header.dataType().bytesPerVoxel();
        int voxelsPerChunk = CHUNK_BYTES / perVoxel;
        if (!isGzip(file)) {
            readUncompressed(file, header, data, voxels, bytes);
            return data;
        }
        byte[] chunk = new byte[Math.min(CHUNK_BYTES, (int) Math.max(perVoxel, bytes))];
        try (InputStream in = open(file)) {
            in.skipNBytes(header.voxOffset());
            for (int start = 0; start < voxels; start += voxelsPerChunk) {
                int count = Math.min(voxelsPerChunk, voxels - start);
                int read = in.readNBytes(chunk, 0, count * perVoxel);
                if (read < count * perVoxel) {
                    throw truncated(file, bytes, (long) start * perVoxel + read);
                }
                data.readFrom(ByteBuffer.wrap(chunk, 0, read).order(header.byteOrder()), start, count);
            }
        } catch (EOFException e) {
            throw new InvalidNiftiException(file, "the data is truncated or vox_offset " + header.voxOffset()
                    + " lies past its end", e);
        } catch (ZipException e) {
            throw new InvalidNiftiException(file, "the gzip stream is corrupt: " + e.getMessage(), e);
        }
        return data;
    }

    /**
     * Uncompressed voxels straight from the file channel into one direct buffer and from there, in bulk,
     * into the voxel array: a stream would copy every byte twice more (through a native buffer and a
     * byte array), which made reading an uncompressed volume several times slower than nibabel.
     */
    private static void readUncompressed(Path file, NiftiHeader header, VoxelData data, int voxels, long bytes)
            throws IOException {
        int perVoxel = header.dataType().bytesPerVoxel();
        int voxelsPerChunk = CHUNK_BYTES / perVoxel;
        ByteBuffer chunk = ByteBuffer.allocateDirect(Math.min(CHUNK_BYTES, (int) Math.max(perVoxel, bytes)))
                .order(header.byteOrder());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = header.voxOffset();
            for (int start = 0; start < voxels; start += voxelsPerChunk) {
                int count = Math.min(voxelsPerChunk, voxels - start);
                chunk.clear().limit(count * perVoxel);
                while (chunk.hasRemaining()) {
                    int read = channel.read(chunk, position);
                    if (read < 0) {
                        throw truncated(file, bytes, (long) start * perVoxel + chunk.position());
                    }
                    position += read;
                }
                data.readFrom(chunk.flip(), start, count);
            }
        }
    }

    private static InvalidNiftiException truncated(Path file, long expected, long found) {
        return new InvalidNiftiException(file, "the voxel data is truncated: the header needs " + expected
                + " bytes, the file holds " + Math.max(0, found));
    }

    /** An input stream over the file, gunzipped when it starts with the gzip magic (whatever its name). */
    private static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return isGzip(file) ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && ((magic[0] & 0xff) << 8 | (magic[1] & 0xff)) == GZIP_MAGIC;
        }
    }

    /** For a pair, the file of the other kind next to {@code file}; otherwise {@code file} itself. */
    private static Path companion(Path file, String from, String to) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] { from, from + ".gz" }) {
            if (lower.endsWith(suffix)) {
                String stem = name.substring(0, name.length() - suffix.length());
                Path plain = file.resolveSibling(stem + to);
                Path gzipped = file.resolveSibling(stem + to + ".gz");
                return Files.exists(plain) || !Files.exists(gzipped) ? plain : gzipped;
            }
        }
        return file;
    }
}
