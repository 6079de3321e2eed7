package org.perturba.ui.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.part.ViewPart;
import org.perturba.anatomy.dataset.BidsDataset;
import org.perturba.anatomy.dataset.DatasetException;
import org.perturba.anatomy.dataset.Participant;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.ExperimentOutput;
import org.perturba.experiment.output.ExperimentOutputReader;
import org.perturba.experiment.output.AttackedSubject;
import org.perturba.ui.Errors;
import org.perturba.ui.actions.OpenVolumeAction;
import org.perturba.ui.results.AttackRunSelection;
import org.perturba.ui.results.ResultsView;
import org.perturba.ui.viewer.VolumeEditorInput;

/**
 * The subjects of a BIDS-like dataset with their true ages; double-click opens one in the viewer.
 * While the Results view shows an experiment output, each model's predicted age and the age shift
 * of the attack run selected there are added as columns (see {@link SubjectResults}).
 */
public final class DatasetView extends ViewPart {
    public static final String ID = "org.perturba.ui.datasetView";
    private static final String[] BASE_COLUMNS = { "Subject", "Age", "Sex", "Labels" };
    private Label title;
    private Table table;
    private final List<Participant> participants = new ArrayList<>();
    private SubjectResults results = SubjectResults.none();
    private Optional<ExperimentOutput> output = Optional.empty();
    private List<AttackedSubject> outcomes = List.of();
    private final ISelectionListener resultsListener = (part, selection) -> resultsSelected(selection);

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(parent);
        title = new Label(parent, SWT.NONE);
        title.setText("No dataset open");
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(title);
        Button open = new Button(parent, SWT.PUSH);
        open.setText("Open…");
        open.setToolTipText("Open a BIDS-like dataset folder (participants.tsv, sub-*/anat/)");
        open.addListener(SWT.Selection, event -> {
            DirectoryDialog dialog = new DirectoryDialog(getSite().getShell());
            dialog.setMessage("Choose a dataset folder (it holds participants.tsv)");
            String folder = dialog.open();
            if (folder != null) {
                try {
                    open(Path.of(folder));
                } catch (DatasetException | RuntimeException e) {
                    Errors.show(getSite().getShell(), "Cannot open the dataset", e);
                }
            }
        });
        table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        GridDataFactory.fillDefaults().grab(true, true).span(2, 1).applyTo(table);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (String name : BASE_COLUMNS) {
            TableColumn column = new TableColumn(table, SWT.LEFT);
            column.setText(name);
            column.setWidth(90);
        }
        table.setToolTipText("Double-click a subject to view its T1w image (with its labels)");
        table.addListener(SWT.DefaultSelection, event -> openSelected());
        getSite().getPage().addSelectionListener(ResultsView.ID, resultsListener);
        resultsSelected(getSite().getPage().getSelection(ResultsView.ID));
    }

    @Override
    public void dispose() {
        getSite().getPage().removeSelectionListener(ResultsView.ID, resultsListener);
        super.dispose();
    }

    /** The Results view's output or attack run changed: join the subjects with it. */
    private void resultsSelected(ISelection selection) {
        if (table == null || table.isDisposed() || !(selection instanceof IStructuredSelection structured)
                || !(structured.getFirstElement() instanceof AttackRunSelection run)) {
            return;
        }
        try {
            showResults(run.output(), run.run());
        } catch (IOException | DatasetException | RuntimeException e) {
            Platform.getLog(DatasetView.class).error("Cannot join the dataset with " + run.output().folder(), e);
        }
    }

    /**
     * Adds the output's predicted ages and {@code run}'s shifts to the subjects; opens the output's
     * {@code cohort/} dataset first when no dataset is shown yet.
     */
    public void showResults(ExperimentOutput shown, Optional<AttackSummary> run) throws IOException, DatasetException {
        if (output.isEmpty() || output.get() != shown) {
            outcomes = ExperimentOutputReader.attackedSubjects(shown.folder());
            output = Optional.of(shown);
            Path cohort = shown.folder().resolve("cohort");
            if (participants.isEmpty() && Files.isRegularFile(cohort.resolve("participants.tsv"))) {
                open(cohort);
            }
        }
        results = new SubjectResults(shown.models(), shown.predictions(), outcomes, run);
        refresh();
    }

    /** Lists a dataset's participants. */
    public void open(Path root) throws DatasetException {
        BidsDataset dataset = BidsDataset.open(root);
        participants.clear();
        participants.addAll(dataset.participants());
        refresh();
        title.setText(participants.size() + " subjects  —  " + root);
    }

    private void refresh() {
        TableColumn[] columns = table.getColumns();
        for (int i = BASE_COLUMNS.length; i < columns.length; i++) {
            columns[i].dispose();
        }
        table.removeAll();
        for (String name : results.columns()) {
            TableColumn column = new TableColumn(table, SWT.RIGHT);
            column.setText(name);
        }
        for (Participant participant : participants) {
            List<String> cells = new ArrayList<>(List.of(participant.subject(),
                String.format(Locale.ROOT, "%.1f", participant.age()), participant.sex() == null ? "" : participant.sex(),
                participant.dseg().isPresent() ? "yes" : ""));
            cells.addAll(results.cells(participant.subject()));
            new TableItem(table, SWT.NONE).setText(cells.toArray(String[]::new));
        }
        columns = table.getColumns();
        for (int i = BASE_COLUMNS.length; i < columns.length; i++) {
            columns[i].pack();
        }
    }

    public Table table() {
        return table;
    }

    /** Opens the selected subject's T1w image, with its segmentation when it has one. */
    public void openSelected() {
        int index = table.getSelectionIndex();
        if (index < 0) {
            return;
        }
        Participant participant = participants.get(index);
        OpenVolumeAction.open(getSite().getWorkbenchWindow(),
                new VolumeEditorInput(participant.t1w(), java.util.Optional.empty(), participant.dseg()));
    }

    @Override
    public void setFocus() {
        table.setFocus();
    }
}
