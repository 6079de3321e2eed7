package org.perturba.ui.viewer.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Files that belong with an image by BIDS naming: its segmentation
 * ({@code sub-01_T1w.nii.gz} → {@code sub-01_dseg.nii.gz} beside it) and the label names
 * ({@code dseg.tsv} beside it or in a folder above, the dataset root).
 */
public final class CompanionFiles {
    private static final List<String> EXTENSIONS = List.of(".nii.gz", ".nii");
    private static final int LEVELS_UP = 4;

    private CompanionFiles() {
    }

    /** The segmentation beside a BIDS image, if any; none for a segmentation itself. */
    public static Optional<Path> segmentationFor(Path image) {
        String name = image.getFileName().toString();
        String stem = stem(name);
        if (stem.endsWith("_dseg")) {
            return Optional.empty();
        }
        int suffix = stem.lastIndexOf('_');
        String entities = suffix > 0 ? stem.substring(0, suffix) : stem;
        for (String extension : EXTENSIONS) {
            Path candidate = image.resolveSibling(entities + "_dseg" + extension);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The {@code dseg.tsv} naming a label map's regions: beside it or up to four folders above. */
    public static Optional<Path> labelTableFor(Path labels) {
        Path folder = labels.toAbsolutePath().getParent();
        for (int level = 0; folder != null && level <= LEVELS_UP; level++, folder = folder.getParent()) {
            Path table = folder.resolve("dseg.tsv");
            if (Files.isRegularFile(table)) {
                return Optional.of(table);
            }
        }
        return Optional.empty();
    }

    /** Whether a file name is a NIfTI image the viewer opens. */
    public static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".nii") || name.endsWith(".nii.gz");
    }

    static String stem(String name) {
        for (String extension : EXTENSIONS) {
            if (name.toLowerCase(java.util.Locale.ROOT).endsWith(extension)) {
                return name.substring(0, name.length() - extension.length());
            }
        }
        return name;
    }
}
