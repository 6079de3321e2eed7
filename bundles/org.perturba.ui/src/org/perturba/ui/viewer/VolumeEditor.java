package org.perturba.ui.viewer;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.RowData;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Slider;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;
import org.perturba.anatomy.LabelMap;
import org.perturba.report.slice.Plane;
import org.perturba.ui.BackgroundRead;
import org.perturba.ui.Errors;
import org.perturba.ui.viewer.render.DisplayMode;
import org.perturba.ui.viewer.render.SceneLoader;
import org.perturba.ui.viewer.render.VolumeScene;
import org.perturba.ui.viewer.render.WindowLevel;

/**
 * The volume viewer: axial, coronal and sagittal slices side by side with a linked crosshair and a
 * slider each, window/level, zoom, label and perturbation overlays with their opacities, a
 * clean/adversarial/difference switch for paired images, and a one-line readout of the voxel under
 * the mouse (or at the crosshair).
 */
public final class VolumeEditor extends EditorPart implements SlicePane.Listener {
    public static final String ID = "org.perturba.ui.volumeEditor";
    private static final int SCALE_STEPS = 1000;
    private Composite root;
    /** "Loading NAME…", or why it could not be read; gone once the viewer shows the image. */
    private Label message;
    private BackgroundRead<VolumeScene> loading;
    /** The image and what is shown over it, once read. */
    private VolumeScene scene;
    private final Map<Plane, SlicePane> panes = new EnumMap<>(Plane.class);
    private final Map<Plane, Slider> sliders = new EnumMap<>(Plane.class);
    private Label readout;
    private Combo mode;
    private Scale level;
    private Scale width;
    private Scale zoom;
    private Button labels;
    private Scale labelOpacity;
    private Button perturbation;
    private Scale perturbationOpacity;
    private double rangeLow;
    private double rangeHigh;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof VolumeEditorInput)) {
            throw new PartInitException("the volume viewer opens NIfTI images, not " + input.getName());
        }
        setSite(site);
        setInput(input);
        setPartName(input.getName());
        setTitleToolTip(input.getToolTipText());
    }

    /** Shows "Loading NAME…" and reads the image in the background; the viewer replaces the line once it is read. */
    @Override
    public void createPartControl(Composite parent) {
        root = parent;
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
        VolumeEditorInput volume = (VolumeEditorInput) getEditorInput();
        message = new Label(parent, SWT.WRAP);
        message.setText("Loading " + volume.getName() + "…");
        GridDataFactory.fillDefaults().grab(true, true).applyTo(message);
        loading = BackgroundRead.start(getSite(), "Loading " + volume.getName(), "Cannot open " + volume.image(), parent,
                monitor -> SceneLoader.load(volume.image(), volume.clean(), volume.labels(), monitor), this::show,
                status -> message.setText(status.getMessage()));
    }

    private void show(VolumeScene loaded) {
        scene = loaded;
        message.dispose();
        message = null;
        createControls(root);
        Composite planes = new Composite(root, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(planes);
        GridLayoutFactory.fillDefaults().numColumns(3).equalWidth(true).spacing(4, 2).applyTo(planes);
        for (Plane plane : Plane.values()) {
            Composite column = new Composite(planes, SWT.NONE);
            GridDataFactory.fillDefaults().grab(true, true).applyTo(column);
            GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(column);
            SlicePane pane = new SlicePane(column, plane, scene, this);
            GridDataFactory.fillDefaults().grab(true, true).hint(200, 200).applyTo(pane);
            Slider slider = new Slider(column, SWT.HORIZONTAL);
            GridDataFactory.fillDefaults().grab(true, false).applyTo(slider);
            slider.setValues(pane.sliceIndex(), 0, pane.geometry().sliceCount(), 1, 1, 5);
            slider.setToolTipText(plane.title() + " slice");
            slider.addListener(SWT.Selection, event -> pane.showSlice(slider.getSelection()));
            panes.put(plane, pane);
            sliders.put(plane, slider);
        }
        readout = new Label(root, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(readout);
        showCrosshairReadout();
        root.layout(true, true);
    }

    @Override
    public void dispose() {
        loading.abandon(); // closed while loading: the read stops, and nothing touches the disposed widgets
        scene = null; // the image (hundreds of MiB for a large one) goes with the editor, whoever still holds the part
        panes.clear();
        sliders.clear();
        super.dispose();
    }

    private void createControls(Composite parent) {
        Composite bar = new Composite(parent, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        RowLayout row = new RowLayout(SWT.HORIZONTAL);
        row.wrap = true; // a narrow editor wraps the controls instead of cutting them off
        row.center = true;
        row.marginTop = 0;
        row.marginBottom = 0;
        bar.setLayout(row);
        new Label(bar, SWT.NONE).setText("Show");
        mode = new Combo(bar, SWT.READ_ONLY);
        for (DisplayMode each : DisplayMode.values()) {
            mode.add(scene.paired() || each != DisplayMode.IMAGE ? each.label() : "Image");
        }
        if (!scene.paired()) {
            mode.setItems(new String[] { "Image" });
        }
        mode.select(0);
        mode.setEnabled(scene.paired());
        mode.setToolTipText("Clean, adversarial, or their difference (red: brighter, blue: darker)");
        mode.addListener(SWT.Selection, event -> setMode(DisplayMode.values()[mode.getSelectionIndex()]));

        double[] range = scene.intensityRange();
        rangeLow = range[0];
        rangeHigh = range[1];
        new Label(bar, SWT.NONE).setText("Level");
        level = scale(bar, "Window centre (or drag with the right button in a slice: up/down)");
        new Label(bar, SWT.NONE).setText("Width");
        width = scale(bar, "Window width (or drag with the right button in a slice: left/right)");
        Button auto = new Button(bar, SWT.PUSH);
        auto.setText("Auto");
        auto.setToolTipText("Window between the 0.5th and 99.5th percentiles");
        auto.addListener(SWT.Selection, event -> setWindow(scene.autoWindow()));
        showWindow(scene.window());
        level.addListener(SWT.Selection, event -> windowFromScales());
        width.addListener(SWT.Selection, event -> windowFromScales());

        new Label(bar, SWT.NONE).setText("Zoom");
        zoom = new Scale(bar, SWT.HORIZONTAL);
        zoom.setMinimum(10);
        zoom.setMaximum(80);
        zoom.setSelection(10);
        zoom.setToolTipText("Zoom ×1 to ×8, centred on the crosshair");
        zoom.setLayoutData(new RowData(80, SWT.DEFAULT));
        zoom.addListener(SWT.Selection, event -> setZoom(zoom.getSelection() / 10.0));

        labels = new Button(bar, SWT.CHECK);
        labels.setText("Labels");
        labels.setSelection(scene.showLabels() && scene.labels().isPresent()); // no tick for labels that are not there
        labels.setEnabled(scene.labels().isPresent());
        labels.addListener(SWT.Selection, event -> {
            scene.setShowLabels(labels.getSelection());
            redrawPanes();
        });
        labelOpacity = opacity(bar, scene.labelOpacity(), "Label opacity");
        labelOpacity.setEnabled(scene.labels().isPresent());
        labelOpacity.addListener(SWT.Selection, event -> {
            scene.setLabelOpacity(labelOpacity.getSelection() / 100.0);
            redrawPanes();
        });
        Button openLabels = new Button(bar, SWT.PUSH);
        openLabels.setText("Labels…");
        openLabels.setToolTipText("Open a label map (e.g. a _dseg image) as overlay");
        openLabels.addListener(SWT.Selection, event -> chooseLabels());

        perturbation = new Button(bar, SWT.CHECK);
        perturbation.setText("Perturbation");
        perturbation.setEnabled(scene.paired());
        perturbation.setToolTipText("Heatmap of adversarial − clean over the image; symmetric scale ±"
                + String.format(java.util.Locale.ROOT, "%.4g", scene.perturbationLimit()));
        perturbation.addListener(SWT.Selection, event -> setShowPerturbation(perturbation.getSelection()));
        perturbationOpacity = opacity(bar, scene.perturbationOpacity(), "Perturbation opacity");
        Label scale = new Label(bar, SWT.NONE);
        scale.setText(scene.paired() ? String.format(java.util.Locale.ROOT, "blue −%.3g … red +%.3g", scene.perturbationLimit(),
                scene.perturbationLimit()) : "");
        scale.setToolTipText("The symmetric colour scale of the perturbation: white is no change");
        perturbationOpacity.setEnabled(scene.paired());
        perturbationOpacity.addListener(SWT.Selection, event -> {
            scene.setPerturbationOpacity(perturbationOpacity.getSelection() / 100.0);
            redrawPanes();
        });
    }

    private Scale scale(Composite bar, String tip) {
        Scale scale = new Scale(bar, SWT.HORIZONTAL);
        scale.setMinimum(0);
        scale.setMaximum(SCALE_STEPS);
        scale.setToolTipText(tip);
        scale.setLayoutData(new RowData(100, SWT.DEFAULT));
        return scale;
    }

    private Scale opacity(Composite bar, double value, String tip) {
        Scale scale = new Scale(bar, SWT.HORIZONTAL);
        scale.setMinimum(0);
        scale.setMaximum(100);
        scale.setSelection((int) Math.round(value * 100));
        scale.setToolTipText(tip);
        scale.setLayoutData(new RowData(70, SWT.DEFAULT));
        return scale;
    }

    private void showWindow(WindowLevel window) {
        double span = rangeHigh - rangeLow;
        level.setSelection((int) Math.round((window.level() - rangeLow) / span * SCALE_STEPS));
        width.setSelection((int) Math.round(window.width() / span * SCALE_STEPS));
    }

    private void windowFromScales() {
        double span = rangeHigh - rangeLow;
        double centre = rangeLow + span * level.getSelection() / SCALE_STEPS;
        double extent = Math.max(span / SCALE_STEPS, span * width.getSelection() / SCALE_STEPS);
        scene.setWindow(new WindowLevel(centre, extent));
        redrawPanes();
    }

    private void chooseLabels() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN);
        dialog.setText("Open label map");
        dialog.setFilterExtensions(new String[] { "*.nii.gz;*.nii", "*" });
        dialog.setFilterNames(new String[] { "NIfTI label maps", "All files" });
        String file = dialog.open();
        if (file == null) {
            return;
        }
        openLabels(Path.of(file));
    }

    // ---- operations, public for tests and for other parts of the workbench (those after scene() once loaded) ----

    /** Whether the image has been read and is shown (the operations below need it). */
    public boolean isLoaded() {
        return scene != null;
    }

    /** The line shown instead of the viewer: "Loading NAME…" or why it could not be read; empty once it is shown. */
    public String messageText() {
        return message == null ? "" : message.getText();
    }

    public VolumeScene scene() {
        return scene;
    }

    /** Reads a label map in the background and shows it over the image; a failure is shown in a dialog. */
    public BackgroundRead<LabelMap> openLabels(Path file) {
        return BackgroundRead.start(getSite(), "Reading " + file.getFileName(), "Cannot open the label map " + file, root,
                monitor -> SceneLoader.readLabels(file), this::showLabels,
                status -> Errors.dialog(getSite().getShell(), "Cannot open the label map", status));
    }

    private void showLabels(LabelMap map) {
        scene.setLabels(map);
        scene.setShowLabels(true);
        labels.setEnabled(true);
        labels.setSelection(true);
        labelOpacity.setEnabled(true);
        redrawPanes();
        showCrosshairReadout();
    }

    public void setMode(DisplayMode displayMode) {
        scene.setMode(displayMode);
        mode.select(displayMode.ordinal());
        redrawPanes();
        showCrosshairReadout();
    }

    public void setShowPerturbation(boolean show) {
        scene.setShowPerturbation(show);
        perturbation.setSelection(show);
        redrawPanes();
    }

    /** How opaque the perturbation heatmap is, 0 to 1 (its slider follows). */
    public void setPerturbationOpacity(double opacity) {
        scene.setPerturbationOpacity(opacity);
        perturbationOpacity.setSelection((int) Math.round(scene.perturbationOpacity() * 100));
        redrawPanes();
    }

    public void setWindow(WindowLevel window) {
        scene.setWindow(window);
        showWindow(window);
        redrawPanes();
    }

    public void setZoom(double factor) {
        zoom.setSelection((int) Math.round(factor * 10));
        panes.values().forEach(pane -> pane.setZoom(factor));
    }

    /** The pane showing a plane. */
    public Composite pane(Plane plane) {
        return panes.get(plane);
    }

    /** Where a plane's pane draws the key to the perturbation colours, or empty where it draws none. */
    public Optional<org.eclipse.swt.graphics.Rectangle> colourBar(Plane plane) {
        return Optional.ofNullable(panes.get(plane).colourBarBounds());
    }

    /** Moves the crosshair to a voxel (clamped into the grid); the planes, sliders and readout follow. */
    public void setCrosshair(int[] voxel) {
        crosshairMoved(voxel);
    }

    /** The slice a plane's pane shows. */
    public int sliceIndex(Plane plane) {
        return panes.get(plane).sliceIndex();
    }

    public int sliderSelection(Plane plane) {
        return sliders.get(plane).getSelection();
    }

    public String readoutText() {
        return readout.getText();
    }

    /** The voxel under a pane pixel, or empty outside the slice. */
    public Optional<int[]> voxelAt(Plane plane, int x, int y) {
        return Optional.ofNullable(panes.get(plane).voxelAt(x, y));
    }

    /** Where a pane draws the crosshair. */
    public org.eclipse.swt.graphics.Point crosshairLocation(Plane plane) {
        return panes.get(plane).crosshairLocation();
    }

    // ---- SlicePane.Listener ----

    @Override
    public void crosshairMoved(int[] voxel) {
        scene.setCrosshair(voxel);
        for (Plane plane : Plane.values()) {
            sliders.get(plane).setSelection(panes.get(plane).sliceIndex());
        }
        redrawPanes();
        showCrosshairReadout();
    }

    /** Right-drag: right widens the window, up brightens (lowers the level); 500 pixels span the whole range. */
    @Override
    public void windowDragged(int dx, int dy) {
        WindowLevel window = scene.window();
        double span = rangeHigh - rangeLow;
        double width = Math.max(span / SCALE_STEPS, window.width() * Math.exp(dx / 200.0));
        setWindow(new WindowLevel(window.level() + dy * span / 500, width));
    }

    @Override
    public void hovered(int[] voxel) {
        readout.setText(scene.readout(voxel));
    }

    @Override
    public void left() {
        showCrosshairReadout();
    }

    private void showCrosshairReadout() {
        if (readout != null && !readout.isDisposed()) {
            readout.setText(scene.readout(scene.crosshair()));
        }
    }

    private void redrawPanes() {
        panes.values().forEach(SlicePane::redraw);
    }

    @Override
    public void setFocus() {
        if (isLoaded()) {
            panes.get(Plane.AXIAL).setFocus();
        } else {
            root.setFocus();
        }
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        // a viewer: nothing to save
    }

    @Override
    public void doSaveAs() {
        // a viewer: nothing to save
    }

    @Override
    public boolean isDirty() {
        return false;
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }
}
