package org.perturba.anatomy.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.Grid;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.anatomy.dataset.Subject;
import org.perturba.imaging.Affine;

class BidsDatasetTest {
    @TempDir
    Path root;

    private DatasetBuilder mixedDataset() throws IOException {
        return new DatasetBuilder(root)
                .participants("participant_id\tage\tsex", "sub-001\t34.5\tF", "sub-002\t61\tM", "sub-003\t20\tn/a")
                .t1w("sub-001", ".nii.gz", 100).dseg("sub-001", ".nii.gz")
                .t1w("sub-002", ".nii", 200)
                .t1w("sub-003", ".nii.gz", 300).dseg("sub-003", ".nii");
    }

    @Test
    void readsParticipantsAndFindsTheirFiles() throws Exception {
        DatasetBuilder files = mixedDataset();
        BidsDataset dataset = BidsDataset.open(root);
        Path real = root.toRealPath();
        assertEquals(real, dataset.root());
        List<Participant> participants = dataset.participants();
        assertEquals(List.of("001", "002", "003"), participants.stream().map(Participant::id).toList());
        assertEquals(List.of("sub-001", "sub-002", "sub-003"), participants.stream().map(Participant::subject).toList());
        assertEquals(List.of(34.5, 61.0, 20.0), participants.stream().map(Participant::age).toList());
        assertEquals(List.of("F", "M", ""), participants.stream().map(Participant::sex).toList());
        assertEquals(files.image("sub-001", "T1w", ".nii.gz").toRealPath(), participants.get(0).t1w());
        assertEquals(files.image("sub-002", "T1w", ".nii").toRealPath(), participants.get(1).t1w());
        assertEquals(Optional.of(files.image("sub-001", "dseg", ".nii.gz").toRealPath()), participants.get(0).dseg());
        assertEquals(Optional.empty(), participants.get(1).dseg());
        assertEquals(Optional.of(files.image("sub-003", "dseg", ".nii").toRealPath()), participants.get(2).dseg());
        assertEquals(Map.of(), dataset.labelNames());
    }

    @Test
    void loadsTheImagesAndLabelMaps() throws Exception {
        mixedDataset();
        BidsDataset dataset = BidsDataset.open(root);
        Subject first = dataset.load(dataset.participants().get(0));
        assertEquals(dataset.participants().get(0), first.participant());
        assertArrayEquals(DatasetBuilder.SHAPE, first.t1w().shape());
        assertTrue(first.t1w().affine().equals(DatasetBuilder.AFFINE, 1e-6), first.t1w().affine().toString());
        assertEquals(100f, first.t1w().get(0, 0, 0));
        assertEquals(111f, first.t1w().get(2, 1, 1));
        assertEquals(2f, first.dseg().orElseThrow().get(2, 0, 0));
        assertEquals(0f, first.dseg().orElseThrow().get(0, 1, 0));

        Subject second = dataset.load(dataset.participants().get(1));
        assertEquals(200f, second.t1w().get(0, 0, 0));
        assertEquals(Optional.empty(), second.dseg());
    }

    @Test
    void findsTheCommonGrid() throws Exception {
        mixedDataset();
        Grid grid = BidsDataset.open(root).requireCommonGrid();
        assertArrayEquals(DatasetBuilder.SHAPE, grid.shape());
        assertTrue(grid.affine().equals(DatasetBuilder.AFFINE, 1e-6), grid.affine().toString());
    }

    @Test
    void acceptsALabelMapWhoseAffineDiffersByRounding() throws Exception {
        double[][] rows = DatasetBuilder.AFFINE.rows();
        rows[0][3] += 5e-5;
        new DatasetBuilder(root).participants("participant_id\tage", "sub-001\t40")
                .t1w("sub-001", ".nii.gz", 0).dseg("sub-001", ".nii.gz", DatasetBuilder.SHAPE, new Affine(rows));
        BidsDataset dataset = BidsDataset.open(root);
        assertTrue(dataset.load(dataset.participants().get(0)).dseg().isPresent());
    }

    @Test
    void readsLabelNamesFromDsegTsv() throws Exception {
        mixedDataset().text("dseg.tsv", "index\tname\tabbreviation", "17\tLeft-Hippocampus\tLHip", "0\tbackground\tBG",
                "2\tLeft-Cerebral-White-Matter\tLWM");
        Map<Integer, String> names = BidsDataset.open(root).labelNames();
        assertEquals(Map.of(0, "background", 2, "Left-Cerebral-White-Matter", 17, "Left-Hippocampus"), names);
        assertEquals(List.of(0, 2, 17), List.copyOf(names.keySet()));
    }

    @Test
    void needsNoSexColumn() throws Exception {
        new DatasetBuilder(root).participants("age\tparticipant_id", "7.25\tsub-001").t1w("sub-001", ".nii", 0);
        Participant only = BidsDataset.open(root).participants().get(0);
        assertEquals("", only.sex());
        assertEquals(7.25, only.age());
    }

    @Test
    void toleratesWindowsLineEndsAByteOrderMarkAndBlankLines() throws Exception {
        new DatasetBuilder(root).t1w("sub-001", ".nii", 0).t1w("sub-002", ".nii", 0);
        Files.writeString(root.resolve("participants.tsv"),
                "\uFEFFparticipant_id\tage\tsex\r\nsub-001\t30\tother \r\n\r\nsub-002\t1e1\tF\r\n\r\n");
        List<Participant> participants = BidsDataset.open(root).participants();
        assertEquals(List.of("001", "002"), participants.stream().map(Participant::id).toList());
        assertEquals("other", participants.get(0).sex());
        assertEquals(10.0, participants.get(1).age());
    }

    @Test
    void opensWithoutReadingImages() throws Exception {
        DatasetBuilder files = new DatasetBuilder(root).participants("participant_id\tage", "sub-001\t40")
                .t1w("sub-001", ".nii", 0);
        Files.write(files.image("sub-001", "T1w", ".nii"), new byte[0]);
        BidsDataset dataset = BidsDataset.open(root);
        DatasetException error = assertThrows(DatasetException.class,
                () -> dataset.load(dataset.participants().get(0)));
        assertEquals("sub-001: " + dataset.participants().get(0).t1w() + ": the file is empty", error.getMessage());
    }
}
