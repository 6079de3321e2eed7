package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.ui.datasets.DatasetView;
import org.perturba.ui.results.ResultsView;
import org.perturba.ui.viewer.VolumeEditor;

/** A BIDS dataset lists its subjects with their ages; double-clicking one opens it with its labels. */
class DatasetViewTest extends WorkbenchTest {
    @Test
    void listsSubjectsAndOpensOneInTheViewer() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        TestVolumes.subject(temp);
        DatasetView view = (DatasetView) window.getActivePage().showView(DatasetView.ID, null, IWorkbenchPage.VIEW_ACTIVATE);
        view.open(temp);
        assertTrue(waitFor(() -> view.table().getItemCount() == 1, 30), "the subject was not listed");
        assertEquals("sub-01", view.table().getItem(0).getText(0));
        assertEquals("42.5", view.table().getItem(0).getText(1));
        view.table().setSelection(0);
        view.openSelected();
        IEditorPart editor = window.getActivePage().getActiveEditor();
        assertTrue(editor instanceof VolumeEditor, "opened: " + editor);
        assertTrue(loaded((VolumeEditor) editor).scene().labels().isPresent());
        Screenshots.save(window.getShell(), "dataset-view");
        window.getActivePage().closeAllEditors(false);
    }

    @Test
    void readsADatasetInTheBackgroundAndSaysWhyOneCannotBeRead() throws Exception {
        TestVolumes.subject(temp);
        DatasetView view = (DatasetView) window().getActivePage().showView(DatasetView.ID, null, IWorkbenchPage.VIEW_ACTIVATE);
        view.open(temp);
        assertEquals("Reading " + temp + "…", view.titleText(), "the view returns before the dataset is read");
        assertTrue(waitFor(() -> view.titleText().equals("1 subjects  —  " + temp), 30), view.titleText());
        Path empty = Files.createDirectories(temp.resolve("empty"));
        view.open(empty);
        assertTrue(waitFor(() -> view.titleText().startsWith("Cannot open the dataset " + empty + ": "), 30), view.titleText());
    }

    @Test
    void addsPredictedAgesAndTheSelectedRunsShiftFromAnOpenOutput() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = window.getActivePage();
        Path folder = TestOutputs.write(temp.resolve("run"));
        // per-subject shifts that differ between runs, and a cohort/ with one training subject (sub-099)
        StringBuilder attacks = new StringBuilder("model,crafted_on,attack,threat_model,direction,epsilon,subject,age,clean_age,"
                + "adversarial_age,shift,l_inf,l2,psnr_brain_db,ssim_brain,psnr_volume_db,ssim_volume,epsilon_over_noise,parameters_key,"
                + "flags\n");
        attacks.append("cnn,,fgsm,image-only,up,0.01,sub-007,30.0000,36.0000,39.5000,3.5000,0.01,0.1,40.0,0.99,46.0,0.999,0.5,"
                + TestOutputs.NO_PARAMETERS + ",\n");
        attacks.append("cnn,,fgsm,image-only,up,0.01,sub-011,45.0000,41.0000,45.5000,4.5000,0.01,0.1,40.0,0.99,46.0,0.999,0.5,"
                + TestOutputs.NO_PARAMETERS + ",\n");
        attacks.append("cnn,,fgsm,image-only,up,0.02,sub-007,30.0000,36.0000,45.0000,9.0000,0.02,0.2,34.0,0.97,40.0,0.995,1.0,"
                + TestOutputs.NO_PARAMETERS + ",\n");
        attacks.append("cnn,,fgsm,image-only,up,0.02,sub-011,45.0000,41.0000,51.0000,10.0000,0.02,0.2,34.0,0.97,40.0,0.995,1.0,"
                + TestOutputs.NO_PARAMETERS + ",\n");
        Files.writeString(folder.resolve("attacks.csv"), attacks.toString());
        Path cohort = folder.resolve("cohort");
        StringBuilder participants = new StringBuilder("participant_id\tage\tsex\n");
        String[][] subjects = { { "007", "30" }, { "011", "45" }, { "015", "60" }, { "020", "80" }, { "099", "55" } };
        for (String[] subject : subjects) {
            TestVolumes.write(TestVolumes.image(), cohort.resolve("sub-" + subject[0] + "/anat/sub-" + subject[0] + "_T1w.nii.gz"),
                    NiftiDataType.FLOAT32);
            participants.append("sub-").append(subject[0]).append('\t').append(subject[1]).append("\tF\n");
        }
        Files.writeString(cohort.resolve("participants.tsv"), participants.toString());

        IViewPart old = page.findView(DatasetView.ID);
        if (old != null) {
            page.hideView(old); // a fresh view shows no dataset yet
        }
        ResultsView results = results(folder);
        DatasetView view = (DatasetView) page.showView(DatasetView.ID, null, IWorkbenchPage.VIEW_ACTIVATE);
        Table table = view.table();
        assertTrue(waitFor(() -> table.getItemCount() == 5 && table.getColumnCount() == 6, 30),
                "the output's cohort/ was opened with its results: " + headers(table));
        assertEquals(List.of("Subject", "Age", "Sex", "Labels", "predicted (cnn)", "predicted (hyb)"), headers(table));
        assertEquals(List.of("sub-007", "30.0", "F", "", "36.0", "38.0"), row(table, 0));
        assertEquals(List.of("sub-099", "55.0", "F", "", "", ""), row(table, 4), "not in the test split");

        page.activate(results);
        results.selectAttack(0); // cnn fgsm up 0.01
        settle();
        assertEquals("shift (cnn · fgsm · up · ε 0.01)", headers(table).get(6));
        assertEquals("+3.50", row(table, 0).get(6));
        assertEquals("+4.50", row(table, 1).get(6));
        assertEquals("", row(table, 2).get(6), "not attacked");

        results.selectAttack(1); // cnn fgsm up 0.02
        settle();
        assertEquals("shift (cnn · fgsm · up · ε 0.02)", headers(table).get(6));
        assertEquals("+9.00", row(table, 0).get(6));
        assertEquals("+10.00", row(table, 1).get(6));

        results.selectAttack(2); // hyb: no subject rows in attacks.csv
        settle();
        assertEquals("shift (hyb · fgsm · up · ε 0.01)", headers(table).get(6));
        assertEquals("", row(table, 0).get(6));
        results.selectAttack(1);
        page.activate(view);
        settle();
        Screenshots.saveMaximised(view, "dataset-view-results");
        view.table().setSelection(0);
        view.openSelected();
        assertTrue(page.getActiveEditor() instanceof VolumeEditor, "opened: " + page.getActiveEditor());
        page.closeAllEditors(false);
    }

    private static void settle() {
        Display display = Display.getCurrent();
        while (display.readAndDispatch()) {
            // let pending events run
        }
    }

    private static List<String> headers(Table table) {
        return Arrays.stream(table.getColumns()).map(TableColumn::getText).toList();
    }

    private static List<String> row(Table table, int index) {
        TableItem item = table.getItem(index);
        return java.util.stream.IntStream.range(0, table.getColumnCount()).mapToObj(item::getText).toList();
    }
}
