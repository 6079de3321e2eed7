package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A research group's own models, as they bring them: networks written and exported by PyTorch with
 * their cards, and a scan written by nibabel ({@code releng/scripts/make-imported-model-fixtures.py}).
 * Predictions and gradients are PyTorch's on the scan as nibabel reads it: a transposed or flipped
 * axis anywhere between the NIfTI file and the network would change them.
 */
class ImportedModelTest {
    private static final Path FIXTURES = BundleManifest.ROOT.resolve("releng/org.perturba.releng.tests/data/imported-model");
    private static final Path SCAN = FIXTURES.resolve("scan.nii.gz");

    @TempDir
    Path dir;

    private static ProductRun perturba(String... arguments) throws Exception {
        return ProductRun.run("headless", "perturba", arguments);
    }

    private static JsonObject golden(String model) throws IOException {
        return JsonParser.parseString(Files.readString(FIXTURES.resolve("golden.json"))).getAsJsonObject().getAsJsonObject(model);
    }

    /** The arguments that give a model its context, when it takes one. */
    private static List<String> contextArguments(String model) throws IOException {
        JsonObject golden = golden(model);
        if (!golden.has("contextValues")) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        golden.getAsJsonArray("contextValues").forEach(value -> values.add(value.getAsString()));
        return List.of("--context-values", String.join(",", values));
    }

    @Test
    void predictsAndDifferentiatesAsPyTorchDoes() throws Exception {
        for (String model : List.of("brain-age", "brain-age-z", "hybrid-age")) {
            Path gradient = dir.resolve(model + ".gradient.nii.gz");
            List<String> arguments = new ArrayList<>(List.of("predict", "--model", FIXTURES.resolve(model + ".onnx").toString(),
                    SCAN.toString(), "--json", "--gradient", gradient.toString()));
            arguments.addAll(contextArguments(model));
            ProductRun run = perturba(arguments.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            JsonObject output = JsonParser.parseString(run.out()).getAsJsonObject();
            assertEquals(FIXTURES.resolve(model + ".onnx").toString(), output.get("model").getAsString());
            JsonObject prediction = output.getAsJsonArray("predictions").get(0).getAsJsonObject();
            assertEquals(SCAN.toString(), prediction.get("image").getAsString());
            double expected = golden(model).get("prediction").getAsDouble();
            assertEquals(expected, prediction.get("prediction").getAsDouble(), 1e-4 * Math.abs(expected), model);
            float[] measured = Float32Nifti.read(gradient);
            float[] pytorch = Float32Nifti.read(FIXTURES.resolve(model + ".gradient.nii.gz"));
            assertTrue(relativeError(measured, pytorch) < 1e-3, model + ": gradient error " + relativeError(measured, pytorch));
        }
    }

    @Test
    void importsAModelWithItsCardAndNoticesAReplacedFile() throws Exception {
        Path imported = dir.resolve("imported.onnx");
        ProductRun run = perturba("import-model", FIXTURES.resolve("hybrid-age.onnx").toString(), "--card",
                FIXTURES.resolve("hybrid-age.json").toString(), "--out", imported.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("imported hybrid-age.onnx as " + imported + " and imported.json: 12x14x10 grid placed in world"
                + " coordinates, normalisation none, 3 context features"), run.out());
        JsonObject card = JsonParser.parseString(Files.readString(dir.resolve("imported.json"))).getAsJsonObject();
        assertEquals("t1", card.get("image").getAsString());
        assertEquals("volumes", card.getAsJsonObject("context").get("input").getAsString());
        assertTrue(card.get("sha256").getAsString().startsWith("sha256:"));
        ProductRun predict = perturba("predict", "--model", imported.toString(), SCAN.toString(), "--context-values", "612.5,431,41.5");
        assertEquals(0, predict.exitCode(), predict.err());
        assertEquals(golden("hybrid-age").get("prediction").getAsDouble(), Double.parseDouble(predict.out().strip().split("\t")[1]), 1e-2);

        Files.copy(FIXTURES.resolve("brain-age.onnx"), imported, StandardCopyOption.REPLACE_EXISTING);
        assertFailure(perturba("predict", "--model", imported.toString(), SCAN.toString()), dir.resolve("imported.json")
                + " does not belong to imported.onnx: the file's SHA-256 differs from the one the card records (replaced or modified"
                + " after import?)");
    }

    /** Every attack runs on an imported model as on Perturba's own: an experiment that loads one. */
    @Test
    void attacksAnImportedModelFromAnExperimentFile() throws Exception {
        Path data = dir.resolve("data");
        StringBuilder participants = new StringBuilder("participant_id\tage\n");
        for (int subject = 1; subject <= 12; subject++) {
            String id = String.format("sub-%02d", subject);
            participants.append(id).append('\t').append(30 + 4 * subject).append('\n');
            Files.createDirectories(data.resolve(id + "/anat"));
            Files.copy(SCAN, data.resolve(id + "/anat/" + id + "_T1w.nii.gz"));
        }
        Files.writeString(data.resolve("participants.tsv"), participants);
        Path experiment = dir.resolve("experiment.json");
        Files.writeString(experiment, "{\"name\": \"an imported model\", \"dataset\": {\"path\": \"data\"}, \"models\": [{\"id\":"
                + " \"z\", \"load\": \"" + FIXTURES.resolve("brain-age-z.onnx") + "\"}], \"epsilons\": [0.01], \"attacks\": ["
                + "{\"attack\": \"fgsm\", \"directions\": [\"up\"]}, {\"attack\": \"pgd-linf\", \"directions\": [\"down\"],"
                + " \"parameters\": {\"steps\": 3}}]}");
        ProductRun run = perturba("run", experiment.toString(), "--out", dir.resolve("run").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonObject summary = JsonParser.parseString(Files.readString(dir.resolve("run/summary.json"))).getAsJsonObject();
        assertEquals("onnx", summary.getAsJsonArray("models").get(0).getAsJsonObject().get("kind").getAsString(), summary.toString());
        assertTrue(run.out().contains("pgd-linf"), run.out());
    }

    @Test
    void conformsScansByWorldCoordinatesAndRefusesScansOutsideTheModelsSpace() throws Exception {
        Path model = FIXTURES.resolve("brain-age.onnx");
        Path conformed = dir.resolve("conformed.nii.gz");
        ProductRun same = perturba("conform", SCAN.toString(), "--like", model.toString(), "--out", conformed.toString());
        assertEquals(0, same.exitCode(), same.err());
        assertEquals("wrote " + conformed + ": scan.nii.gz on the model's 12x14x10 grid (already on it: not resampled)", same.out().strip());
        assertTrue(relativeError(Float32Nifti.read(conformed), Float32Nifti.read(SCAN)) == 0);

        Path elsewhere = FIXTURES.resolve("elsewhere.nii.gz");
        assertFailure(perturba("predict", "--model", model.toString(), elsewhere.toString()), elsewhere + ": it covers only 0 % of the"
                + " model's grid in world coordinates (at least 50 % is needed); the model expects a skull-stripped T1 registered to"
                + " its space");
        Path unplaced = FIXTURES.resolve("unplaced.nii.gz");
        assertFailure(perturba("conform", unplaced.toString(), "--like", model.toString(), "--out", dir.resolve("u.nii.gz").toString()),
                unplaced + ": its header places it in no world space (sform and qform codes are 0), so it cannot be put on the model's"
                        + " 12x14x10 grid; the model expects a skull-stripped T1 registered to its space");
        assertFalse(Files.exists(dir.resolve("u.nii.gz")));
    }

    @Test
    void refusesModelsWithoutAFittingCardInOneLine() throws Exception {
        Path onnx = dir.resolve("model.onnx");
        Files.copy(FIXTURES.resolve("brain-age.onnx"), onnx);
        assertFailure(perturba("predict", "--model", onnx.toString(), SCAN.toString()), onnx + ": its model card model.json is missing"
                + " (an ONNX model needs a card beside it saying what grid, normalisation and output it has: see docs/onnx.md)");
        Path card = dir.resolve("model.json");
        Files.writeString(card, "{\"grid\": {\"shape\": [12, 14, 10]}, \"normalisation\": \"none\", \"outputs\": \"age\"}");
        assertFailure(perturba("predict", "--model", onnx.toString(), SCAN.toString()), card + ": unknown field 'outputs' (known: age,"
                + " context, format, grid, image, normalisation, output, sha256)");
        Files.writeString(card, "{\"grid\": {\"shape\": [12, 14, 10]}, \"normalisation\": \"histogram\"}");
        assertFailure(perturba("predict", "--model", onnx.toString(), SCAN.toString()), card + ": normalisation 'histogram' is not one"
                + " of: none, min-max, z-score, robust-percentiles LOW HIGH [foreground] (e.g. robust-percentiles 0.5 99.5 foreground)");
        Files.writeString(card, "{\"grid\": {\"shape\": [14, 12, 10]}, \"normalisation\": \"none\"}");
        assertFailure(perturba("predict", "--model", onnx.toString(), SCAN.toString()), card + ": the card's grid 14x12x10 does not fit"
                + " the model's input 't1' of shape [?, 1, 12, 14, 10] (expected [n, 1, 14, 12, 10])");
    }

    private static void assertFailure(ProductRun run, String message) {
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("perturba: error: " + message, run.err().strip());
    }

    private static double relativeError(float[] measured, float[] expected) {
        assertEquals(expected.length, measured.length);
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            difference += (measured[i] - expected[i]) * (double) (measured[i] - expected[i]);
            norm += expected[i] * (double) expected[i];
        }
        return norm == 0 ? Math.sqrt(difference) : Math.sqrt(difference / norm);
    }

    /** The voxels of a gzipped single-file NIfTI-1 float32 image, as nibabel and Perturba write them. */
    static final class Float32Nifti {
        private static final int FLOAT32 = 16;

        static float[] read(Path file) throws IOException {
            byte[] bytes;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                bytes = in.readAllBytes();
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(348, buffer.getInt(0), file + " is not a little-endian NIfTI-1 file");
            assertEquals(FLOAT32, buffer.getShort(70), file + " is not float32");
            long voxels = 1;
            for (int axis = 1; axis <= buffer.getShort(40); axis++) {
                voxels *= buffer.getShort(40 + 2 * axis);
            }
            int offset = (int) buffer.getFloat(108);
            float[] values = new float[(int) voxels];
            buffer.position(offset).asFloatBuffer().get(values);
            return values;
        }
    }
}
