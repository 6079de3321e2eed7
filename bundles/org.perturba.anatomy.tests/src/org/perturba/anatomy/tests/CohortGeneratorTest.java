package org.perturba.anatomy.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.anatomy.ContextExtractionException;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.LabelMap;
import org.perturba.anatomy.cohort.AgeingModel;
import org.perturba.anatomy.cohort.CohortGenerator;
import org.perturba.anatomy.cohort.CohortGrid;
import org.perturba.anatomy.cohort.CohortSpec;
import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.DatasetSplit;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.anatomy.dataset.Subject;
import org.perturba.anatomy.labels.LabelFractionExtractor;
import org.perturba.anatomy.labels.LabelVolumeExtractor;
import org.perturba.anatomy.template.Template;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.imaging.io.AtomicFiles;
import org.perturba.imaging.tests.Nibabel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

class CohortGeneratorTest {
    private static CohortGenerator generator;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTemplate() throws IOException {
        generator = new CohortGenerator(Template.colin27(), new AgeingModel());
    }

    @Test
    void theSameSpecGivesTheSameFiles() throws IOException {
        CohortSpec spec = new CohortSpec(10, 11, CohortGrid.cube(32), 20, 90);
        generator.generate(spec, dir.resolve("a"), (done, total) -> { });
        generator.generate(spec, dir.resolve("b"), (done, total) -> { });
        List<Path> files = files(dir.resolve("a"));
        assertEquals(3 + 10 * 2, files.size(), files.toString());
        for (Path file : files) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(file)),
                    Files.readAllBytes(dir.resolve("b").resolve(file)), file.toString());
        }
        generator.generate(new CohortSpec(10, 12, CohortGrid.cube(32), 20, 90), dir.resolve("c"), (done, total) -> { });
        Path image = Path.of("sub-001/anat/sub-001_T1w.nii.gz");
        assertTrue(!Arrays.equals(Files.readAllBytes(dir.resolve("a").resolve(image)),
                Files.readAllBytes(dir.resolve("c").resolve(image))), "another seed, another subject");
    }

    @Test
    void writesABidsDatasetThatReadsBackWithProgress() throws IOException, DatasetException {
        AtomicInteger reported = new AtomicInteger();
        generator.generate(new CohortSpec(10, 3, CohortGrid.cube(48), 30, 40), dir, (done, total) -> reported.accumulateAndGet(done, Math::max));
        assertEquals(10, reported.get());
        BidsDataset dataset = BidsDataset.open(dir);
        assertEquals(10, dataset.participants().size());
        assertEquals("Hippocampus_L", dataset.labelNames().get(37));
        for (Participant participant : dataset.participants()) {
            assertTrue(participant.age() >= 30 && participant.age() <= 40, "age " + participant.age());
            assertTrue(participant.sex().equals("F") || participant.sex().equals("M"), participant.sex());
        }
        assertArrayEquals(new int[] { 48, 48, 48 }, dataset.requireCommonGrid().shape());
        assertTrue(Files.readString(dir.resolve("dataset_description.json")).contains("\"BIDSVersion\""));
    }

    /**
     * A grid with a voxel size is that shape of voxels that size, centred on the brain: non-cubic,
     * each axis its own length, and (with the field of view the generator asks for) the whole head
     * inside, nothing of the brain on the grid's faces.
     */
    @Test
    void writesNonCubicGridsOfAGivenVoxelSizeAroundTheWholeHead() throws IOException, DatasetException {
        double[] fieldOfView = CohortGenerator.fieldOfViewMm(Template.colin27());
        double voxelMm = 12;
        int[] shape = new int[3];
        for (int axis = 0; axis < 3; axis++) {
            shape[axis] = (int) Math.ceil(fieldOfView[axis] / voxelMm) + 2; // a voxel's leeway each side: the centre is the centroid
        }
        generator.generate(new CohortSpec(10, 4, CohortGrid.of(shape, voxelMm), 20, 90), dir, (done, total) -> { });
        BidsDataset dataset = BidsDataset.open(dir);
        Volume labels = dataset.load(dataset.participants().get(0)).dseg().orElseThrow();
        assertArrayEquals(shape, labels.shape());
        assertTrue(shape[1] > shape[0] && shape[1] > shape[2], "the head is longer than wide: " + Arrays.toString(shape));
        assertArrayEquals(new double[] { voxelMm, voxelMm, voxelMm }, labels.affine().voxelSizes(), 1e-9);
        float[] voxels = labels.voxels();
        int brain = 0;
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int i = 0; i < shape[0]; i++) {
                    if (voxels[i + shape[0] * (j + shape[1] * k)] != 0) {
                        brain++;
                        boolean face = i == 0 || j == 0 || k == 0 || i == shape[0] - 1 || j == shape[1] - 1 || k == shape[2] - 1;
                        assertTrue(!face, "brain on the grid's face at " + i + ", " + j + ", " + k);
                    }
                }
            }
        }
        assertTrue(brain > voxels.length / 10, brain + " brain voxels of " + voxels.length);
    }

    @Test
    void refusesToWriteIntoADirectoryThatHoldsAnything() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        IOException error = assertThrows(IOException.class,
                () -> generator.generate(new CohortSpec(10, 1, CohortGrid.cube(32), 20, 90), dir, (done, total) -> { }));
        assertTrue(error.getMessage().contains("not empty"), error.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void aCancelledOrFailedGenerationLeavesNothingBehind() throws IOException {
        Path cohort = dir.resolve("cohort");
        CancellationException cancel = new CancellationException("cancelled");
        assertSame(cancel, assertThrows(CancellationException.class,
                () -> generator.generate(new CohortSpec(10, 1, CohortGrid.cube(32), 20, 90), cohort, (done, total) -> {
                    if (done == 3) {
                        throw cancel;
                    }
                })));
        assertEquals(List.of(), names(dir), "no cohort folder, no temporary folder");
        Files.createDirectory(cohort); // an empty folder stays as it was
        assertThrows(IllegalStateException.class, () -> generator.generate(new CohortSpec(10, 1, CohortGrid.cube(32), 20, 90), cohort,
                (done, total) -> {
                    throw new IllegalStateException("a failing listener");
                }));
        assertEquals(List.of("cohort"), names(dir));
        assertEquals(List.of(), names(cohort));
    }

    @Test
    void theNextGenerationRemovesWhatAKilledOneLeft() throws IOException, DatasetException {
        Path cohort = dir.resolve("cohort");
        Path killed = AtomicFiles.stageDirectory(cohort).path(); // as a killed generation leaves it: never closed
        Files.writeString(Files.createDirectories(killed.resolve("sub-001/anat")).resolve("sub-001_T1w.nii.gz"), "half");
        generator.generate(new CohortSpec(10, 1, CohortGrid.cube(32), 20, 90), cohort, (done, total) -> { });
        assertEquals(List.of("cohort"), names(dir));
        assertEquals(10, BidsDataset.open(cohort).participants().size());
        assertEquals(List.of(), files(cohort).stream().filter(AtomicFiles::isLeftover).toList());
    }

    /**
     * The documented check that age is learnable: over 300 subjects, ventricle volume rises and
     * hippocampal volume falls with age (as fractions of the intracranial volume, which removes head
     * size), and a linear regression on four regional volumes predicts age within 8 years (MAE).
     */
    @Test
    void ageActsOnTheAnatomyAsDocumented() throws IOException, DatasetException, ContextExtractionException {
        generator.generate(new CohortSpec(300, 7, CohortGrid.cube(32), 20, 90), dir, (done, total) -> { });
        BidsDataset dataset = BidsDataset.open(dir);
        List<Participant> participants = dataset.participants();
        Map<String, double[]> features = new HashMap<>();
        double[] ages = new double[participants.size()];
        double[] ventricles = new double[ages.length];
        double[] hippocampi = new double[ages.length];
        for (int s = 0; s < ages.length; s++) {
            Participant participant = participants.get(s);
            ContextFeatures fractions = fractions(dataset, participant);
            ages[s] = participant.age();
            ventricles[s] = fractions.value(Template.VENTRICLES);
            hippocampi[s] = fractions.value("Hippocampus_L") + fractions.value("Hippocampus_R");
            features.put(participant.id(), new double[] { 1, ventricles[s], hippocampi[s],
                    fractions.value(Template.WHITE_MATTER), fractions.value(Template.EXTRACEREBRAL_CSF) });
        }
        assertTrue(correlation(ages, ventricles) > 0.6, "r(age, ventricles) = " + correlation(ages, ventricles));
        assertTrue(correlation(ages, hippocampi) < -0.6, "r(age, hippocampi) = " + correlation(ages, hippocampi));

        DatasetSplit split = DatasetSplit.of(participants, 7);
        List<Participant> training = new ArrayList<>(split.train());
        training.addAll(split.validation());
        double[] coefficients = LeastSquares.fit(training.stream().map(p -> features.get(p.id())).toList(),
                training.stream().mapToDouble(Participant::age).toArray());
        double error = 0;
        for (Participant participant : split.test()) {
            error += Math.abs(LeastSquares.predict(coefficients, features.get(participant.id())) - participant.age());
        }
        double mae = error / split.test().size();
        assertTrue(mae < 8, "test MAE " + mae + " years");
    }

    @Test
    void nibabelReadsTheCohortWithTheSameAffinesAndRegionalVolumes()
            throws IOException, InterruptedException, DatasetException, ContextExtractionException {
        Path cohort = dir.resolve("cohort");
        generator.generate(new CohortSpec(10, 5, CohortGrid.cube(32), 20, 90), cohort, (done, total) -> { });
        Path script = Files.writeString(dir.resolve("volumes.py"), """
                import json, sys
                import nibabel as nib, numpy as np
                out = {}
                for t1w, dseg in zip(sys.argv[1::2], sys.argv[2::2]):
                    image, labels = nib.load(t1w), nib.load(dseg)
                    values = np.asarray(labels.dataobj).astype(int).ravel()
                    counts = np.bincount(values)
                    voxel = abs(np.linalg.det(labels.affine[:3, :3]))
                    out[dseg] = {"affine": image.affine.tolist(), "dsegAffine": labels.affine.tolist(),
                                 "volumes": {str(l): float(counts[l] * voxel) for l in np.flatnonzero(counts) if l != 0}}
                json.dump(out, sys.stdout)
                """);
        BidsDataset dataset = BidsDataset.open(cohort);
        List<String> arguments = new ArrayList<>();
        for (Participant participant : dataset.participants()) {
            arguments.add(participant.t1w().toString());
            arguments.add(participant.dseg().orElseThrow().toString());
        }
        JsonObject nibabel = Nibabel.run(script, arguments, dir).getAsJsonObject();
        for (Participant participant : dataset.participants()) {
            JsonObject expected = nibabel.getAsJsonObject(participant.dseg().orElseThrow().toString());
            Subject subject = dataset.load(participant);
            assertTrue(affine(expected.getAsJsonArray("affine")).equals(subject.t1w().affine(), 1e-5));
            assertTrue(affine(expected.getAsJsonArray("dsegAffine")).equals(subject.t1w().affine(), 1e-5));
            ContextFeatures volumes = new LabelVolumeExtractor().extract(subject.t1w(),
                    Optional.of(LabelMap.unnamed(subject.dseg().orElseThrow())));
            JsonObject expectedVolumes = expected.getAsJsonObject("volumes");
            assertEquals(expectedVolumes.size(), volumes.names().size(), participant.id());
            for (Map.Entry<String, JsonElement> region : expectedVolumes.entrySet()) {
                double volume = region.getValue().getAsDouble();
                assertEquals(volume, volumes.value("label-" + region.getKey()), volume * 1e-6, "label " + region.getKey());
            }
        }
    }

    private static ContextFeatures fractions(BidsDataset dataset, Participant participant)
            throws DatasetException, ContextExtractionException {
        Subject subject = dataset.load(participant);
        return new LabelFractionExtractor().extract(subject.t1w(),
                Optional.of(new LabelMap(subject.dseg().orElseThrow(), dataset.labelNames())));
    }

    private static double correlation(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static Affine affine(JsonArray rows) {
        return new Affine(rows.asList().stream().map(row -> row.getAsJsonArray().asList().stream()
                .mapToDouble(JsonElement::getAsDouble).toArray()).toArray(double[][]::new));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
