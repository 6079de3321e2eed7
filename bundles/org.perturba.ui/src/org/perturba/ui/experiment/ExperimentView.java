package org.perturba.ui.experiment;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;
import org.perturba.core.registry.ContributionDescriptor;
import org.perturba.core.registry.ContributionKind;
import org.perturba.core.registry.ContributionRegistry;
import org.perturba.experiment.run.ContributionFailure;
import org.perturba.experiment.run.RunResult;
import org.perturba.experiment.spec.ExperimentSpec;
import org.perturba.experiment.spec.InvalidExperimentException;
import org.perturba.ui.Errors;
import org.perturba.ui.preferences.PerturbaPreferences;
import org.perturba.ui.results.ResultsView;

/**
 * Sets up and runs an experiment: data (a synthetic cohort or a BIDS folder), models (saved zips or
 * kinds to train), one attack with a form generated from its declared parameters, directions, the
 * ε sweep and the output folder. Run starts an {@link ExperimentJob}; its results open in the
 * Results view when it ends. Closing the view cancels it.
 */
public final class ExperimentView extends ViewPart {
    public static final String ID = "org.perturba.ui.experimentView";
    private static final String[] DIRECTIONS = { "up", "down", "untargeted" };
    private final ContributionRegistry registry = new ContributionRegistry();
    private Button cohort;
    private Spinner subjects;
    private Combo grid;
    private Text datasetFolder;
    private Table models;
    private final List<ExperimentDraft.ModelChoice> modelChoices = new java.util.ArrayList<>();
    private Combo kind;
    private Spinner epochs;
    private Combo attack;
    private final Button[] directions = new Button[DIRECTIONS.length];
    private ParameterForm parameters;
    private Text epsilons;
    private Spinner attacked;
    private Text output;
    private Button run;
    private Button cancel;
    private Label status;
    private ExperimentJob job;
    private ScrolledComposite scroll;

    @Override
    public void createPartControl(Composite parent) {
        // scrolls down, never sideways: the form takes the view's width and its fields wrap or shrink to it
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL);
        Composite form = new Composite(scroll, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(6, 6).applyTo(form);
        createDataset(form);
        createModels(form);
        createAttack(form);
        createRun(form);
        scroll.setContent(form);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        scroll.addListener(SWT.Resize, event -> fitForm());
        fitForm();
    }

    /** The form as wide as the view, as tall as it needs at that width. */
    private void fitForm() {
        Composite form = (Composite) scroll.getContent();
        if (form == null) {
            return; // still being built
        }
        int width = scroll.getClientArea().width;
        scroll.setMinSize(form.computeSize(width > 0 ? width : SWT.DEFAULT, SWT.DEFAULT));
        scroll.setMinWidth(0);
    }

    private void createDataset(Composite form) {
        Group group = group(form, "Dataset", 3);
        cohort = new Button(group, SWT.RADIO);
        cohort.setText("Synthetic cohort");
        cohort.setSelection(true);
        GridDataFactory.fillDefaults().span(3, 1).applyTo(cohort);
        Label subjectsLabel = new Label(group, SWT.NONE);
        subjectsLabel.setText("Subjects");
        GridDataFactory.swtDefaults().indent(16, 0).applyTo(subjectsLabel);
        subjects = new Spinner(group, SWT.BORDER);
        subjects.setValues(60, 10, 100000, 0, 10, 100);
        subjects.setToolTipText("subjects");
        GridDataFactory.swtDefaults().span(2, 1).applyTo(subjects);
        Label gridLabel = new Label(group, SWT.NONE);
        gridLabel.setText("Grid");
        gridLabel.setToolTipText("Voxels along each axis of the cohort's images");
        GridDataFactory.swtDefaults().indent(16, 0).applyTo(gridLabel);
        grid = new Combo(group, SWT.READ_ONLY);
        grid.setItems(new String[] { "32", "48", "64" });
        grid.select(0);
        GridDataFactory.swtDefaults().span(2, 1).applyTo(grid);
        Button folder = new Button(group, SWT.RADIO);
        folder.setText("BIDS folder");
        GridDataFactory.fillDefaults().span(3, 1).applyTo(folder);
        datasetFolder = new Text(group, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).indent(16, 0).hint(100, SWT.DEFAULT).applyTo(datasetFolder);
        Button browse = new Button(group, SWT.PUSH);
        browse.setText("Browse…");
        browse.addListener(SWT.Selection, event -> {
            String chosen = new DirectoryDialog(getSite().getShell()).open();
            if (chosen != null) {
                datasetFolder.setText(chosen);
                folder.setSelection(true);
                cohort.setSelection(false);
            }
        });
    }

    private void createModels(Composite form) {
        Group group = group(form, "Models", 3);
        models = new Table(group, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
        GridDataFactory.fillDefaults().grab(true, false).span(3, 1).hint(100, 70).applyTo(models);
        kind = new Combo(group, SWT.READ_ONLY);
        for (ContributionDescriptor model : registry.descriptors(ContributionKind.MODEL)) {
            if (model.id().equals("hybrid")) { // the hybrid model takes its context from an extractor
                registry.descriptors(ContributionKind.CONTEXT).forEach(context -> kind.add("hybrid + " + context.id()));
            } else {
                kind.add(model.id());
            }
        }
        if (kind.getItemCount() > 0) {
            kind.select(0);
        }
        kind.setToolTipText("A model kind to train (a hybrid needs a context extractor)");
        GridDataFactory.fillDefaults().grab(true, false).span(3, 1).hint(60, SWT.DEFAULT).applyTo(kind);
        new Label(group, SWT.NONE).setText("Epochs");
        epochs = new Spinner(group, SWT.BORDER);
        epochs.setValues(20, 1, 10000, 0, 1, 10);
        epochs.setToolTipText("training epochs");
        Button train = new Button(group, SWT.PUSH);
        train.setText("Add to Train");
        train.addListener(SWT.Selection, event -> {
            String text = kind.getText();
            if (text.startsWith("hybrid + ")) {
                addModel(ExperimentDraft.ModelChoice.train("hybrid", Optional.of(text.substring(9)), epochs.getSelection()));
            } else if (!text.isEmpty()) {
                addModel(ExperimentDraft.ModelChoice.train(text, Optional.empty(), epochs.getSelection()));
            }
        });
        Composite buttons = new Composite(group, SWT.NONE);
        GridDataFactory.fillDefaults().span(3, 1).applyTo(buttons);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(buttons);
        Button load = new Button(buttons, SWT.PUSH);
        load.setText("Add Saved…");
        load.setToolTipText("A model saved by perturba train or an earlier run (models/*.zip), or an ONNX model with its card"
                + " (perturba import-model)");
        load.addListener(SWT.Selection, event -> {
            FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN);
            dialog.setFilterExtensions(new String[] { "*.zip;*.onnx", "*.zip", "*.onnx" });
            dialog.setFilterNames(new String[] { "Models (*.zip, *.onnx)", "Perturba models (*.zip)", "ONNX models (*.onnx)" });
            String file = dialog.open();
            if (file != null) {
                addModel(ExperimentDraft.ModelChoice.load(Path.of(file)));
            }
        });
        Button remove = new Button(buttons, SWT.PUSH);
        remove.setText("Remove");
        remove.addListener(SWT.Selection, event -> {
            int index = models.getSelectionIndex();
            if (index >= 0) {
                modelChoices.remove(index);
                models.remove(index);
            }
        });
    }

    private void createAttack(Composite form) {
        Group group = group(form, "Attack", 2);
        new Label(group, SWT.NONE).setText("Attack");
        attack = new Combo(group, SWT.READ_ONLY);
        List<ContributionDescriptor> attacks = registry.descriptors(ContributionKind.ATTACK);
        for (ContributionDescriptor descriptor : attacks) {
            attack.add(descriptor.id());
        }
        GridDataFactory.fillDefaults().grab(true, false).hint(60, SWT.DEFAULT).applyTo(attack);
        new Label(group, SWT.NONE).setText("Directions");
        Composite directionBoxes = new Composite(group, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(DIRECTIONS.length).applyTo(directionBoxes);
        for (int i = 0; i < DIRECTIONS.length; i++) {
            directions[i] = new Button(directionBoxes, SWT.CHECK);
            directions[i].setText(DIRECTIONS[i]);
        }
        directions[0].setSelection(true);
        parameters = new ParameterForm(group);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(parameters.composite());
        attack.addListener(SWT.Selection, event -> showAttack(attack.getText()));
        int fgsm = attack.indexOf("fgsm");
        if (attack.getItemCount() > 0) {
            attack.select(Math.max(0, fgsm));
            showAttack(attack.getText());
        }
        new Label(group, SWT.NONE).setText("ε sweep");
        epsilons = new Text(group, SWT.BORDER);
        epsilons.setText(PerturbaPreferences.defaultEpsilons());
        epsilons.setToolTipText("Budgets as fractions of the normalised intensity range, separated by commas");
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(epsilons);
        new Label(group, SWT.NONE).setText("Attacked subjects");
        attacked = new Spinner(group, SWT.BORDER);
        attacked.setValues(8, 1, 100000, 0, 1, 10);
    }

    private void createRun(Composite form) {
        Group group = group(form, "Run", 3);
        new Label(group, SWT.NONE).setText("Output");
        output = new Text(group, SWT.BORDER);
        output.setText(defaultOutput().toString());
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(output);
        Button browse = new Button(group, SWT.PUSH);
        browse.setText("Browse…");
        browse.addListener(SWT.Selection, event -> {
            String chosen = new DirectoryDialog(getSite().getShell()).open();
            if (chosen != null) {
                output.setText(chosen);
            }
        });
        Composite buttons = new Composite(group, SWT.NONE);
        GridDataFactory.fillDefaults().span(3, 1).applyTo(buttons);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(buttons);
        run = new Button(buttons, SWT.PUSH);
        run.setText("Run");
        run.addListener(SWT.Selection, event -> runFromForm());
        cancel = new Button(buttons, SWT.PUSH);
        cancel.setText("Cancel");
        cancel.setEnabled(false);
        cancel.addListener(SWT.Selection, event -> {
            if (job != null) {
                job.cancel();
            }
        });
        status = new Label(group, SWT.WRAP);
        status.setText("Ready");
        GridDataFactory.fillDefaults().grab(true, false).span(3, 1).hint(100, SWT.DEFAULT).applyTo(status);
    }

    /** Shows the running job's stage every half second until it ends. */
    private void showStage(ExperimentJob running) {
        if (status.isDisposed() || running != job || running.getState() == org.eclipse.core.runtime.jobs.Job.NONE) {
            return;
        }
        String stage = running.stage();
        status.setText("Running" + (stage.isEmpty() ? "…" : ": " + stage + "…"));
        status.getDisplay().timerExec(500, () -> showStage(running));
    }

    private static Group group(Composite form, String title, int columns) {
        Group group = new Group(form, SWT.NONE);
        group.setText(title);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(group);
        GridLayoutFactory.swtDefaults().numColumns(columns).applyTo(group);
        return group;
    }

    private static Path defaultOutput() {
        return Path.of(System.getProperty("user.home"), "perturba-runs",
                "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    private void showAttack(String id) {
        registry.find(ContributionKind.ATTACK, id).ifPresent(descriptor -> {
            parameters.show(descriptor.parameters());
            attack.setToolTipText(descriptor.description());
        });
        parameters.composite().getParent().getParent().layout(true, true);
        if (scroll != null) {
            fitForm();
        }
    }

    private void runFromForm() {
        try {
            run(Path.of(output.getText().trim()));
        } catch (InvalidExperimentException | RuntimeException e) {
            ErrorDialog.openError(getSite().getShell(), "Perturba", "The experiment is not valid",
                    Errors.status("Check the form", e));
        }
    }

    // ---- operations, public for tests ----

    /** The scrolled area holding the form, for tests that check it fits the view's width. */
    public ScrolledComposite formArea() {
        return scroll;
    }

    public void addModel(ExperimentDraft.ModelChoice model) {
        modelChoices.add(model);
        new TableItem(models, SWT.NONE).setText(model.describe());
    }

    /** The line under Run: ready, the running stage, or how the last run ended. */
    public String statusText() {
        return status.getText();
    }

    /** Whether Run is enabled: no run of this view is going on. */
    public boolean isReadyToRun() {
        return run.isEnabled();
    }

    public void clearModels() {
        modelChoices.clear();
        models.removeAll();
    }

    /** Selects an attack and shows its parameter form. */
    public void selectAttack(String id) {
        attack.select(attack.indexOf(id));
        showAttack(id);
    }

    /** The parameter fields shown, by name (the generated form). */
    public List<String> parameterNames() {
        return List.copyOf(parameters.values().keySet());
    }

    public void setCohort(int count) {
        cohort.setSelection(true);
        subjects.setSelection(count);
    }

    public void setEpsilons(String text) {
        epsilons.setText(text);
    }

    public void setAttackedSubjects(int count) {
        attacked.setSelection(count);
    }

    /** The form as a draft experiment. */
    public ExperimentDraft draft() {
        ExperimentDraft draft = new ExperimentDraft();
        draft.datasetFolder = cohort.getSelection() || datasetFolder.getText().isBlank() ? Optional.empty()
                : Optional.of(Path.of(datasetFolder.getText().trim()));
        draft.cohortSubjects = subjects.getSelection();
        draft.cohortGrid = Integer.parseInt(grid.getText());
        draft.models.addAll(modelChoices);
        draft.attack = attack.getText();
        draft.directions.clear();
        for (int i = 0; i < DIRECTIONS.length; i++) {
            if (directions[i].getSelection()) {
                draft.directions.add(DIRECTIONS[i]);
            }
        }
        draft.parameters.putAll(parameters.values());
        draft.epsilons = epsilons.getText();
        draft.attackedSubjects = attacked.getSelection();
        return draft;
    }

    /**
     * Validates the form and starts the run in a job writing to {@code out}; when it ends, its output
     * opens in the Results view (or its error is shown).
     */
    public ExperimentJob run(Path out) throws InvalidExperimentException {
        if (job != null && job.getState() != org.eclipse.core.runtime.jobs.Job.NONE) {
            throw new InvalidExperimentException("an experiment is already running; cancel it first");
        }
        ExperimentSpec spec = draft().toSpec(registry, out.toAbsolutePath().getParent());
        ExperimentJob started = new ExperimentJob(spec, out.toAbsolutePath());
        Display display = getSite().getShell().getDisplay();
        started.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                if (!display.isDisposed()) { // the workbench may have closed meanwhile
                    display.asyncExec(() -> finished(started, event.getResult()));
                }
            }
        });
        job = started;
        run.setEnabled(false);
        cancel.setEnabled(true);
        started.schedule();
        status.setText("Starting " + spec.name() + "…");
        display.timerExec(500, () -> showStage(started));
        return started;
    }

    private void finished(ExperimentJob finished, IStatus result) {
        if (run.isDisposed()) {
            return;
        }
        run.setEnabled(true);
        cancel.setEnabled(false);
        output.setText(defaultOutput().toString());
        status.setText(result.isOK() ? finishedText(finished)
                : result.getSeverity() == IStatus.CANCEL ? "Cancelled (what was finished stays in " + finished.output() + ")"
                        : "Failed: " + result.getMessage());
        status.getParent().layout(true, true);
        fitForm();
        if (result.isOK() && getSite().getWorkbenchWindow().getActivePage() != null) {
            ResultsView.show(getSite().getWorkbenchWindow(), finished.output());
        } else if (result.getSeverity() == IStatus.ERROR) {
            ErrorDialog.openError(getSite().getShell(), "Perturba", finished.getName() + " failed", result);
        }
    }

    /** "Finished: DIR", or, when contributions failed, how many and the first, one line each (also in the Error Log). */
    private static String finishedText(ExperimentJob finished) {
        List<ContributionFailure> failures = finished.result().map(RunResult::failures).orElse(List.of());
        if (failures.isEmpty()) {
            return "Finished: " + finished.output();
        }
        return "Finished with " + failures.size() + (failures.size() == 1 ? " failed contribution" : " failed contributions")
                + " (see the Error Log): " + finished.output() + "\n" + failures.stream().map(ContributionFailure::describe)
                        .collect(Collectors.joining("\n"));
    }

    /** Closed: a run still going on is cancelled (what it finished stays in its folder); it reports to no one. */
    @Override
    public void dispose() {
        if (job != null) {
            job.cancel();
        }
        super.dispose();
    }

    @Override
    public void setFocus() {
        attack.setFocus();
    }
}
