package org.perturba.anatomy.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a subject's images, {@code sub-<id>/anat/sub-<id>_<suffix>.nii.gz} or {@code .nii}, and
 * refuses any that lead outside the dataset root through a symbolic link, so that a dataset cannot
 * make Perturba read files it does not contain. Ids must already be checked to hold no path
 * separators or {@code ..} (see {@link ParticipantsTable}).
 */
final class SubjectFiles {
    /** The prefix of subject folder and file names. */
    static final String PREFIX = "sub-";
    private static final String[] EXTENSIONS = { ".nii.gz", ".nii" };

    private final Path root;

    /** @param root the dataset root as a real path (absolute, links resolved) */
    SubjectFiles(Path root) {
        this.root = root;
    }

    /** The subject's T1-weighted image, which every subject needs. */
    Path t1w(String id) throws DatasetException {
        return find(id, "T1w").orElseThrow(() -> new DatasetException(
                PREFIX + id + ": no T1w image (looked for " + relative(id, "T1w", EXTENSIONS[0]) + " or .nii)"));
    }

    /** The subject's label map, when it has one. */
    Optional<Path> dseg(String id) throws DatasetException {
        return find(id, "dseg");
    }

    private Optional<Path> find(String id, String suffix) throws DatasetException {
        List<Path> found = new ArrayList<>();
        for (String extension : EXTENSIONS) {
            String relative = relative(id, suffix, extension);
            Path file = root.resolve(relative);
            if (Files.isRegularFile(file)) {
                found.add(insideRoot(id, relative, file));
            }
        }
        if (found.size() > 1) {
            throw new DatasetException(PREFIX + id + ": both " + relative(id, suffix, EXTENSIONS[0]) + " and "
                    + EXTENSIONS[1] + " exist; keep one");
        }
        return found.stream().findFirst();
    }

    private Path insideRoot(String id, String relative, Path file) throws DatasetException {
        return insideRoot(root, relative, file, PREFIX + id + ": ");
    }

    /**
     * The real path of a file of the dataset, refused when a symbolic link (of the file or of a folder
     * on its way) leads out of the root.
     *
     * @param root the dataset root as a real path
     * @param relative the file's path from the root, for messages
     * @param context what a message starts with, e.g. "sub-001: " (or nothing)
     */
    static Path insideRoot(Path root, String relative, Path file, String context) throws DatasetException {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new DatasetException(context + "cannot resolve " + relative + " (" + e.getMessage() + ")", e);
        }
        if (!real.startsWith(root)) {
            throw new DatasetException(context + relative + " leaves the dataset root (it leads to " + real + ")");
        }
        return real;
    }

    private static String relative(String id, String suffix, String extension) {
        String subject = PREFIX + id;
        return subject + "/anat/" + subject + "_" + suffix + extension;
    }
}
