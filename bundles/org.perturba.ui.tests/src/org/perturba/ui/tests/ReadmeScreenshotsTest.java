package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.ExperimentOutput;
import org.perturba.experiment.output.ModelSummary;
import org.perturba.imaging.Volume;
import org.perturba.report.slice.Plane;
import org.perturba.ui.actions.OpenVolumeAction;
import org.perturba.ui.results.ResultCharts;
import org.perturba.ui.results.ResultsView;
import org.perturba.ui.viewer.VolumeEditor;
import org.perturba.ui.viewer.VolumeEditorInput;

/**
 * The README's screenshots, taken from a real experiment output (e.g. of {@code ./perturba demo}):
 * the Results view with the run and its age-shift chart, and an adversarial example of the
 * conventional model (PGD L∞, up, ε 0.01 when there is one) beside its clean image with the
 * perturbation overlay. Skipped unless the system property {@value #SOURCE} names the output
 * folder; the PNGs go to the folder {@value #TARGET} names (by default readme/ under the test
 * screenshots). The build passes both from the Maven properties of the same names.
 */
class ReadmeScreenshotsTest {
    static final String SOURCE = "perturba.screenshots.source";
    static final String TARGET = "perturba.screenshots.readme";
    /** The window size of the screenshots: the size a new workbench window opens at. */
    private static final Point SIZE = new Point(1200, 800);

    private static IWorkbenchWindow window() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow();
    }

    private static Optional<String> property(String name) {
        String value = System.getProperty(name, "").trim();
        return value.isEmpty() || value.startsWith("${") ? Optional.empty() : Optional.of(value);
    }

    @Test
    void capturesTheViewerAndTheResultsOfARealRun() throws IOException {
        Optional<String> source = property(SOURCE);
        assumeTrue(source.isPresent(), "no experiment output named by -D" + SOURCE + ": no README screenshots");
        org.eclipse.jface.dialogs.ErrorDialog.AUTOMATED_MODE = true;
        Path output = Path.of(source.get()).toAbsolutePath();
        assertTrue(Files.isRegularFile(output.resolve("summary.json")), output + " is no experiment output (no summary.json)");
        Path target = property(TARGET).map(Path::of).orElse(Screenshots.folder().resolve("readme"));

        Shell shell = window().getShell();
        Point before = shell.getSize();
        shell.setSize(SIZE);
        try {
            window().getActivePage().closeAllEditors(false);
            ResultsView results = WorkbenchTest.results(output);
            ExperimentOutput read = results.output().orElseThrow();
            AttackSummary example = example(read);
            int row = rows(read).indexOf(example);
            results.attacksTable().setSelection(row);
            results.attacksTable().showSelection();
            results.selectChart(ResultCharts.Kind.SHIFT);
            maximised(results, () -> {
                Screenshots.saveCompact(stack(results.chartCanvas(ResultCharts.Kind.SHIFT).getParent()),
                        target.resolve("results-view.png"));
                Screenshots.settle(shell.getDisplay());
                ImageData chart = Screenshots.save(results.chartCanvas(ResultCharts.Kind.SHIFT), "readme-shift-chart");
                assertTrue(Screenshots.colours(chart) > 5, "the shift chart is painted");
            });

            VolumeEditor editor = WorkbenchTest.loaded(OpenVolumeAction.open(window(), new VolumeEditorInput(
                    read.adversarialImage(example).orElseThrow(), read.cleanImage(example), Optional.empty())));
            assertTrue(editor.scene().paired(), "the example is paired with its clean image");
            editor.setCrosshair(brainCentre(editor.scene().clean().orElseThrow()));
            editor.setWindow(editor.scene().autoWindow());
            editor.setShowPerturbation(true);
            editor.setPerturbationOpacity(0.35); // the anatomy stays visible under a perturbation as large as ε everywhere
            maximised(editor, () -> {
                Screenshots.saveCompact(stack(editor.pane(Plane.AXIAL)), target.resolve("viewer-perturbation.png"));
                assertTrue(editor.colourBar(Plane.SAGITTAL).isPresent(), "the colour key is drawn");
            });
            window().getActivePage().closeAllEditors(false);
        } finally {
            shell.setSize(before);
        }
        for (String name : List.of("results-view.png", "viewer-perturbation.png")) {
            assertTrue(Files.size(target.resolve(name)) > 1000, name + " was written");
        }
    }

    /** The attack runs as the Results view lists them: attacks, then transfers. */
    private static List<AttackSummary> rows(ExperimentOutput output) {
        List<AttackSummary> rows = new java.util.ArrayList<>(output.attacks());
        rows.addAll(output.transfers());
        return rows;
    }

    /**
     * The run to show: on a conventional model, crafted on it, with an example image; PGD L∞ before
     * other attacks, up before down, the budget closest to 0.01.
     */
    private static AttackSummary example(ExperimentOutput output) {
        List<String> conventional = output.models().stream().filter(model -> model.kind().equals("conventional"))
                .map(ModelSummary::id).toList();
        return output.attacks().stream()
                .filter(cell -> output.adversarialImage(cell).isPresent() && output.cleanImage(cell).isPresent() && !cell.failed())
                .min(Comparator.<AttackSummary>comparingInt(cell -> conventional.contains(cell.model()) ? 0 : 1)
                        .thenComparingInt(cell -> cell.attack().equals("pgd-linf") ? 0 : 1)
                        .thenComparingInt(cell -> cell.direction().equals("up") ? 0 : 1)
                        .thenComparingDouble(cell -> Math.abs(Math.log(cell.epsilon() / 0.01))))
                .orElseThrow(() -> new AssertionError("the output kept no example image"));
    }

    /** The voxel at the centre of mass of the head: where the crosshair shows all three planes through the brain. */
    static int[] brainCentre(Volume image) {
        int[] shape = image.shape();
        float[] voxels = image.voxels();
        float max = 0;
        for (float value : voxels) {
            if (Float.isFinite(value)) {
                max = Math.max(max, value);
            }
        }
        double[] sum = new double[3];
        double mass = 0;
        for (int index = 0; index < voxels.length; index++) {
            if (voxels[index] > 0.1f * max) {
                sum[0] += index % shape[0];
                sum[1] += index / shape[0] % shape[1];
                sum[2] += index / (shape[0] * shape[1]);
                mass++;
            }
        }
        if (mass == 0) {
            return new int[] { shape[0] / 2, shape[1] / 2, shape[2] / 2 };
        }
        return new int[] { (int) Math.round(sum[0] / mass), (int) Math.round(sum[1] / mass), (int) Math.round(sum[2] / mass) };
    }

    /** The part stack (tabs and content) holding a control: the screenshot without the window's trim. */
    private static Control stack(Control control) {
        for (Control each = control.getParent(); each != null; each = each.getParent()) {
            if (each instanceof CTabFolder && each.getData("modelElement") != null) { // the E4 renderer's stack
                return each;
            }
        }
        throw new AssertionError("no part stack holds " + control);
    }

    private interface Capture {
        void run() throws IOException;
    }

    /** Runs a capture with one part maximised in the window, then restores the layout. */
    private static void maximised(IWorkbenchPart part, Capture capture) throws IOException {
        IWorkbenchPage page = part.getSite().getPage();
        IWorkbenchPartReference reference = page.getReference(part);
        page.setPartState(reference, IWorkbenchPage.STATE_MAXIMIZED);
        try {
            Screenshots.settle(part.getSite().getShell().getDisplay());
            capture.run();
        } finally {
            page.setPartState(reference, IWorkbenchPage.STATE_RESTORED);
        }
    }

    @Test
    void theBrainCentreIsTheCentreOfMassOfTheHead() {
        Volume phantom = TestOutputs.phantom();
        int[] centre = brainCentre(phantom);
        assertEquals(20, centre[0], 1);
        assertEquals(24, centre[1], 1);
        assertEquals(20, centre[2], 1);
    }
}
