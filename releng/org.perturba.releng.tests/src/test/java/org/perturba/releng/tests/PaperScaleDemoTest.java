package org.perturba.releng.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code perturba demo --scale paper --quick}: the whole study (cohort, segmenter, both models,
 * attacks, transfers, report) on the 2 mm grid, end to end through the product, recording its grid.
 */
class PaperScaleDemoTest {
    /** About 4 minutes on 2 idle cores; the limit only catches a hang. */
    private static final Duration LIMIT = Duration.ofMinutes(20);

    @TempDir
    Path dir;

    @Test
    void runsTheStudyOnTwoMillimetreVoxelsAndRecordsTheGrid() throws Exception {
        Path out = dir.resolve("paper-scale");
        ProductRun run = ProductRun.run(LIMIT, Map.of(), "headless", "perturba", "demo", "--scale", "paper", "--quick", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        JsonObject grid = summary.getAsJsonObject("grid");
        assertEquals(List.of(96, 112, 96), grid.getAsJsonArray("shape").asList().stream().map(JsonElement::getAsInt).toList());
        assertEquals(List.of(2.0, 2.0, 2.0), grid.getAsJsonArray("voxelSizeMm").asList().stream().map(JsonElement::getAsDouble).toList());
        for (JsonElement model : summary.getAsJsonArray("models")) {
            double mae = model.getAsJsonObject().get("maeYears").getAsDouble();
            assertTrue(mae >= 0 && mae < 100, "MAE " + mae);
        }
        assertTrue(summary.getAsJsonArray("attacks").size() > 0 && summary.getAsJsonArray("transfers").size() == 1, summary.toString());
        for (JsonElement attack : summary.getAsJsonArray("attacks")) {
            assertTrue(attack.getAsJsonObject().get("error").isJsonNull(), attack.toString());
        }
        assertEquals(3, summary.getAsJsonArray("findings").size());
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("96x112x96, 2 mm"), "the report names its grid");
        assertTrue(run.err().contains("generating a cohort of 32 subjects"), run.err());
    }
}
