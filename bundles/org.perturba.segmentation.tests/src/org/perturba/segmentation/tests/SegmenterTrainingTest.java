package org.perturba.segmentation.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.anatomy.cohort.AgeingModel;
import org.perturba.anatomy.cohort.CohortGenerator;
import org.perturba.anatomy.cohort.CohortGrid;
import org.perturba.anatomy.cohort.CohortSpec;
import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.template.Template;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.model.training.TrainingSpec;
import org.perturba.segmentation.RegionScheme;
import org.perturba.segmentation.SegmentationData;
import org.perturba.segmentation.SegmentationExample;
import org.perturba.segmentation.SegmenterEvaluation;
import org.perturba.segmentation.SegmenterFiles;
import org.perturba.segmentation.SegmenterMetadata;
import org.perturba.segmentation.SegmenterTrainer;
import org.perturba.segmentation.UNetSegmenter;

/**
 * Training on a small generated cohort at 32³: it learns (Dice an untrained net cannot reach), is
 * deterministic for a seed, and survives saving and loading; foreign or tampered files are refused.
 */
class SegmenterTrainingTest {
    private static final int[] GRID = { 32, 32, 32 };
    private static final TrainingSpec SPEC = new TrainingSpec(8, 1, 1, 8, false);
    @TempDir
    static Path cohort;
    @TempDir
    Path dir;
    private static List<SegmentationExample> train;
    private static List<SegmentationExample> validation;
    private static UNetSegmenter trained;

    @BeforeAll
    static void trainOnACohort() throws IOException, DatasetException {
        Path data = cohort.resolve("cohort");
        new CohortGenerator(Template.colin27(), new AgeingModel()).generate(new CohortSpec(10, 7, CohortGrid.cube(32), 20, 90), data,
                (done, total) -> { });
        BidsDataset dataset = BidsDataset.open(data);
        List<SegmentationExample> all = SegmentationData.prepare(dataset, GRID, dataset.participants(),
                RegionScheme.brainRegions());
        train = all.subList(0, 7);
        validation = all.subList(7, 10);
        trained = train(SPEC);
    }

    private static UNetSegmenter train(TrainingSpec spec) {
        return new SegmenterTrainer().train(RegionScheme.brainRegions(), GRID, train, validation, spec,
                (epoch, epochs, loss, dice, best) -> System.out.printf("segmenter epoch %d: loss %.4f, Dice %.3f%n", epoch,
                        loss, dice));
    }

    @Test
    void preparesImagesAndRegionsOnTheGrid() {
        SegmentationExample example = train.get(0);
        assertEquals(32 * 32 * 32, example.regions().length);
        int[] counts = new int[8];
        for (byte region : example.regions()) {
            counts[region]++;
        }
        for (int region = 1; region < counts.length; region++) {
            assertTrue(counts[region] > 0, "region " + region + " is on the grid");
        }
    }

    @Test
    void trainingLearnsWhatAnUntrainedNetworkCannot() {
        double untrained = SegmenterEvaluation.of(UNetSegmenter.create(trained.metadata()), validation).diceMean();
        SegmenterEvaluation evaluation = SegmenterEvaluation.of(trained, validation);
        System.out.println("untrained Dice " + untrained + "; trained " + evaluation);
        // 56 steps on 7 subjects: the largest region is learnt well, the mean far above chance
        assertTrue(untrained < 0.05, "untrained " + untrained);
        assertTrue(evaluation.diceMean() > 0.05, "trained " + evaluation);
        assertTrue(evaluation.dicePerRegion().get("cortical-grey-matter") > 0.5, "trained " + evaluation);
        assertEquals(RegionScheme.brainRegions().regions(), List.copyOf(evaluation.dicePerRegion().keySet()));
    }

    @Test
    void sameSeedSameWeightsAndCancellable() {
        TrainingSpec short1 = new TrainingSpec(1, 4, 1, 1, false);
        assertEquals(train(short1).network().params(), train(short1).network().params());
        assertTrue(!train(new TrainingSpec(1, 4, 2, 1, false)).network().params().equals(train(short1).network().params()),
                "another seed, other weights");
        assertThrows(CancellationException.class, () -> new SegmenterTrainer().train(RegionScheme.brainRegions(), GRID, train,
                validation, short1, new org.perturba.segmentation.SegmenterProgress() {
                    @Override
                    public void epochDone(int epoch, int epochs, double loss, double dice, boolean best) {
                    }

                    @Override
                    public boolean isCancelled() {
                        return true;
                    }
                }));
    }

    @Test
    void savedAndLoadedGivesTheSameProbabilities() throws Exception {
        Path zip = dir.resolve("seg.zip");
        SegmenterFiles.save(trained, zip);
        UNetSegmenter loaded = SegmenterFiles.load(zip);
        assertEquals(trained.metadata().regions(), loaded.metadata().regions());
        assertEquals(trained.metadata().trainingData(), loaded.metadata().trainingData());
        Volume image = new Volume(GRID, Affine.diagonal(1, 1, 1), validation.get(0).image());
        double[][] before = trained.probabilities(image);
        double[][] after = loaded.probabilities(image);
        for (int r = 0; r < before.length; r++) {
            assertArrayEquals(before[r], after[r], 0);
        }
    }

    @Test
    void refusesForeignOrTamperedFiles() throws IOException {
        Path zip = dir.resolve("seg.zip");
        Path other = dir.resolve("other.zip");
        SegmenterFiles.save(trained, zip);
        SegmenterFiles.save(UNetSegmenter.create(trained.metadata()), other);
        String own = Files.readString(SegmenterFiles.sidecar(zip));

        Files.copy(SegmenterFiles.sidecar(other), SegmenterFiles.sidecar(zip), StandardCopyOption.REPLACE_EXISTING);
        oneLine(assertThrows(IOException.class, () -> SegmenterFiles.load(zip)), "does not belong to");

        Files.writeString(SegmenterFiles.sidecar(zip), own.replace("\"ventricles\",", ""));
        oneLine(assertThrows(IOException.class, () -> SegmenterFiles.load(zip)), "not a segmenter of 7 classes");

        Files.writeString(SegmenterFiles.sidecar(zip), own.replace("\"kind\": \"segmenter\"", "\"kind\": \"conventional\""));
        oneLine(assertThrows(IOException.class, () -> SegmenterFiles.load(zip)), "malformed segmenter metadata");

        Files.delete(SegmenterFiles.sidecar(zip));
        oneLine(assertThrows(IOException.class, () -> SegmenterFiles.load(zip)), "is missing");
    }

    @Test
    void subjectsWithoutLabelMapsAreRefusedInOneLine() throws Exception {
        Path data = dir.resolve("copy");
        copy(cohort.resolve("cohort"), data);
        List<Path> dsegs = new ArrayList<>();
        try (var files = Files.walk(data)) {
            files.filter(file -> file.getFileName().toString().endsWith("_dseg.nii.gz")).forEach(dsegs::add);
        }
        Files.delete(dsegs.get(0));
        BidsDataset dataset = BidsDataset.open(data);
        DatasetException e = assertThrows(DatasetException.class, () -> SegmentationData.prepare(dataset, GRID,
                dataset.participants(), RegionScheme.brainRegions()));
        oneLine(e, "no _dseg label map");
    }

    @Test
    void gridsThePoolingsCannotHalveAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UNetSegmenter.create(
                new SegmenterMetadata(new int[] { 32, 30, 32 }, "brain-regions", List.of("a"), "none", 1, "none")));
        oneLine(e, "multiple of 4");
    }

    private static void oneLine(Exception e, String expected) {
        assertTrue(e.getMessage().contains(expected) && !e.getMessage().contains("\n"), e.getMessage());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
