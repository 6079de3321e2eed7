package org.perturba.report.chart;

import static org.perturba.report.Markup.escape;

import java.awt.Color;
import java.util.Locale;

/** Writes chart drawing operations as SVG elements; {@link #toString()} gives the finished document. */
final class SvgCanvas implements Canvas {
    private final StringBuilder svg = new StringBuilder(8192);

    SvgCanvas(int width, int height, String title) {
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" font-family=\"sans-serif\">\n")
                .append("<title>").append(escape(title)).append("</title>\n");
    }

    @Override
    public void rect(double x, double y, double width, double height, Color fill, Color stroke) {
        svg.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" fill=\"").append(paint(fill))
                .append("\" stroke=\"").append(paint(stroke)).append("\"/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Color color, double width, boolean dashed) {
        svg.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(paint(color))
                .append("\" stroke-width=\"").append(n(width)).append('"')
                .append(dashed ? " stroke-dasharray=\"6 4\"" : "").append("/>\n");
    }

    @Override
    public void polyline(double[] points, Color color, double width) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(paint(color)).append("\" stroke-width=\"")
                .append(n(width)).append("\" stroke-linejoin=\"round\" points=\"").append(points(points)).append("\"/>\n");
    }

    @Override
    public void marker(Marker shape, double x, double y, double radius, Color color) {
        String style = "\" fill=\"" + paint(color) + "\" stroke=\"#FFFFFF\" stroke-width=\"1\"/>\n";
        if (shape == Marker.CIRCLE) {
            svg.append("<circle cx=\"").append(n(x)).append("\" cy=\"").append(n(y)).append("\" r=\"").append(n(radius))
                    .append(style);
        } else {
            svg.append("<polygon points=\"").append(points(shape.polygon(x, y, radius))).append(style);
        }
    }

    @Override
    public void text(String text, double x, double y, double size, Anchor anchor, boolean bold, boolean vertical,
            Color color) {
        svg.append("<text");
        if (vertical) { // translate, then rotate: the form even simple SVG renderers follow
            svg.append(" transform=\"translate(").append(n(x)).append(' ').append(n(y)).append(") rotate(-90)\"");
        } else {
            svg.append(" x=\"").append(n(x)).append("\" y=\"").append(n(y)).append('"');
        }
        svg.append(" font-size=\"").append(n(size)).append("\" fill=\"").append(paint(color)).append('"');
        if (anchor != Anchor.START) {
            svg.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
        }
        if (bold) {
            svg.append(" font-weight=\"bold\"");
        }
        svg.append('>').append(escape(text)).append("</text>\n");
    }

    @Override
    public String toString() {
        return svg + "</svg>\n";
    }

    private static String points(double[] coordinates) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < coordinates.length; i += 2) {
            out.append(i == 0 ? "" : " ").append(n(coordinates[i])).append(',').append(n(coordinates[i + 1]));
        }
        return out.toString();
    }

    private static String paint(Color color) {
        return color == null ? "none" : Palette.hex(color);
    }

    private static String n(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.contains(".") ? text.replaceAll("\\.?0+$", "") : text;
    }
}
