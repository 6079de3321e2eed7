package org.perturba.experiment.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.core.registry.ContributionKind;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.ExperimentOutput;
import org.perturba.experiment.output.ExperimentOutputReader;
import org.perturba.experiment.output.SubjectOutcome;
import org.perturba.experiment.run.ContributionFailure;

/** An output folder written as docs/experiment-file.md describes it reads back with its examples paired. */
class ExperimentOutputReaderTest {
    private static final String SUMMARY = """
            {
              "experiment": "tiny",
              "seed": 1,
              "subjects": 20,
              "epsilons": [0.01, 0.02],
              "models": [
                {"id": "cnn", "kind": "conventional", "context": null, "testSubjects": 3, "maeYears": 6.5, "rmseYears": 7.0}
              ],
              "attacks": [
                {"model": "cnn", "attack": "fgsm", "threatModel": "image-only", "epsilon": 0.02, "direction": "up",
                 "subjects": 2, "meanShiftYears": 9.0, "meanAbsShiftYears": 9.0, "fractionShiftedOver5Years": 1.0,
                 "psnrDb": 40.1, "ssim": 0.99, "maxLInf": 0.02},
                {"model": "cnn", "attack": "fgsm", "threatModel": "image-only", "epsilon": 0.01, "direction": "up",
                 "subjects": 2, "meanShiftYears": 4.0, "meanAbsShiftYears": 4.5, "fractionShiftedOver5Years": 0.5,
                 "psnrDb": null, "ssim": 0.995, "maxLInf": 0.01},
                {"model": "cnn", "attack": "adaptive", "threatModel": "image-only", "epsilon": 0.01, "direction": "up",
                 "error": "IllegalArgumentException: no context path"}
              ],
              "transfers": [
                {"model": "hyb", "craftedOn": "cnn", "attack": "fgsm", "threatModel": "transfer", "epsilon": 0.01,
                 "direction": "up", "subjects": 2, "meanShiftYears": 1.5, "meanAbsShiftYears": 1.5,
                 "fractionShiftedOver5Years": 0.0, "psnrDb": 46.0, "ssim": 0.995, "maxLInf": 0.01}
              ],
              "failures": [
                {"kind": "model", "contribution": "faulty-model", "stage": "training", "model": "broken", "message": "boom"},
                {"kind": "attack", "contribution": "faulty-attack", "stage": "loading", "model": null, "message": "cannot create"}
              ],
              "findings": [
                {"id": "universal", "claim": "one perturbation shifts many", "reproduced": null, "evidence": "no universal run"},
                {"id": "hybrid-robust", "claim": "context protects", "reproduced": false, "evidence": "9.0 vs 9.0"}
              ]
            }
            """;

    @Test
    void readsModelsAttacksPredictionsAndPairsTheExamples(@TempDir Path folder) throws IOException {
        write(folder);
        ExperimentOutput output = ExperimentOutputReader.read(folder);
        assertEquals("tiny", output.name());
        assertEquals(List.of(0.01, 0.02), output.epsilons());
        assertEquals(1, output.models().size());
        assertEquals(6.5, output.models().get(0).maeYears());
        assertEquals(Optional.empty(), output.models().get(0).context());
        assertEquals(3, output.attacks().size());
        AttackSummary first = output.attacks().get(0);
        assertEquals(9.0, first.meanAbsShiftYears());
        assertEquals(Optional.of(folder.resolve("examples/cnn--fgsm--up--0.020000.nii.gz")), first.adversarialExample());
        assertEquals(Optional.of(folder.resolve("examples/clean--sub-002.nii.gz")), first.cleanExample());
        assertTrue(Double.isNaN(output.attacks().get(1).psnrDb()), "a null PSNR reads as NaN");
        assertTrue(output.attacks().get(2).failed());
        assertEquals(Optional.empty(), output.attacks().get(1).adversarialExample());

        var series = output.attackSeries();
        assertEquals(List.of("cnn · fgsm · up", "hyb (from cnn) · fgsm · up"), List.copyOf(series.keySet()),
                "failed cells make no series; transfers say where they were crafted");
        assertEquals("cnn", output.transfers().get(0).craftedOn().orElseThrow());
        assertEquals(List.of(0.01, 0.02), series.get("cnn · fgsm · up").stream().map(AttackSummary::epsilon).toList());
        assertEquals(3, output.predictionsByModel().get("cnn").size());
        assertEquals(2, output.findings().size());
        assertEquals(Optional.empty(), output.findings().get(0).reproduced());
        assertEquals(Optional.of(false), output.findings().get(1).reproduced());
        assertEquals("context protects", output.findings().get(1).claim());
        assertEquals(71.25, output.predictions().get(1).predictedAge());

        assertEquals(Optional.of(folder.resolve("examples/clean--sub-002.nii.gz").toAbsolutePath().normalize()),
                ExperimentOutputReader.cleanExampleFor(folder.resolve("examples/cnn--fgsm--up--0.020000.nii.gz"))
                        .map(path -> path.toAbsolutePath().normalize()));
    }

    @Test
    void readsTheFailedContributions(@TempDir Path folder) throws IOException {
        write(folder);
        List<ContributionFailure> failures = ExperimentOutputReader.read(folder).failures();
        assertEquals(List.of(
                new ContributionFailure(ContributionKind.MODEL, "faulty-model", "training", Optional.of("broken"), "boom"),
                new ContributionFailure(ContributionKind.ATTACK, "faulty-attack", "loading", Optional.empty(), "cannot create")),
                failures);
        Files.writeString(folder.resolve("summary.json"), SUMMARY.replace("\"kind\": \"model\"", "\"kind\": \"plugin\""));
        IOException e = assertThrows(IOException.class, () -> ExperimentOutputReader.read(folder));
        assertTrue(e.getMessage().endsWith("summary.json: failures[0].kind: expected attack, model or context, got 'plugin'"),
                e.getMessage());
        Files.writeString(folder.resolve("summary.json"), SUMMARY.replaceAll("(?s)\"failures\": \\[.*?\\],", ""));
        assertEquals(List.of(), ExperimentOutputReader.read(folder).failures(), "a summary from before failures were recorded");
    }

    @Test
    void namesTheFileAndFieldOfADefect(@TempDir Path folder) throws IOException {
        assertFalse(ExperimentOutputReader.isOutputFolder(folder));
        IOException missing = assertThrows(IOException.class, () -> ExperimentOutputReader.read(folder));
        assertTrue(missing.getMessage().contains("no summary.json"), missing.getMessage());
        Files.writeString(folder.resolve("summary.json"), "{\"epsilons\": [0.1], \"models\": [{\"kind\": \"x\"}]}");
        IOException field = assertThrows(IOException.class, () -> ExperimentOutputReader.read(folder));
        assertTrue(field.getMessage().endsWith("summary.json: models[0].id: missing"), field.getMessage());
        Files.writeString(folder.resolve("summary.json"), "{\"epsilons\": [0.1], \"models\": [");
        assertThrows(IOException.class, () -> ExperimentOutputReader.read(folder));
    }

    @Test
    void readsEachAttackedSubjectsShiftPerRun(@TempDir Path folder) throws IOException {
        write(folder);
        ExperimentOutput output = ExperimentOutputReader.read(folder);
        List<SubjectOutcome> outcomes = ExperimentOutputReader.subjectOutcomes(folder);
        assertEquals(3, outcomes.size());
        AttackSummary strong = output.attacks().get(0); // fgsm up 0.02
        List<SubjectOutcome> strongRows = outcomes.stream().filter(row -> row.belongsTo(strong)).toList();
        assertEquals(List.of("sub-002", "sub-001"), strongRows.stream().map(SubjectOutcome::subject).toList());
        assertEquals(9.25, strongRows.get(1).shift());
        assertEquals(35.5, strongRows.get(1).cleanAge());
        assertEquals(Optional.empty(), strongRows.get(1).craftedOn());
        AttackSummary weak = output.attacks().get(1); // fgsm up 0.01
        assertEquals(List.of(3.75), outcomes.stream().filter(row -> row.belongsTo(weak)).map(SubjectOutcome::shift).toList());
        assertTrue(outcomes.stream().noneMatch(row -> row.belongsTo(output.transfers().get(0))), "a transfer is another run");
        Files.delete(folder.resolve("attacks.csv"));
        assertTrue(ExperimentOutputReader.subjectOutcomes(folder).isEmpty());
    }

    private static void write(Path folder) throws IOException {
        Files.writeString(folder.resolve("summary.json"), SUMMARY);
        Files.writeString(folder.resolve("predictions.csv"), """
                model,subject,age,predicted_age
                cnn,sub-001,30.0000,35.5000
                cnn,sub-002,70.0000,71.2500
                cnn,sub-003,50.0000,44.0000
                """);
        Files.writeString(folder.resolve("attacks.csv"), """
                model,crafted_on,attack,threat_model,direction,epsilon,subject,age,clean_age,adversarial_age,shift,l_inf,l2,psnr_db,ssim
                cnn,,fgsm,image-only,up,0.02,sub-002,70.0000,71.2500,80.0000,8.7500,0.020000,0.100000,40.100,0.990000
                cnn,,fgsm,image-only,up,0.02,sub-001,30.0000,35.5000,44.7500,9.2500,0.020000,0.100000,40.100,0.990000
                cnn,,fgsm,image-only,up,0.01,sub-002,70.0000,71.2500,75.0000,3.7500,0.010000,0.050000,46.100,0.995000
                """);
        Files.createDirectories(folder.resolve("examples"));
        Files.write(folder.resolve("examples/cnn--fgsm--up--0.020000.nii.gz"), new byte[] { 0 });
        Files.write(folder.resolve("examples/clean--sub-002.nii.gz"), new byte[] { 0 });
    }
}
