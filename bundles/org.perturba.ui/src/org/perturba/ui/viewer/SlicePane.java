package org.perturba.ui.viewer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.perturba.report.slice.Plane;
import org.perturba.ui.SwtImages;
import org.perturba.ui.viewer.render.ColourBar;
import org.perturba.ui.viewer.render.PaneLayout;
import org.perturba.ui.viewer.render.SliceGeometry;
import org.perturba.ui.viewer.render.SliceRenderer;
import org.perturba.ui.viewer.render.VolumeScene;

/**
 * One plane of the volume viewer: paints the slice through the crosshair that {@link SliceRenderer}
 * computes, and the crosshair. A click or drag moves the crosshair, the wheel steps through slices,
 * hovering reports the voxel under the mouse. What it does with those the {@link Listener} decides.
 */
final class SlicePane extends Canvas {
    /** What the pane reports; the editor links the three panes through it. */
    interface Listener {
        void crosshairMoved(int[] voxel);

        void hovered(int[] voxel);

        void left();

        /** A right-button drag of (dx, dy) pixels: window/level, as in most medical viewers. */
        void windowDragged(int dx, int dy);
    }

    private static final String[] AXIS_LETTERS = { "L", "R", "P", "A", "I", "S" };
    private final Plane plane;
    private final VolumeScene scene;
    private final SliceGeometry geometry;
    private final Listener listener;
    private double zoom = 1;
    private boolean dragging;
    private Point windowing;

    SlicePane(Composite parent, Plane plane, VolumeScene scene, Listener listener) {
        super(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        this.plane = plane;
        this.scene = scene;
        this.geometry = scene.geometry(plane);
        this.listener = listener;
        setBackground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
        addListener(SWT.Paint, event -> paint(event.gc));
        addListener(SWT.MouseDown, event -> {
            if (event.button == 1) {
                dragging = true;
                moveCrosshair(event);
            } else if (event.button == 3) {
                windowing = new Point(event.x, event.y);
            }
        });
        addListener(SWT.MouseUp, event -> {
            dragging = false;
            windowing = null;
        });
        addListener(SWT.MouseMove, event -> {
            if (dragging) {
                moveCrosshair(event);
            }
            if (windowing != null) {
                listener.windowDragged(event.x - windowing.x, event.y - windowing.y);
                windowing = new Point(event.x, event.y);
            }
            int[] voxel = voxelAt(event.x, event.y);
            if (voxel != null) {
                listener.hovered(voxel);
            } else {
                listener.left();
            }
        });
        addListener(SWT.MouseExit, event -> listener.left());
        addListener(SWT.MouseVerticalWheel, event -> step(event.count > 0 ? 1 : -1));
    }

    Plane plane() {
        return plane;
    }

    SliceGeometry geometry() {
        return geometry;
    }

    /** The slice through the crosshair. */
    int sliceIndex() {
        return geometry.index(scene.crosshair());
    }

    void setZoom(double zoom) {
        this.zoom = zoom;
        redraw();
    }

    /** Moves the crosshair {@code slices} slices along this plane's normal. */
    void step(int slices) {
        int[] voxel = scene.crosshair();
        voxel[geometry.normalVoxelAxis()] += slices;
        listener.crosshairMoved(voxel);
    }

    /** Shows slice {@code index} (the crosshair moves there). */
    void showSlice(int index) {
        int[] voxel = scene.crosshair();
        voxel[geometry.normalVoxelAxis()] = index;
        listener.crosshairMoved(voxel);
    }

    /** The pane position of the crosshair, for tests that click on it. */
    Point crosshairLocation() {
        PaneLayout layout = paneLayout();
        int[] crosshair = scene.crosshair();
        return new Point(layout.centreX(geometry.column(crosshair)), layout.centreY(geometry.row(crosshair)));
    }

    /** The voxel under pane pixel (x, y) in the shown slice, or null outside it. */
    int[] voxelAt(int x, int y) {
        PaneLayout layout = paneLayout();
        int column = layout.column(x);
        int row = layout.row(y);
        return column < 0 || row < 0 ? null : geometry.voxel(column, row, sliceIndex());
    }

    private void moveCrosshair(Event event) {
        int[] voxel = voxelAt(event.x, event.y);
        if (voxel != null) {
            listener.crosshairMoved(voxel);
        }
    }

    private PaneLayout paneLayout() {
        Point size = getSize();
        int[] crosshair = scene.crosshair();
        return new PaneLayout(size.x, size.y, geometry, zoom, geometry.column(crosshair), geometry.row(crosshair));
    }

    private void paint(GC gc) {
        Point size = getSize();
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.fillRectangle(0, 0, size.x, size.y);
        if (size.x < 2 || size.y < 2) {
            return;
        }
        PaneLayout layout = paneLayout();
        int[] pixels = SliceRenderer.render(scene, plane, sliceIndex());
        Image image = new Image(getDisplay(), SwtImages.of(pixels, geometry.width(), geometry.height()));
        try {
            gc.setInterpolation(SWT.NONE); // voxels stay square blocks when zoomed, no blur
            gc.drawImage(image, 0, 0, geometry.width(), geometry.height(), layout.x(), layout.y(), layout.width(), layout.height());
        } finally {
            image.dispose();
        }
        int[] crosshair = scene.crosshair();
        int x = layout.centreX(geometry.column(crosshair));
        int y = layout.centreY(geometry.row(crosshair));
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_GREEN));
        gc.setLineStyle(SWT.LINE_DOT);
        gc.drawLine(x, Math.max(0, layout.y()), x, Math.min(size.y, layout.y() + layout.height()));
        gc.drawLine(Math.max(0, layout.x()), y, Math.min(size.x, layout.x() + layout.width()), y);
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_YELLOW));
        int across = plane.acrossWorldAxis();
        int up = plane.upWorldAxis();
        gc.drawText(AXIS_LETTERS[2 * across], 4, size.y / 2 - 8, true);
        gc.drawText(AXIS_LETTERS[2 * across + 1], size.x - 14, size.y / 2 - 8, true);
        gc.drawText(AXIS_LETTERS[2 * up + 1], size.x / 2 - 4, 2, true);
        gc.drawText(AXIS_LETTERS[2 * up], size.x / 2 - 4, size.y - 18, true);
        gc.drawText(plane.title() + " " + (sliceIndex() + 1) + "/" + geometry.sliceCount(), 4, 2, true);
        paintColourBar(gc);
    }

    /**
     * Where the key to the perturbation colours is drawn: bottom right of the rightmost (sagittal)
     * pane, while the heatmap or the difference is shown; null otherwise or when the pane is too small.
     */
    Rectangle colourBarBounds() {
        Point size = getSize();
        if (plane != Plane.SAGITTAL || !ColourBar.shown(scene) || size.x < 4 * ColourBar.WIDTH
                || size.y < ColourBar.HEIGHT + 60) {
            return null;
        }
        return new Rectangle(size.x - ColourBar.WIDTH - 8, size.y - ColourBar.HEIGHT - 30, ColourBar.WIDTH, ColourBar.HEIGHT);
    }

    private void paintColourBar(GC gc) {
        Rectangle bar = colourBarBounds();
        if (bar == null) {
            return;
        }
        double limit = scene.perturbationLimit();
        Image strip = new Image(getDisplay(), SwtImages.of(ColourBar.pixels(bar.width, bar.height, limit), bar.width, bar.height));
        try {
            gc.drawImage(strip, bar.x, bar.y);
        } finally {
            strip.dispose();
        }
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_GRAY));
        gc.drawRectangle(bar.x - 1, bar.y - 1, bar.width + 1, bar.height + 1);
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        String[] labels = ColourBar.labels(limit);
        Point top = gc.textExtent(labels[0]);
        Point bottom = gc.textExtent(labels[1]);
        Point zero = gc.textExtent("0");
        gc.drawText(labels[0], bar.x - top.x - 4, bar.y - 2, true);
        gc.drawText("0", bar.x - zero.x - 4, bar.y + bar.height / 2 - zero.y / 2, true);
        gc.drawText(labels[1], bar.x - bottom.x - 4, bar.y + bar.height - bottom.y + 2, true);
    }
}
