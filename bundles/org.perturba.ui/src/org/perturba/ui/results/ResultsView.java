package org.perturba.ui.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;
import org.perturba.experiment.output.AttackSummary;
import org.perturba.experiment.output.ExperimentOutput;
import org.perturba.experiment.run.ContributionFailure;
import org.perturba.experiment.output.ExperimentOutputReader;
import org.perturba.experiment.output.FindingSummary;
import org.perturba.experiment.output.ModelSummary;
import org.perturba.report.chart.Chart;
import org.perturba.ui.BackgroundRead;
import org.perturba.ui.Errors;
import org.perturba.ui.actions.OpenVolumeAction;
import org.perturba.ui.viewer.VolumeEditorInput;

/**
 * The results of a run: models with their test MAE, every attack run with its shift and
 * perceptibility, the age-shift-versus-ε and predicted-versus-true charts (exportable as PNG or
 * SVG). Double-clicking an attack run opens its example image beside its clean pair in the viewer.
 */
public final class ResultsView extends ViewPart {
    public static final String ID = "org.perturba.ui.resultsView";
    private static final String[] MODEL_COLUMNS = { "Model", "Kind", "Context", "Context source", "Test subjects", "MAE (years)" };
    private static final String[] ATTACK_COLUMNS = { "Model", "Crafted on", "Attack", "Threat model", "Direction", "ε",
        "Mean shift (y)", "Mean |shift| (y)", "95 % CI", "> 5 y", "PSNR brain (dB)", "SSIM brain", "PSNR volume (dB)", "SSIM volume",
        "ε/σ noise", "Gradient-masking flags", "Error" };
    private Label title;
    private Table models;
    private Table attacks;
    private Table findings;
    private static final String[] FINDING_COLUMNS = { "Finding", "Reproduced", "Evidence" };
    private CTabFolder charts;
    private final Map<ResultCharts.Kind, ChartCanvas> canvases = new EnumMap<>(ResultCharts.Kind.class);
    private final List<AttackSummary> rows = new ArrayList<>();
    private Optional<ExperimentOutput> output = Optional.empty();
    private final RunSelectionProvider selection = new RunSelectionProvider();
    /** The output folder being read, if one is. */
    private BackgroundRead<ExperimentOutput> reading;

    /** Shows the view and starts reading a run's output into it; a failure is logged and shown. */
    public static ResultsView show(IWorkbenchWindow window, Path folder) {
        try {
            ResultsView view = (ResultsView) window.getActivePage().showView(ID, null, IWorkbenchPage.VIEW_ACTIVATE);
            view.open(folder);
            return view;
        } catch (PartInitException | RuntimeException e) {
            Errors.show(window.getShell(), "Cannot open the experiment output " + folder, e);
            return null;
        }
    }

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
        Composite bar = new Composite(parent, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        GridLayoutFactory.fillDefaults().numColumns(3).applyTo(bar);
        title = new Label(bar, SWT.NONE);
        title.setText("No experiment output open");
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(title);
        Button open = new Button(bar, SWT.PUSH);
        open.setText("Open…");
        open.addListener(SWT.Selection, event -> new org.perturba.ui.actions.OpenExperimentOutputAction(
                getSite().getWorkbenchWindow()).run());
        Button export = new Button(bar, SWT.PUSH);
        export.setText("Export Chart…");
        export.setToolTipText("Save the chart shown as PNG or SVG");
        export.addListener(SWT.Selection, event -> chooseExport());

        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        SashForm tables = new SashForm(sash, SWT.VERTICAL);
        models = table(tables, MODEL_COLUMNS);
        attacks = table(tables, ATTACK_COLUMNS);
        attacks.setToolTipText("Double-click a run to view its example image beside the clean one");
        attacks.addListener(SWT.DefaultSelection, event -> openSelectedExample());
        attacks.addListener(SWT.Selection, event -> selection.fire());
        getSite().setSelectionProvider(selection);
        tables.setWeights(new int[] { 2, 3 });
        charts = new CTabFolder(sash, SWT.BORDER | SWT.BOTTOM);
        for (ResultCharts.Kind kind : ResultCharts.Kind.values()) {
            CTabItem item = new CTabItem(charts, SWT.NONE);
            item.setText(kind.label());
            ChartCanvas canvas = new ChartCanvas(charts);
            item.setControl(canvas);
            canvases.put(kind, canvas);
        }
        CTabItem findingsItem = new CTabItem(charts, SWT.NONE);
        findingsItem.setText("Findings");
        findings = table(charts, FINDING_COLUMNS);
        findingsItem.setControl(findings);
        charts.setSelection(0);
        sash.setWeights(new int[] { 1, 1 });
    }

    private static Table table(Composite parent, String[] columns) {
        Table table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (String name : columns) {
            TableColumn column = new TableColumn(table, SWT.LEFT);
            column.setText(name);
            column.pack();
        }
        return table;
    }

    /**
     * Reads a run's output folder in the background (replacing a read still going on) and then shows
     * it; until then the view shows what it showed before, titled "Reading FOLDER…".
     */
    public BackgroundRead<ExperimentOutput> open(Path folder) {
        if (reading != null) {
            reading.abandon();
        }
        setTitle("Reading " + folder + "…", "");
        reading = BackgroundRead.start(getSite(), "Reading " + folder, "Cannot open the experiment output " + folder, title,
                monitor -> ExperimentOutputReader.read(folder), read -> show(read, folder), status -> {
                    setTitle(status.getMessage(), "");
                    Errors.dialog(getSite().getShell(), "Cannot open the experiment output " + folder, status);
                });
        return reading;
    }

    @Override
    public void dispose() {
        if (reading != null) {
            reading.abandon();
        }
        super.dispose();
    }

    private void setTitle(String text, String tip) {
        title.setText(text);
        title.setToolTipText(tip);
        title.getParent().layout();
    }

    private void show(ExperimentOutput read, Path folder) {
        output = Optional.of(read);
        int failed = read.failures().size();
        setTitle(read.name() + read.summary().grid().map(grid -> "  —  " + grid.describe()).orElse("") + "  —  " + folder
                + (failed == 0 ? ""
                : "  —  " + failed + (failed == 1 ? " failed contribution" : " failed contributions")),
                read.failures().stream().map(ContributionFailure::describe).collect(Collectors.joining("\n")));
        models.removeAll();
        for (ModelSummary model : read.models()) {
            // an oracle context (ground-truth labels) must be told apart from one measured from the image at a glance
            new TableItem(models, SWT.NONE).setText(new String[] { model.id(), model.kind(),
                model.context().map(context -> context + model.segmenter().map(segmenter -> " via " + segmenter).orElse(""))
                        .orElse("—"),
                model.contextSource().orElse("—"), Integer.toString(model.testSubjects()), number(model.maeYears(), "%.2f") });
        }
        attacks.removeAll();
        rows.clear();
        rows.addAll(read.attacks());
        rows.addAll(read.transfers());
        for (AttackSummary cell : rows) {
            new TableItem(attacks, SWT.NONE).setText(new String[] { cell.model(), cell.craftedOn().orElse(""), cell.attack(),
                cell.threatModel() + cell.protocol().map(protocol -> " (" + protocol + ")").orElse(""), cell.direction(),
                plain(cell.epsilon()), number(cell.meanShiftYears(), "%+.2f"), number(cell.meanAbsShiftYears(), "%.2f"),
                cell.meanAbsShiftYearsCi95().defined() ? cell.meanAbsShiftYearsCi95().format("%.2f") : "",
                number(cell.fractionShiftedOver5Years() * 100, "%.0f %%"), number(cell.psnrBrainDb(), "%.1f"),
                number(cell.ssimBrain(), "%.4f"), number(cell.psnrVolumeDb(), "%.1f"), number(cell.ssimVolume(), "%.4f"),
                number(cell.epsilonOverNoise(), "%.2f"), String.join(", ", cell.flags()), cell.error().orElse("") });
        }
        findings.removeAll();
        for (FindingSummary finding : read.findings()) {
            // a verdict judged on the worst case over threat models names the one that decided it
            new TableItem(findings, SWT.NONE).setText(new String[] { finding.claim(),
                finding.verdict().id() + (finding.interval().defined() ? " " + finding.interval().format("%.2f") : "")
                        + finding.worstThreatModel().map(threatModel -> " (worst case: " + threatModel + ")").orElse(""),
                finding.evidence() });
        }
        for (TableColumn column : findings.getColumns()) {
            column.pack();
        }
        for (TableColumn column : models.getColumns()) {
            column.pack();
        }
        for (TableColumn column : attacks.getColumns()) {
            column.pack();
        }
        for (ResultCharts.Kind kind : ResultCharts.Kind.values()) {
            canvases.get(kind).setChart(Optional.of(ResultCharts.of(kind, read)));
        }
        selection.fire();
    }

    /** A budget as written in the experiment, e.g. 0.02 rather than 0.02000. */
    private static String plain(double value) {
        return Double.isFinite(value) ? java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : "—";
    }

    private static String number(double value, String format) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "—";
    }

    private void openSelectedExample() {
        int index = attacks.getSelectionIndex();
        if (index < 0) {
            return;
        }
        AttackSummary cell = rows.get(index);
        ExperimentOutput shown = output.orElseThrow(); // rows come from it
        Optional<Path> adversarial = shown.adversarialImage(cell);
        if (adversarial.isEmpty()) {
            org.eclipse.jface.dialogs.MessageDialog.openInformation(getSite().getShell(), "Perturba",
                    "This run kept no example image (examples/ is missing or the attack failed).");
            return;
        }
        OpenVolumeAction.open(getSite().getWorkbenchWindow(),
                new VolumeEditorInput(adversarial.get(), shown.cleanImage(cell), Optional.empty()));
    }

    private void chooseExport() {
        if (output.isEmpty()) {
            return;
        }
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.SAVE);
        dialog.setText("Export Chart");
        dialog.setFilterExtensions(new String[] { "*.png", "*.svg" });
        dialog.setFilterNames(new String[] { "PNG image", "SVG drawing" });
        dialog.setFileName(selectedChart() == ResultCharts.Kind.SHIFT ? "age-shift-vs-epsilon.png" : "predicted-vs-true.png");
        dialog.setOverwrite(true);
        String file = dialog.open();
        if (file == null) {
            return;
        }
        try {
            exportChart(selectedChart(), Path.of(file));
        } catch (IOException | RuntimeException e) {
            Errors.show(getSite().getShell(), "Cannot export the chart", e);
        }
    }

    // ---- operations, public for tests ----

    /** The run's name and folder, and how many contributions failed in it (listed in the tooltip). */
    public String titleText() {
        return title.getText();
    }

    public Optional<ExperimentOutput> output() {
        return output;
    }

    public Table modelsTable() {
        return models;
    }

    public Table attacksTable() {
        return attacks;
    }

    /** Selects an attack run as a click would, telling selection listeners (the Dataset view). */
    public void selectAttack(int index) {
        attacks.setSelection(index);
        selection.fire();
    }

    public Table findingsTable() {
        return findings;
    }

    /** The chart shown, or the first when the Findings tab is. */
    public ResultCharts.Kind selectedChart() {
        int index = charts.getSelectionIndex();
        return index >= 0 && index < ResultCharts.Kind.values().length ? ResultCharts.Kind.values()[index]
                : ResultCharts.Kind.SHIFT;
    }

    public void selectChart(ResultCharts.Kind kind) {
        charts.setSelection(kind.ordinal());
    }

    public Composite chartCanvas(ResultCharts.Kind kind) {
        return canvases.get(kind);
    }

    /** Writes a chart as SVG when the file name ends in .svg, else as PNG, at the size it is shown (at least 800 × 500). */
    public void exportChart(ResultCharts.Kind kind, Path file) throws IOException {
        Chart<?> chart = canvases.get(kind).chart().orElseThrow(() -> new IOException("no experiment output is open"));
        Point size = canvases.get(kind).getSize();
        int width = Math.max(800, size.x);
        int height = Math.max(500, size.y);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            chart.writeSvg(file, width, height);
        } else {
            chart.writePng(file, width, height);
        }
    }

    @Override
    public void setFocus() {
        attacks.setFocus();
    }

    /** Offers the open output and the selected attack run as an {@link AttackRunSelection}. */
    private final class RunSelectionProvider implements ISelectionProvider {
        private final ListenerList<ISelectionChangedListener> listeners = new ListenerList<>();

        @Override
        public ISelection getSelection() {
            if (output.isEmpty()) {
                return StructuredSelection.EMPTY;
            }
            int index = attacks == null || attacks.isDisposed() ? -1 : attacks.getSelectionIndex();
            Optional<AttackSummary> run = index >= 0 && index < rows.size() ? Optional.of(rows.get(index)) : Optional.empty();
            return new StructuredSelection(new AttackRunSelection(output.get(), run));
        }

        @Override
        public void setSelection(ISelection ignored) {
            // the attack table is the only source of this selection
        }

        @Override
        public void addSelectionChangedListener(ISelectionChangedListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeSelectionChangedListener(ISelectionChangedListener listener) {
            listeners.remove(listener);
        }

        void fire() {
            SelectionChangedEvent event = new SelectionChangedEvent(this, getSelection());
            for (ISelectionChangedListener listener : listeners) {
                listener.selectionChanged(event);
            }
        }
    }
}
