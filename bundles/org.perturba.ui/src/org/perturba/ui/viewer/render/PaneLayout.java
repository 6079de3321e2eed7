package org.perturba.ui.viewer.render;

/**
 * Where a slice lands in a pane of {@code paneWidth × paneHeight} pixels: scaled to fit with the
 * anatomy's proportions (pixels may be anisotropic), times the zoom; when zoomed in, centred on the
 * focus (the crosshair) as far as the slice allows.
 */
public final class PaneLayout {
    private final double originX;
    private final double originY;
    private final double columnPixels;
    private final double rowPixels;
    private final int columns;
    private final int rows;

    public PaneLayout(int paneWidth, int paneHeight, SliceGeometry geometry, double zoom, int focusColumn, int focusRow) {
        columns = geometry.width();
        rows = geometry.height();
        double widthMm = columns * geometry.pixelWidthMm();
        double heightMm = rows * geometry.pixelHeightMm();
        double fit = Math.min(Math.max(1, paneWidth) / widthMm, Math.max(1, paneHeight) / heightMm);
        double scale = fit * Math.max(1, zoom);
        columnPixels = scale * geometry.pixelWidthMm();
        rowPixels = scale * geometry.pixelHeightMm();
        originX = place(paneWidth, columns * columnPixels, (focusColumn + 0.5) * columnPixels);
        originY = place(paneHeight, rows * rowPixels, (focusRow + 0.5) * rowPixels);
    }

    /** Centred when it fits; otherwise the focus at the centre, without showing space beyond the slice. */
    private static double place(int pane, double size, double focus) {
        if (size <= pane) {
            return (pane - size) / 2;
        }
        double origin = pane / 2.0 - focus;
        return Math.max(pane - size, Math.min(0, origin));
    }

    public int x() {
        return (int) Math.round(originX);
    }

    public int y() {
        return (int) Math.round(originY);
    }

    public int width() {
        return (int) Math.round(columns * columnPixels);
    }

    public int height() {
        return (int) Math.round(rows * rowPixels);
    }

    /** The slice column under pane pixel x, or -1 outside the slice. */
    public int column(int x) {
        int column = (int) Math.floor((x - originX) / columnPixels);
        return column >= 0 && column < columns ? column : -1;
    }

    /** The slice row under pane pixel y, or -1 outside the slice. */
    public int row(int y) {
        int row = (int) Math.floor((y - originY) / rowPixels);
        return row >= 0 && row < rows ? row : -1;
    }

    /** The pane x of a column's centre. */
    public int centreX(int column) {
        return (int) Math.round(originX + (column + 0.5) * columnPixels);
    }

    /** The pane y of a row's centre. */
    public int centreY(int row) {
        return (int) Math.round(originY + (row + 0.5) * rowPixels);
    }
}
