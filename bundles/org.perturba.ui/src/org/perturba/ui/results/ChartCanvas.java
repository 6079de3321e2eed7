package org.perturba.ui.results;

import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.perturba.report.chart.Chart;
import org.perturba.ui.SwtImages;

/** Paints a report chart at the canvas's size; the chart is drawn off screen once per size. */
final class ChartCanvas extends Canvas {
    private static final int MIN_WIDTH = 640;
    private static final int MIN_HEIGHT = 400;
    private Optional<Chart<?>> chart = Optional.empty();
    private Image image;
    private Point imageSize;

    ChartCanvas(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        addListener(SWT.Paint, event -> paint(event.gc));
        addListener(SWT.Dispose, event -> disposeImage());
    }

    void setChart(Optional<Chart<?>> chart) {
        this.chart = chart;
        disposeImage();
        redraw();
    }

    Optional<Chart<?>> chart() {
        return chart;
    }

    private void paint(GC gc) {
        Point size = getSize();
        if (chart.isEmpty() || size.x < 20 || size.y < 20) {
            gc.drawText(chart.isEmpty() ? "Open an experiment output folder (File > Open Experiment Output…)" : "", 8, 8);
            return;
        }
        // a chart needs room for its labels and legend: a small canvas shows it drawn larger, scaled down
        int width = Math.max(size.x, MIN_WIDTH);
        int height = Math.max(size.y, MIN_HEIGHT);
        double shrink = Math.min((double) size.x / width, (double) size.y / height);
        if (image == null || !size.equals(imageSize)) {
            disposeImage();
            try {
                image = new Image(getDisplay(), SwtImages.of(chart.get().toImage(width, height)));
            } catch (RuntimeException e) {
                gc.drawText("The chart cannot be drawn: " + e.getMessage(), 8, 8);
                return;
            }
            imageSize = size;
        }
        gc.setAntialias(SWT.ON);
        gc.setInterpolation(SWT.HIGH);
        gc.drawImage(image, 0, 0, width, height, 0, 0, (int) Math.round(width * shrink), (int) Math.round(height * shrink));
    }

    private void disposeImage() {
        if (image != null) {
            image.dispose();
            image = null;
        }
    }
}
