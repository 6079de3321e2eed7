package org.perturba.imaging.nifti;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;
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
    /** Voxels reach their array in chunks of this size: small enough to stay in cache while converted. */
    private static final int CHUNK_BYTES = 1 << 18;
    /** Uncompressed voxels are mapped this much at a time: a mapping holds under 2 GiB; a multiple of every chunk. */
    private static final long MAP_WINDOW_BYTES = 1 << 30;
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
        try (OpenImage image = open(file)) {
            VoxelData data = new VoxelData(image.header.dataType(), image.voxels);
            image.readVoxels(data::readFrom);
            return new NiftiImage(image.header, data);
        }
    }

    /**
     * The image as a 3D float volume of scaled values, as {@code read(file).toVolume()} gives it, but
     * read straight into the volume's array: float32 voxels that need no scaling as they are, others
     * converted chunk by chunk, so that the image never exists in its stored type as well.
     */
    public Volume readVolume(Path file) throws IOException {
        try (OpenImage image = open(file)) {
            NiftiHeader header = image.header;
            int[] grid = NiftiImage.volumeGrid(header.shape());
            float[] voxels = new float[image.voxels];
            image.readVoxels(header.dataType() == NiftiDataType.FLOAT32 && !header.isScaled()
                    ? VoxelData.wrapping(voxels)::readFrom
                    : new ScaledFloats(header, voxels)::readFrom);
            return new Volume(grid, header.affine(), voxels);
        }
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

    /**
     * The data file open (once: its gzip magic, header and voxels all come from one channel) and
     * every check passed that can be made before the voxels are read.
     */
    private OpenImage open(Path file) throws IOException {
        Path headerFile = companion(file, ".img", ".hdr");
        Path dataFile = companion(file, ".hdr", ".img");
        boolean pair = !headerFile.equals(dataFile);
        requireFileSize(headerFile);
        if (pair) {
            requireFileSize(dataFile);
        }
        NiftiHeader pairHeader = pair ? decodeHeader(headerFile) : null;
        FileChannel channel = openChannel(dataFile);
        try {
            boolean gzip = isGzip(channel);
            InputStream stream = stream(channel, gzip, dataFile);
            NiftiHeader header = pair ? pairHeader : decodeHeader(stream, dataFile);
            if (header.singleFile() == pair) {
                throw new InvalidNiftiException(headerFile, header.singleFile()
                        ? "magic says single file (n+" + header.version() + ") but the name says .hdr/.img pair"
                        : "magic says .hdr/.img pair (ni" + header.version() + "): open the .hdr or .img file, not "
                                + file.getFileName());
            }
            check(header, headerFile, dataFile, gzip, channel.size());
            long headerBytes = pair ? 0 : header.version() == 1 ? NiftiHeaderCodec.NIFTI1_SIZE : NiftiHeaderCodec.NIFTI2_SIZE;
            return new OpenImage(dataFile, header, channel, gzip ? stream : null, headerBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The voxel count and the bytes the header claims, against the limits and the data file's size. */
    private void check(NiftiHeader header, Path headerFile, Path dataFile, boolean gzip, long size)
            throws InvalidNiftiException {
        long voxels = header.voxelCount();
        if (voxels > limits.get(Limit.MAX_VOXELS) || voxels > MAX_ARRAY_VOXELS) {
            throw new InvalidNiftiException(headerFile, "dim " + Arrays.toString(header.shape()) + " claims "
                    + (voxels > limits.get(Limit.MAX_VOXELS) ? limits.exceeded(Limit.MAX_VOXELS, voxels + " voxels")
                            : voxels + " voxels, more than a Java array holds (" + MAX_ARRAY_VOXELS + ")"));
        }
        long bytes = voxels * header.dataType().bytesPerVoxel();
        // a gzipped file is inflated up to its last voxel: the offset counts too
        long inflated = gzip ? header.voxOffset() + bytes : bytes;
        if (inflated > limits.get(Limit.MAX_DECOMPRESSED_BYTES)) {
            throw new InvalidNiftiException(dataFile, "dim " + Arrays.toString(header.shape()) + " of "
                    + header.dataType().name().toLowerCase(Locale.ROOT) + " at vox_offset " + header.voxOffset() + " needs "
                    + limits.exceeded(Limit.MAX_DECOMPRESSED_BYTES, inflated + " bytes decompressed"));
        }
        if (gzip) {
            // Found by fuzzing: the voxels are allocated before the stream is inflated, so a .nii.gz of a
            // few hundred bytes claiming a gigabyte of voxels made the reader allocate that gigabyte (an
            // OutOfMemoryError, or a long stall) before finding the data truncated. A claim beyond what
            // the compressed file can inflate to is refused first, so an allocation stays in proportion
            // to the file.
            if (bytes > MAX_INFLATION * size) {
                throw new InvalidNiftiException(dataFile, "the voxel data is truncated: the header needs " + bytes
                        + " bytes, more than the " + size + "-byte gzip file can hold");
            }
        } else {
            if (header.voxOffset() > size) {
                throw new InvalidNiftiException(dataFile, "vox_offset is " + header.voxOffset()
                        + ", past the end of the " + size + "-byte file");
            }
            if (header.voxOffset() + bytes > size) {
                throw truncated(dataFile, bytes, size - header.voxOffset());
            }
        }
    }

    private void requireFileSize(Path file) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > limits.get(Limit.MAX_FILE_BYTES)) {
            throw new InvalidNiftiException(file, "refused: " + limits.exceeded(Limit.MAX_FILE_BYTES,
                    Files.size(file) + " bytes on disk"));
        }
    }

    private static NiftiHeader decodeHeader(Path file) throws IOException {
        try (FileChannel channel = openChannel(file)) {
            return decodeHeader(stream(channel, isGzip(channel), file), file);
        }
    }

    /** Decodes the header at the start of {@code in}, leaving the stream just past it. */
    private static NiftiHeader decodeHeader(InputStream in, Path file) throws IOException {
        try {
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
            throw corrupt(file, e);
        }
    }

    private static FileChannel openChannel(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /** Whether the file starts with the gzip magic (whatever its name). */
    private static boolean isGzip(FileChannel channel) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(2);
        while (magic.hasRemaining() && channel.read(magic, magic.position()) > 0) {
            // a file read returns what the file has; the loop only guards against a short read
        }
        return !magic.hasRemaining() && (magic.getShort(0) & 0xffff) == GZIP_MAGIC;
    }

    /** A stream over the channel from its start, gunzipped if {@code gzip}; closing it closes the channel. */
    private static InputStream stream(FileChannel channel, boolean gzip, Path file) throws IOException {
        InputStream in = Channels.newInputStream(channel);
        if (!gzip) {
            return in;
        }
        try {
            return new GZIPInputStream(new BufferedInputStream(in, 1 << 16), 1 << 16);
        } catch (ZipException | EOFException e) {
            throw corrupt(file, e);
        }
    }

    private static InvalidNiftiException corrupt(Path file, IOException e) {
        return new InvalidNiftiException(file, "the gzip stream is corrupt: " + e.getMessage(), e);
    }

    private static InvalidNiftiException truncated(Path file, long expected, long found) {
        return new InvalidNiftiException(file, "the voxel data is truncated: the header needs " + expected
                + " bytes, the file holds " + Math.max(0, found));
    }

    /**
     * Where voxels {@code [start, start + count)} go, from a buffer in the file's byte order; called
     * from several threads at once for disjoint ranges.
     */
    @FunctionalInterface
    private interface VoxelSink {
        void readFrom(ByteBuffer buffer, int start, int count);
    }

    /** A checked image whose data file is open: its voxels, read once into a sink, then closed. */
    private static final class OpenImage implements Closeable {
        final Path file;
        final NiftiHeader header;
        final FileChannel channel;
        /** The gunzipped data, {@code streamPosition} bytes in; null for an uncompressed file. */
        final InputStream gzip;
        final long streamPosition;
        final int voxels;

        OpenImage(Path file, NiftiHeader header, FileChannel channel, InputStream gzip, long streamPosition) {
            this.file = file;
            this.header = header;
            this.channel = channel;
            this.gzip = gzip;
            this.streamPosition = streamPosition;
            this.voxels = (int) header.voxelCount(); // checked against MAX_ARRAY_VOXELS
        }

        long bytes() {
            return header.voxelCount() * header.dataType().bytesPerVoxel();
        }

        void readVoxels(VoxelSink sink) throws IOException {
            if (gzip != null) {
                readCompressed(sink);
            } else {
                readMapped(sink);
            }
        }

        private void readCompressed(VoxelSink sink) throws IOException {
            int perVoxel = header.dataType().bytesPerVoxel();
            int voxelsPerChunk = CHUNK_BYTES / perVoxel;
            byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, Math.max(perVoxel, bytes()))];
            try {
                gzip.skipNBytes(header.voxOffset() - streamPosition);
                for (int start = 0; start < voxels; start += voxelsPerChunk) {
                    int count = Math.min(voxelsPerChunk, voxels - start);
                    int read = gzip.readNBytes(chunk, 0, count * perVoxel);
                    if (read < count * perVoxel) {
                        throw truncated(file, bytes(), (long) start * perVoxel + read);
                    }
                    sink.readFrom(ByteBuffer.wrap(chunk, 0, read).order(header.byteOrder()), start, count);
                }
            } catch (EOFException e) {
                throw new InvalidNiftiException(file, "the data is truncated or vox_offset " + header.voxOffset()
                        + " lies past its end", e);
            } catch (ZipException e) {
                throw corrupt(file, e);
            }
        }

        /**
         * Uncompressed voxels through a memory mapping: copied once, from the page cache into the array,
         * where reading copies them into a buffer first (with the opens saved, a 1 mm float volume reads
         * in 6.9 ms instead of 9.3, nibabel 4.5-5.1). A mapping is released only when the buffer is
         * collected; until then it holds address space and keeps the file open, not memory (its pages
         * are the page cache's, shared and clean), which is harmless on Linux, where Perturba runs, and
         * the JDK collects and retries when mapping fails. The size was checked, so only a file
         * truncated meanwhile faults, and that becomes the same error as a truncated file. The chunks
         * of a window go to the sink in parallel: copying (and converting) is most of the read, and the
         * chunks are independent.
         */
        private void readMapped(VoxelSink sink) throws IOException {
            int perVoxel = header.dataType().bytesPerVoxel();
            int voxelsPerChunk = CHUNK_BYTES / perVoxel;
            int voxelsPerWindow = (int) (MAP_WINDOW_BYTES / perVoxel);
            try {
                for (int first = 0; first < voxels; first += voxelsPerWindow) {
                    int windowStart = first;
                    int windowVoxels = Math.min(voxelsPerWindow, voxels - first);
                    ByteBuffer window = channel.map(MapMode.READ_ONLY, header.voxOffset() + (long) windowStart * perVoxel,
                            (long) windowVoxels * perVoxel);
                    int chunks = (windowVoxels + voxelsPerChunk - 1) / voxelsPerChunk;
                    IntStream.range(0, chunks).parallel().forEach(chunk -> {
                        int offset = chunk * voxelsPerChunk;
                        int count = Math.min(voxelsPerChunk, windowVoxels - offset);
                        sink.readFrom(window.slice(offset * perVoxel, count * perVoxel).order(header.byteOrder()),
                                windowStart + offset, count);
                    });
                }
            } catch (InternalError e) {
                throw truncated(file, bytes(), channel.size() - header.voxOffset());
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
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
