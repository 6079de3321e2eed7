package org.perturba.ui.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
import org.perturba.ui.BackgroundRead;
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
    /** Where a run keeps the synthetic cohort it generated. */
    private static final String COHORT = "cohort";
    private Label title;
    private Table table;
    private final List<Participant> participants = new ArrayList<>();
    private SubjectResults results = SubjectResults.none();
    private Optional<ExperimentOutput> output = Optional.empty();
    private List<AttackedSubject> outcomes = List.of();
    /** The attack run selected in the Results view, shown once its output's results are read. */
    private Optional<AttackSummary> selectedRun = Optional.empty();
    /** The output whose results are being read, if one is. */
    private ExperimentOutput joining;
    private BackgroundRead<BidsDataset> datasetRead;
    private BackgroundRead<Joined> resultsRead;
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
                open(Path.of(folder));
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
        abandon(datasetRead);
        abandon(resultsRead);
        super.dispose();
    }

    private static void abandon(BackgroundRead<?> read) {
        if (read != null) {
            read.abandon();
        }
    }

    /** The Results view's output or attack run changed: join the subjects with it. */
    private void resultsSelected(ISelection selection) {
        if (table == null || table.isDisposed() || !(selection instanceof IStructuredSelection structured)
                || !(structured.getFirstElement() instanceof AttackRunSelection run)) {
            return;
        }
        showResults(run.output(), run.run());
    }

    /**
     * Adds the output's predicted ages and {@code run}'s shifts to the subjects. A new output's
     * per-subject results are read in the background first (with its {@code cohort/} dataset when no
     * dataset is shown yet); the run selected last is shown when they arrive.
     */
    public void showResults(ExperimentOutput shown, Optional<AttackSummary> run) {
        selectedRun = run;
        if (output.isPresent() && output.get() == shown) {
            showSelectedRun();
            return;
        }
        if (joining == shown) {
            return; // already being read
        }
        abandon(resultsRead);
        joining = shown;
        boolean withCohort = participants.isEmpty();
        Path folder = shown.folder();
        resultsRead = BackgroundRead.start(getSite(), "Reading the subjects' results in " + folder,
                "Cannot join the dataset with " + folder, table, monitor -> Joined.read(folder, withCohort), joined -> {
                    joining = null;
                    outcomes = joined.outcomes();
                    output = Optional.of(shown);
                    if (participants.isEmpty() && joined.cohort().isPresent()) {
                        list(joined.cohort().get(), folder.resolve(COHORT));
                    }
                    showSelectedRun();
                }, status -> joining = null); // logged by the workbench; the subjects stay as they are
    }

    private void showSelectedRun() {
        ExperimentOutput shown = output.orElseThrow();
        results = new SubjectResults(shown.models(), shown.predictions(), outcomes, selectedRun);
        refresh();
    }

    /** An output's per-subject results, and its cohort when it has one and it was asked for. */
    private record Joined(List<AttackedSubject> outcomes, Optional<BidsDataset> cohort) {
        static Joined read(Path folder, boolean withCohort) throws IOException, DatasetException {
            Path cohort = folder.resolve(COHORT);
            return new Joined(ExperimentOutputReader.attackedSubjects(folder),
                    withCohort && Files.isRegularFile(cohort.resolve("participants.tsv")) ? Optional.of(BidsDataset.open(cohort))
                            : Optional.empty());
        }
    }

    /** Reads a dataset's participants in the background (replacing a read still going on), then lists them. */
    public BackgroundRead<BidsDataset> open(Path root) {
        abandon(datasetRead);
        title.setText("Reading " + root + "…");
        datasetRead = BackgroundRead.start(getSite(), "Reading dataset " + root, "Cannot open the dataset " + root, table,
                monitor -> BidsDataset.open(root), dataset -> list(dataset, root), status -> {
                    title.setText(status.getMessage());
                    Errors.dialog(getSite().getShell(), "Cannot open the dataset", status);
                });
        return datasetRead;
    }

    private void list(BidsDataset dataset, Path root) {
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

    /** How many subjects from where, what is being read, or why it could not be. */
    public String titleText() {
        return title.getText();
    }

    /** Opens the selected subject's T1w image, with its segmentation when it has one. */
    public void openSelected() {
        int index = table.getSelectionIndex();
        if (index < 0) {
            return;
        }
        Participant participant = participants.get(index);
        OpenVolumeAction.open(getSite().getWorkbenchWindow(),
                new VolumeEditorInput(participant.t1w(), Optional.empty(), participant.dseg()));
    }

    @Override
    public void setFocus() {
        table.setFocus();
    }
}
