package org.perturba.anatomy.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiDataType;

/** Every way a dataset can be broken ends in a DatasetException whose message says exactly where. */
class BidsDatasetErrorsTest {
    private static final String HEADER = "participant_id\tage\tsex";

    @TempDir
    Path root;
    @TempDir
    Path outside;

    /** A dataset of sub-001 and sub-002 with T1w images and participants.tsv rows as given. */
    private DatasetBuilder dataset(String... rows) throws IOException {
        String[] lines = new String[rows.length + 1];
        lines[0] = HEADER;
        System.arraycopy(rows, 0, lines, 1, rows.length);
        return new DatasetBuilder(root).participants(lines).t1w("sub-001", ".nii.gz", 0).t1w("sub-002", ".nii.gz", 0);
    }

    private String openingError() {
        return assertThrows(DatasetException.class, () -> BidsDataset.open(root)).getMessage();
    }

    private String loadingError(int participant) throws DatasetException {
        BidsDataset dataset = BidsDataset.open(root);
        return assertThrows(DatasetException.class, () -> dataset.load(dataset.participants().get(participant)))
                .getMessage();
    }

    @Test
    void needsAFolder() {
        Path missing = root.resolve("nowhere");
        assertEquals(missing + ": not a dataset folder (no such directory)",
                assertThrows(DatasetException.class, () -> BidsDataset.open(missing)).getMessage());
    }

    @Test
    void needsParticipantsTsv() {
        assertEquals(root + ": no participants.tsv", openingError());
    }

    @Test
    void refusesAnEmptyParticipantsTsv() throws IOException {
        new DatasetBuilder(root).participants();
        assertEquals("participants.tsv is empty", openingError());
    }

    @Test
    void refusesAParticipantsTsvWithOnlyAHeader() throws IOException {
        dataset();
        assertEquals("participants.tsv: no participants, only a header", openingError());
    }

    @Test
    void needsTheAgeAndIdColumns() throws IOException {
        new DatasetBuilder(root).participants("participant_id\tsex", "sub-001\tF");
        assertEquals("participants.tsv: no column 'age' (columns: participant_id, sex)", openingError());
        new DatasetBuilder(root).participants("subject\tage", "sub-001\t3");
        assertEquals("participants.tsv: no column 'participant_id' (columns: subject, age)", openingError());
    }

    @Test
    void refusesARepeatedColumn() throws IOException {
        new DatasetBuilder(root).participants("participant_id\tage\tage", "sub-001\t3\t4");
        assertEquals("participants.tsv: column 'age' appears twice in the header", openingError());
    }

    @Test
    void refusesRowsWithTheWrongNumberOfFields() throws IOException {
        dataset("sub-001\t30\tF", "sub-002\t31");
        assertEquals("participants.tsv line 3: 2 fields, the header has 3", openingError());
    }

    @Test
    void refusesAgesThatAreNotNumbers() throws IOException {
        dataset("sub-001\t30\tF", "sub-002\tabc\tM");
        assertEquals("participants.tsv line 3: age 'abc' is not a number", openingError());
        dataset("sub-001\t30f\tF");
        assertEquals("participants.tsv line 2: age '30f' is not a number", openingError());
        dataset("sub-001\t\tF");
        assertEquals("participants.tsv line 2: age '' is not a number", openingError());
        dataset("sub-001\tn/a\tF");
        assertEquals("participants.tsv line 2: age 'n/a' is not a number", openingError());
    }

    @Test
    void refusesAVeryLongAgeAtOnce() throws IOException {
        // took over 8 minutes before the age pattern stopped backtracking
        String digits = "1".repeat(50_000);
        dataset("sub-001\t" + digits + "x\tF");
        String message = assertTimeoutPreemptively(Duration.ofSeconds(10), this::openingError);
        assertEquals("participants.tsv line 2: age '" + digits + "x' is not a number", message);
    }

    @Test
    void refusesNonFiniteAges() throws IOException {
        for (String age : new String[] { "NaN", "inf", "-Infinity", "1e400" }) {
            dataset("sub-001\t" + age + "\tF");
            assertEquals("participants.tsv line 2: age '" + age + "' is not finite", openingError());
        }
    }

    @Test
    void refusesNegativeAges() throws IOException {
        dataset("sub-001\t-3\tF");
        assertEquals("participants.tsv line 2: age '-3' is negative", openingError());
    }

    @Test
    void refusesAgesNoHumanReaches() throws IOException {
        // 1e300 trained to "MAE Infinity" and a model whose metadata was not JSON; 1000 passed silently
        for (String age : new String[] { "130.01", "1000", "1e300" }) {
            dataset("sub-001\t30\tF", "sub-002\t" + age + "\tM");
            assertEquals("participants.tsv line 3: age '" + age + "' is over 130 years (ages are in years; no human is older)",
                    openingError());
        }
    }

    @Test
    void acceptsTheWholePlausibleAgeRange() throws Exception {
        dataset("sub-001\t0\tF", "sub-002\t130\tM");
        assertEquals(130.0, BidsDataset.open(root).participants().get(1).age());
    }

    @Test
    void refusesDuplicateParticipants() throws IOException {
        dataset("sub-001\t30\tF", "sub-002\t31\tF", "sub-002\t32\tM");
        assertEquals("participants.tsv line 4: duplicate participant 'sub-002' (first on line 3)", openingError());
    }

    @Test
    void refusesIdsThatAreNotBidsSubjectIds() throws IOException {
        // ids without the prefix, with separators, paths, non-ASCII letters or nothing after sub-
        for (String id : new String[] { "sub-01_a", "sub-01-a", "002", "SUB-002", "sub-a b", "sub-\u00e9", "sub-", "", "../x",
                "sub-../x", "sub-a/b", "a\\b", "..", "sub-.." }) {
            dataset("sub-001\t30\tF", id + "\t31\tF");
            assertEquals("participants.tsv line 3: participant_id '" + id
                    + "' is not a BIDS id (sub- followed by letters and digits)", openingError());
        }
    }

    @Test
    void refusesIdsWithControlCharactersWithoutEchoingThem() throws IOException {
        dataset("sub-001\t30\tF", "sub-0\u00072\t31\tF");
        assertEquals("participants.tsv line 3: participant_id 'sub-0?2' is not a BIDS id (sub- followed by letters and digits)",
                openingError());
    }

    @Test
    void refusesAnEmptyT1wNamingTheSubjectAndFile() throws Exception {
        for (float fill : new float[] { 0, Float.NaN }) {
            Volume empty = DatasetBuilder.ramp(DatasetBuilder.SHAPE, DatasetBuilder.AFFINE, 0);
            Arrays.fill(empty.voxels(), fill);
            dataset("sub-001\t30\tF", "sub-002\t31\tF").image("sub-002", "T1w", ".nii.gz", empty, NiftiDataType.FLOAT32);
            assertEquals("sub-002: sub-002/anat/sub-002_T1w.nii.gz holds no non-zero finite voxel (all zero or not a number): "
                    + "an empty image", loadingError(1));
        }
    }

    @Test
    void needsAT1wImageForEveryParticipant() throws IOException {
        dataset("sub-001\t30\tF", "sub-003\t31\tF").dseg("sub-003", ".nii.gz");
        assertEquals("sub-003: no T1w image (looked for sub-003/anat/sub-003_T1w.nii.gz or .nii)", openingError());
    }

    @Test
    void refusesAmbiguousImages() throws IOException {
        dataset("sub-001\t30\tF").t1w("sub-001", ".nii", 0);
        assertEquals("sub-001: both sub-001/anat/sub-001_T1w.nii.gz and .nii exist; keep one", openingError());
    }

    @Test
    void refusesImagesLinkedFromOutsideTheRoot() throws IOException {
        DatasetBuilder files = dataset("sub-001\t30\tF");
        Path target = moveOutsideAndLink(files.image("sub-001", "T1w", ".nii.gz"), "stolen.nii.gz");
        assertEquals("sub-001: sub-001/anat/sub-001_T1w.nii.gz leaves the dataset root (it leads to "
                + target.toRealPath() + ")", openingError());
    }

    @Test
    void refusesSubjectFoldersLinkedFromOutsideTheRoot() throws IOException {
        new DatasetBuilder(outside).t1w("sub-002", ".nii", 0);
        new DatasetBuilder(root).participants(HEADER, "sub-002\t30\tF");
        Files.createSymbolicLink(root.resolve("sub-002"), outside.resolve("sub-002"));
        assertEquals("sub-002: sub-002/anat/sub-002_T1w.nii leaves the dataset root (it leads to "
                + outside.resolve("sub-002/anat/sub-002_T1w.nii").toRealPath() + ")", openingError());
    }

    @Test
    void refusesLabelMapsLinkedFromOutsideTheRoot() throws IOException {
        DatasetBuilder files = dataset("sub-001\t30\tF").dseg("sub-001", ".nii.gz");
        Path target = moveOutsideAndLink(files.image("sub-001", "dseg", ".nii.gz"), "stolen_dseg.nii.gz");
        assertEquals("sub-001: sub-001/anat/sub-001_dseg.nii.gz leaves the dataset root (it leads to "
                + target.toRealPath() + ")", openingError());
    }

    @Test
    void refusesAnatFoldersLinkedFromOutsideTheRoot() throws IOException {
        new DatasetBuilder(outside).t1w("sub-002", ".nii", 0);
        dataset("sub-001\t30\tF", "sub-002\t31\tF");
        Path anat = root.resolve("sub-002/anat");
        try (var files = Files.list(anat)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(anat);
        Files.createSymbolicLink(anat, outside.resolve("sub-002/anat"));
        assertEquals("sub-002: sub-002/anat/sub-002_T1w.nii leaves the dataset root (it leads to "
                + outside.resolve("sub-002/anat/sub-002_T1w.nii").toRealPath() + ")", openingError());
    }

    @Test
    void refusesTablesLinkedFromOutsideTheRoot() throws IOException {
        dataset("sub-001\t30\tF");
        Path participants = root.resolve("participants.tsv");
        Path stolen = moveOutsideAndLink(participants, "participants.tsv");
        assertEquals("participants.tsv leaves the dataset root (it leads to " + stolen.toRealPath() + ")", openingError());

        Files.delete(participants);
        Files.move(stolen, participants);
        Path labels = Files.writeString(outside.resolve("dseg.tsv"), "index\tname\n1\tgrey\n");
        Files.createSymbolicLink(root.resolve("dseg.tsv"), labels);
        assertEquals("dseg.tsv leaves the dataset root (it leads to " + labels.toRealPath() + ")", openingError());
    }

    @Test
    void aDatasetReachedThroughALinkedRootIsFine() throws Exception {
        dataset("sub-001\t30\tF", "sub-002\t31\tF");
        Path link = Files.createSymbolicLink(outside.resolve("linked-root"), root);
        assertEquals(2, BidsDataset.open(link).participants().size());
    }

    @Test
    void refusesALabelMapOfAnotherShape() throws Exception {
        dataset("sub-001\t30\tF").dseg("sub-001", ".nii.gz", new int[] { 3, 2, 3 }, DatasetBuilder.AFFINE);
        assertEquals("sub-001: the dseg grid differs from the T1w grid: shape 3x2x3, not 3x2x2", loadingError(0));
    }

    @Test
    void refusesALabelMapPlacedElsewhere() throws Exception {
        double[][] rows = DatasetBuilder.AFFINE.rows();
        rows[1][3] += 1e-3;
        dataset("sub-001\t30\tF").dseg("sub-001", ".nii.gz", DatasetBuilder.SHAPE, new Affine(rows));
        assertEquals("sub-001: the dseg grid differs from the T1w grid: affine element [1][3] is " + (double) (float) rows[1][3]
                + ", not -5.0 (tolerance 1.0E-4)", loadingError(0));
    }

    @Test
    void requiresOneGridForAllSubjects() throws Exception {
        dataset("sub-001\t30\tF", "sub-002\t31\tF").image("sub-002", "T1w", ".nii.gz",
                DatasetBuilder.ramp(new int[] { 3, 3, 2 }, DatasetBuilder.AFFINE, 0),
                NiftiDataType.FLOAT32);
        BidsDataset dataset = BidsDataset.open(root);
        assertEquals("sub-002: the T1w grid differs from sub-001's, and a model needs one grid: shape 3x3x2, not 3x2x2",
                assertThrows(DatasetException.class, dataset::requireCommonGrid).getMessage());
    }

    @Test
    void refusesMalformedLabelTables() throws IOException {
        DatasetBuilder files = dataset("sub-001\t30\tF");
        files.text("dseg.tsv", "index\tname", "0\tbackground", "x\tcortex");
        assertEquals("dseg.tsv line 3: index 'x' is not an integer", openingError());
        files.text("dseg.tsv", "index\tname", "0\tbackground", "0\tcortex");
        assertEquals("dseg.tsv line 3: duplicate index 0 (already named 'background')", openingError());
        files.text("dseg.tsv", "index\tname", "4\t");
        assertEquals("dseg.tsv line 2: label 4 has no name", openingError());
        files.text("dseg.tsv", "index\tlabel", "4\tcortex");
        assertEquals("dseg.tsv: no column 'name' (columns: index, label)", openingError());
    }

    @Test
    void loadsOnlyItsOwnParticipants() throws Exception {
        dataset("sub-001\t30\tF");
        BidsDataset dataset = BidsDataset.open(root);
        Participant stranger = new Participant("001", 30, "F", outside.resolve("x.nii"), Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> dataset.load(stranger));
    }

    /** Moves {@code file} out of the dataset as {@code name} and leaves a symbolic link to it in its place. */
    private Path moveOutsideAndLink(Path file, String name) throws IOException {
        Path target = Files.move(file, outside.resolve(name));
        Files.createSymbolicLink(file, target);
        return target;
    }
}
