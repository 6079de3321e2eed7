package org.perturba.report.slice;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleToIntFunction;

import javax.imageio.ImageIO;

import org.perturba.imaging.Volume;
import org.perturba.imaging.io.AtomicFiles;
import org.perturba.report.Markup;
import org.perturba.report.Png;

/**
 * Shows what an attack did to an image: per plane, one row of three panels — the clean image, the
 * perturbation (adversarial − clean) and the adversarial image. Perturbations are usually far below
 * the visible intensity range, so the middle panel shows them magnified: with a factor k (×50), the
 * colour map saturates at half the grey window divided by k, i.e. a perturbation drawn dark red would,
 * multiplied by k, move a voxel across half the grey range. By default k is the largest 1-2-5 number
 * that keeps the strongest perturbation inside the colour scale.
 *
 * <p>Orientation follows {@link Plane}: neurological (subject's left on the left), anterior (axial)
 * or superior (coronal, sagittal) up; all rows share one pixel size per millimetre.
 *
 * <pre>{@code
 * SliceFigure.of(clean, adversarial).slice(Plane.AXIAL, 60).writePng(Path.of("slices.png"));
 * }</pre>
 */
public final class SliceFigure {
    /** The panels of a row, left to right. */
    public enum Column { CLEAN, PERTURBATION, ADVERSARIAL }

    private static final int LABEL_WIDTH = 86;
    private static final int TITLE_HEIGHT = 28;
    private static final int GAP = 6;
    private static final int FOOTER_HEIGHT = 56;
    private static final Color TEXT = new Color(0x222222);

    private final Volume clean;
    private final Volume adversarial;
    private final Volume perturbation;
    private final Map<Plane, Integer> chosenSlices = new EnumMap<>(Plane.class);
    private List<Plane> planes = List.of(Plane.AXIAL, Plane.CORONAL, Plane.SAGITTAL);
    private Window window;
    private double magnification = Double.NaN;
    private int panelSize = 220;

    private SliceFigure(Volume clean, Volume adversarial) {
        if (!Arrays.equals(clean.shape(), adversarial.shape())) {
            throw new IllegalArgumentException("the clean volume is " + Arrays.toString(clean.shape())
                    + ", the adversarial one " + Arrays.toString(adversarial.shape()));
        }
        this.clean = clean;
        this.adversarial = adversarial;
        float[] difference = new float[clean.voxelCount()];
        for (int i = 0; i < difference.length; i++) {
            difference[i] = adversarial.voxels()[i] - clean.voxels()[i];
        }
        this.perturbation = clean.withVoxels(difference);
    }

    /** A figure of {@code adversarial} against {@code clean}; both on the same grid. */
    public static SliceFigure of(Volume clean, Volume adversarial) {
        return new SliceFigure(clean, adversarial);
    }

    /** The planes to show, one row each, top to bottom (default axial, coronal, sagittal). */
    public SliceFigure planes(Plane... rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("a figure needs at least one plane");
        }
        this.planes = List.of(rows);
        return this;
    }

    /** Shows slice {@code index} of the plane instead of the central one (see {@link Slice#of}). */
    public SliceFigure slice(Plane plane, int index) {
        Slice.of(clean, plane, index); // fails now, not at rendering, if out of range
        chosenSlices.put(plane, index);
        return this;
    }

    /** The grey window (default: 1st to 99th percentile of the clean image). */
    public SliceFigure window(Window grey) {
        this.window = grey;
        return this;
    }

    /** The perturbation's magnification factor (default: chosen from the data, see the class comment). */
    public SliceFigure magnification(double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("the magnification must be positive, not " + factor);
        }
        this.magnification = factor;
        return this;
    }

    /** Side of each square panel in pixels (default 220). */
    public SliceFigure panelSize(int pixels) {
        if (pixels < 16) {
            throw new IllegalArgumentException("panels of " + pixels + " pixels are too small");
        }
        this.panelSize = pixels;
        return this;
    }

    /** The grey window in use. */
    public Window window() {
        return window != null ? window : Window.percentiles(clean.voxels(), 1, 99);
    }

    /** The magnification factor in use. */
    public double magnification() {
        if (!Double.isNaN(magnification)) {
            return magnification;
        }
        double largest = 0;
        for (float value : perturbation.voxels()) {
            if (Float.isFinite(value)) {
                largest = Math.max(largest, Math.abs(value));
            }
        }
        if (largest == 0) {
            return 1;
        }
        double ratio = window().halfWidth() / largest;
        double decade = Math.pow(10, Math.floor(Math.log10(ratio)));
        for (double m : new double[] { 5, 2, 1 }) {
            if (m * decade <= ratio * (1 + 1e-9)) {
                return m * decade;
            }
        }
        return decade;
    }

    /** Where a panel lies in {@link #toImage()}; {@code row} counts the planes from 0. */
    public Rectangle panel(int row, Column column) {
        return new Rectangle(LABEL_WIDTH + column.ordinal() * (panelSize + GAP), TITLE_HEIGHT + row * (panelSize + GAP),
                panelSize, panelSize);
    }

    /** The figure as an RGB image; needs no display. */
    public BufferedImage toImage() {
        Window grey = window();
        double factor = magnification();
        double limit = grey.halfWidth() / factor;
        int width = LABEL_WIDTH + 3 * panelSize + 2 * GAP + 10;
        int height = TITLE_HEIGHT + planes.size() * (panelSize + GAP) - GAP + FOOTER_HEIGHT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            List<Slice[]> rows = new ArrayList<>();
            double pixelsPerMm = Double.POSITIVE_INFINITY;
            for (Plane plane : planes) {
                Slice[] row = { slice(clean, plane), slice(perturbation, plane), slice(adversarial, plane) };
                rows.add(row);
                pixelsPerMm = Math.min(pixelsPerMm, Math.min(panelSize / row[0].widthMm(), panelSize / row[0].heightMm()));
            }
            for (int r = 0; r < rows.size(); r++) {
                Slice[] row = rows.get(r);
                paint(image, panel(r, Column.CLEAN), row[0], pixelsPerMm, 0x000000, v -> ColorMap.grey(v, grey));
                paint(image, panel(r, Column.PERTURBATION), row[1], pixelsPerMm, 0xFFFFFF, v -> ColorMap.diverging(v, limit));
                paint(image, panel(r, Column.ADVERSARIAL), row[2], pixelsPerMm, 0x000000, v -> ColorMap.grey(v, grey));
                Plane plane = planes.get(r);
                Rectangle first = panel(r, Column.CLEAN);
                text(g, plane.label(), 8, first.y + first.height / 2, false, 13);
                text(g, "slice " + sliceIndex(plane), 8, first.y + first.height / 2 + 17, false, 11);
            }
            String[] titles = { "clean", "perturbation \u00d7" + number(factor), "adversarial" };
            for (Column column : Column.values()) {
                Rectangle panel = panel(0, column);
                text(g, titles[column.ordinal()], panel.x + panel.width / 2, TITLE_HEIGHT - 9, true, 14);
            }
            colourBar(g, image, panel(planes.size() - 1, Column.PERTURBATION), limit);
            Rectangle last = panel(planes.size() - 1, Column.CLEAN);
            text(g, "neurological view: subject's left on the left", last.x, last.y + last.height + 48, false, 11);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** An SVG document showing {@link #toImage()}, embedded as a PNG data URI (one file to share). */
    public String toSvg() {
        BufferedImage image = toImage();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        int w = image.getWidth();
        int h = image.getHeight();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\""
                + " width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h + "\">\n"
                + "<title>" + Markup.escape("clean, perturbation \u00d7" + number(magnification()) + ", adversarial")
                + "</title>\n<image x=\"0\" y=\"0\" width=\"" + w + "\" height=\"" + h + "\" xlink:href=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png.toByteArray()) + "\"/>\n</svg>\n";
    }

    public void writePng(Path file) throws IOException {
        Png.write(toImage(), file);
    }

    public void writeSvg(Path file) throws IOException {
        AtomicFiles.writeString(file, toSvg());
    }

    private Slice slice(Volume volume, Plane plane) {
        return Slice.of(volume, plane, sliceIndex(plane));
    }

    private int sliceIndex(Plane plane) {
        Integer chosen = chosenSlices.get(plane);
        return chosen != null ? chosen : clean.shape()[Slice.normalVoxelAxis(clean, plane)] / 2;
    }

    /** Draws the slice centred in the panel, nearest neighbour, at the shared scale. */
    private static void paint(BufferedImage image, Rectangle panel, Slice slice, double pixelsPerMm, int background,
            DoubleToIntFunction colour) {
        int drawWidth = Math.max(1, Math.min(panel.width, (int) Math.round(slice.widthMm() * pixelsPerMm)));
        int drawHeight = Math.max(1, Math.min(panel.height, (int) Math.round(slice.heightMm() * pixelsPerMm)));
        int left = (panel.width - drawWidth) / 2;
        int top = (panel.height - drawHeight) / 2;
        for (int py = 0; py < panel.height; py++) {
            for (int px = 0; px < panel.width; px++) {
                int rgb = background;
                int dx = px - left;
                int dy = py - top;
                if (dx >= 0 && dx < drawWidth && dy >= 0 && dy < drawHeight) {
                    rgb = colour.applyAsInt(slice.value(dx * slice.width() / drawWidth, dy * slice.height() / drawHeight));
                }
                image.setRGB(panel.x + px, panel.y + py, rgb);
            }
        }
    }

    /** The diverging scale under the perturbation column, labelled in image intensity units. */
    private static void colourBar(Graphics2D g, BufferedImage image, Rectangle above, double limit) {
        int top = above.y + above.height + 6;
        for (int px = 0; px < above.width; px++) {
            int rgb = ColorMap.diverging((2.0 * px / (above.width - 1) - 1) * limit, limit);
            for (int py = 0; py < 8; py++) {
                image.setRGB(above.x + px, top + py, rgb);
            }
        }
        String value = String.format(Locale.ROOT, "%.3g", limit);
        text(g, "\u2212" + value, above.x, top + 22, false, 11);
        text(g, "0", above.x + above.width / 2, top + 22, true, 11);
        FontMetrics metrics = g.getFontMetrics();
        text(g, "+" + value, above.x + above.width - metrics.stringWidth("+" + value), top + 22, false, 11);
    }

    private static void text(Graphics2D g, String text, int x, int baseline, boolean centred, int size) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
        g.setColor(TEXT);
        int shift = centred ? g.getFontMetrics().stringWidth(text) / 2 : 0;
        g.drawString(text, x - shift, baseline);
    }

    private static String number(double value) {
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
