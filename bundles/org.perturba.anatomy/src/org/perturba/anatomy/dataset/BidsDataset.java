package org.perturba.anatomy.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.InvalidNiftiException;
import org.perturba.imaging.nifti.NiftiReader;

/**
 * A BIDS-like dataset folder: participants.tsv (participant_id, age, optional sex), an optional
 * dseg.tsv naming label indices, and per subject {@code sub-<id>/anat/sub-<id>_T1w.nii[.gz]} with an
 * optional {@code _dseg} label map. Opening parses the tables and finds every file, so that a
 * broken dataset fails at once and by name; images are read only when a subject is loaded, so
 * that a cohort need not fit in memory. Immutable and thread-safe.
 */
public final class BidsDataset {
    private final Path root;
    private final List<Participant> participants;
    private final Map<Integer, String> labelNames;
    private final NiftiReader reader = new NiftiReader();

    private BidsDataset(Path root, List<Participant> participants, Map<Integer, String> labelNames) {
        this.root = root;
        this.participants = participants;
        this.labelNames = labelNames;
    }

    /**
     * Reads the dataset's tables and finds each participant's images, without reading them.
     *
     * @throws DatasetException when a table is missing or malformed, an id is repeated or could
     *         leave the root, or a participant has no T1w image
     */
    public static BidsDataset open(Path root) throws DatasetException {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root + ": not a dataset folder (no such directory)");
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new DatasetException(root + ": cannot resolve the dataset folder (" + e.getMessage() + ")", e);
        }
        Path participantsFile = realRoot.resolve(ParticipantsTable.FILE);
        if (!Files.isRegularFile(participantsFile)) {
            throw new DatasetException(root + ": no " + ParticipantsTable.FILE);
        }
        List<Participant> participants = ParticipantsTable.read(
                SubjectFiles.insideRoot(realRoot, ParticipantsTable.FILE, participantsFile, ""), new SubjectFiles(realRoot));
        Path labelFile = realRoot.resolve(LabelTable.FILE);
        Map<Integer, String> labelNames = Files.isRegularFile(labelFile)
                ? LabelTable.read(SubjectFiles.insideRoot(realRoot, LabelTable.FILE, labelFile, ""))
                : Map.of();
        return new BidsDataset(realRoot, participants, labelNames);
    }

    /** The dataset folder as a real path (absolute, symbolic links resolved). */
    public Path root() {
        return root;
    }

    /** The participants in the order of participants.tsv. */
    public List<Participant> participants() {
        return participants;
    }

    /** Label names by index from dseg.tsv, ascending; empty when the dataset has no dseg.tsv. */
    public Map<Integer, String> labelNames() {
        return labelNames;
    }

    /**
     * Reads a participant's T1w image and label map.
     *
     * @param participant one of {@link #participants()}
     * @throws DatasetException when an image cannot be read, the T1w holds no non-zero finite voxel or
     *         the label map lies on another grid
     */
    public Subject load(Participant participant) throws DatasetException {
        if (!participants.contains(participant)) {
            throw new IllegalArgumentException(participant.subject() + " is not a participant of " + root);
        }
        Volume t1w = read(participant, participant.t1w());
        requireSignal(participant, t1w);
        Optional<Volume> dseg = Optional.empty();
        if (participant.dseg().isPresent()) {
            Volume labels = read(participant, participant.dseg().get());
            Optional<String> difference = Grid.of(labels).differenceFrom(Grid.of(t1w));
            if (difference.isPresent()) {
                throw new DatasetException(participant.subject() + ": the dseg grid differs from the T1w grid: "
                        + difference.get());
            }
            dseg = Optional.of(labels);
        }
        return new Subject(participant, t1w, dseg);
    }

    /**
     * A T1w without one non-zero finite voxel (all zero or all NaN: a failed conversion or export)
     * holds no anatomy; refused here, by subject and file, before normalisation finds nothing to scale.
     */
    private void requireSignal(Participant participant, Volume t1w) throws DatasetException {
        for (float value : t1w.voxels()) {
            if (value != 0 && Float.isFinite(value)) {
                return;
            }
        }
        throw new DatasetException(participant.subject() + ": " + root.relativize(participant.t1w())
                + " holds no non-zero finite voxel (all zero or not a number): an empty image");
    }

    /**
     * Checks that every participant's T1w image lies on one grid, as a model needs. Only the image
     * headers are read, so it is cheap even for a large cohort; the segmentations are checked
     * against their images when a subject is loaded.
     *
     * @return the grid all participants share
     * @throws DatasetException naming the first participant whose image cannot be read or lies on
     *         another grid than the first participant's
     */
    public Grid requireCommonGrid() throws DatasetException {
        Participant first = participants.get(0);
        Grid grid = headerGrid(first);
        for (Participant participant : participants.subList(1, participants.size())) {
            Optional<String> difference = headerGrid(participant).differenceFrom(grid);
            if (difference.isPresent()) {
                throw new DatasetException(participant.subject() + ": the T1w grid differs from " + first.subject()
                        + "'s, and a model needs one grid: " + difference.get());
            }
        }
        return grid;
    }

    private Grid headerGrid(Participant participant) throws DatasetException {
        return Grid.of(readFile(participant, participant.t1w(), reader::readHeader));
    }

    private Volume read(Participant participant, Path file) throws DatasetException {
        return readFile(participant, file, path -> reader.readVolume(path));
    }

    /** Reading one file of a participant, with every failure as one line naming the participant and the file. */
    private <T> T readFile(Participant participant, Path file, FileReading<T> reading) throws DatasetException {
        String where = participant.subject() + ": " + root.relativize(file);
        try {
            return reading.read(file);
        } catch (InvalidNiftiException e) {
            throw new DatasetException(participant.subject() + ": " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new DatasetException(where + " has disappeared since the dataset was opened", e);
        } catch (IOException e) {
            throw new DatasetException(where + ": cannot read it (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(where + ": " + e.getMessage().replace("\n", " "), e);
        }
    }

    private interface FileReading<T> {
        T read(Path file) throws IOException;
    }
}
