package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IEditorPart;
import org.junit.jupiter.api.Test;
import org.perturba.ui.results.ResultCharts;
import org.perturba.ui.results.ResultsView;
import org.perturba.ui.viewer.VolumeEditor;

/** An experiment output folder opens in the Results view: tables, charts, export, and its examples in the viewer. */
class ResultsViewTest extends WorkbenchTest {
    @Test
    void showsModelsAttacksAndChartsAndExportsTheChart() throws IOException {
        Path output = TestOutputs.write(temp.resolve("run"));
        ResultsView view = results(output);

        Table models = view.modelsTable();
        assertEquals(2, models.getItemCount());
        assertEquals("cnn", models.getItem(0).getText(0));
        assertEquals("6.50", models.getItem(0).getText(5));
        assertEquals("segmented-volumes via seg", models.getItem(1).getText(2));
        assertEquals("image", models.getItem(1).getText(3), "an image-derived context is told from an oracle");
        assertEquals("—", models.getItem(0).getText(3));

        Table attacks = view.attacksTable();
        assertEquals(5, attacks.getItemCount());
        assertEquals("fgsm", attacks.getItem(1).getText(2));
        assertEquals("0.02", attacks.getItem(1).getText(5));
        assertEquals("9.50", attacks.getItem(1).getText(7));
        assertEquals("[8.00, 11.00]", attacks.getItem(1).getText(8), "the mean |shift|'s bootstrap interval");
        assertEquals("", attacks.getItem(0).getText(8), "no interval where the summary has none");
        assertEquals("34.0", attacks.getItem(1).getText(10), "PSNR inside the brain");
        assertEquals("40.0", attacks.getItem(1).getText(12), "PSNR over the whole volume, beside it");
        assertEquals("1.00", attacks.getItem(1).getText(14), "the budget over the image's noise");
        assertEquals("falls-with-epsilon", attacks.getItem(1).getText(15), "the gradient-masking checks it failed");
        assertTrue(attacks.getItem(4).getText(16).contains("no context path"), "a failed run shows its error");

        assertEquals(1, view.findingsTable().getItemCount());
        assertEquals("reproduced [0.10, 0.30] (worst case: adaptive)", view.findingsTable().getItem(0).getText(1),
                "the verdict names the threat model that decided it");

        var shift = Screenshots.save(view.chartCanvas(ResultCharts.Kind.SHIFT), "results-shift-chart");
        assertTrue(Screenshots.colours(shift) > 5, "the shift chart is painted");
        Screenshots.saveMaximised(view, "results-view");
        view.selectChart(ResultCharts.Kind.PREDICTIONS);
        var scatter = Screenshots.save(view.chartCanvas(ResultCharts.Kind.PREDICTIONS), "results-scatter-chart");
        assertTrue(Screenshots.colours(scatter) > 5, "the scatter chart is painted");

        Path png = temp.resolve("shift.png");
        Path svg = temp.resolve("shift.svg");
        view.exportChart(ResultCharts.Kind.SHIFT, png);
        view.exportChart(ResultCharts.Kind.SHIFT, svg);
        byte[] header = Files.readAllBytes(png);
        assertTrue(header.length > 1000 && header[1] == 'P' && header[2] == 'N' && header[3] == 'G', "a PNG file");
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg") && text.contains("cnn · fgsm · up"), "an SVG with the series named");

        // double-clicking a run opens its adversarial example beside its clean image
        attacks.setSelection(1);
        attacks.notifyListeners(SWT.DefaultSelection, new org.eclipse.swt.widgets.Event());
        IEditorPart editor = window().getActivePage().getActiveEditor();
        assertTrue(editor instanceof VolumeEditor, "the example opened in the viewer: " + editor);
        assertTrue(loaded((VolumeEditor) editor).scene().paired(), "paired with its clean image");
    }

    @Test
    void readsAnOutputInTheBackgroundAndSaysWhyOneCannotBeRead() throws IOException {
        Path output = TestOutputs.write(temp.resolve("run"));
        ResultsView view = ResultsView.show(window(), output);
        assertEquals("Reading " + output + "…", view.titleText(), "the view returns before the folder is read");
        assertTrue(waitFor(() -> view.titleText().startsWith("ui test study  —  32x48x32, 6 mm  —  " + output), 30), view.titleText());
        Path empty = Files.createDirectories(temp.resolve("empty"));
        view.open(empty);
        assertTrue(waitFor(() -> view.titleText().startsWith("Cannot open the experiment output " + empty + ": "), 30),
                view.titleText());
    }
}
