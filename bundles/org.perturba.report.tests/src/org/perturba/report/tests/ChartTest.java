package org.perturba.report.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.report.chart.LineChart;
import org.perturba.report.chart.Palette;
import org.perturba.report.chart.ScatterChart;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ChartTest {
    private static final double[] EPSILON = { 0.001, 0.003, 0.01, 0.03, 0.1 };

    private static LineChart lineChart() {
        return new LineChart("MAE <under> attack & noise", "epsilon", "MAE (years)").logX(true)
                .series("FGSM", EPSILON, new double[] { 3.1, 3.9, 6.2, 11.5, 19.0 })
                .series("PGD \"strong\"", EPSILON, new double[] { 3.2, 4.8, 9.7, 18.1, 30.4 });
    }

    @Test
    void runsHeadless() {
        assertTrue(GraphicsEnvironment.isHeadless(), "the tests bundle's build sets java.awt.headless=true");
        assertNotNull(lineChart().toImage(640, 400));
    }

    @Test
    void svgIsWellFormedAndNamesTitleAndSeries() throws Exception {
        String svg = lineChart().toSvg(640, 400);
        Document document = Xml.parse(svg);
        Element root = document.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("0 0 640 400", root.getAttribute("viewBox"));
        assertEquals("sans-serif", root.getAttribute("font-family"));
        List<String> texts = texts(document);
        assertTrue(texts.contains("MAE <under> attack & noise"), texts.toString());
        assertTrue(texts.contains("FGSM"));
        assertTrue(texts.contains("PGD \"strong\""));
        assertTrue(texts.contains("epsilon") && texts.contains("MAE (years)"));
        assertTrue(svg.contains(Palette.hex(Palette.color(0))) && svg.contains(Palette.hex(Palette.color(1))));
    }

    @Test
    void logAxisIsLabelledInDecades() throws Exception {
        List<String> texts = texts(Xml.parse(lineChart().toSvg(640, 400)));
        for (String decade : List.of("0.001", "0.01", "0.1")) {
            assertTrue(texts.contains(decade), decade + " in " + texts);
        }
        assertFalse(texts.contains("0.05"), "no linear ticks on a log axis");
    }

    @Test
    void logAxisPlacesDecadesEvenly() {
        // one point per decade on a straight horizontal line: markers must be equally spaced
        double[] x = { 0.001, 0.01, 0.1, 1 };
        BufferedImage image = new LineChart("t", "x", "y").logX(true).series("s", x, new double[] { 1, 1, 1, 1 })
                .toImage(700, 400);
        List<Integer> columns = markerColumns(image, Palette.color(0));
        assertEquals(4, columns.size(), columns.toString());
        int first = columns.get(1) - columns.get(0);
        for (int i = 2; i < columns.size(); i++) {
            assertEquals(first, columns.get(i) - columns.get(i - 1), 2, columns.toString());
        }
    }

    @Test
    void pngDecodesAtTheRequestedSizeAndShowsTheSeriesColours(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("figures/mae.png");
        lineChart().writePng(file, 720, 450);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(720, image.getWidth());
        assertEquals(450, image.getHeight());
        assertTrue(count(image, Palette.color(0)) > 100, "series 1 drawn in the first palette colour");
        assertTrue(count(image, Palette.color(1)) > 100, "series 2 drawn in the second palette colour");
        assertEquals(Color.WHITE.getRGB(), image.getRGB(2, 2), "white background");
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void scatterDrawsTheIdentityLineOverEqualRanges() throws Exception {
        double[] age = { 20, 35, 50, 65, 80 };
        ScatterChart chart = new ScatterChart("Predicted vs true age", "true age", "predicted age").identityLine(true)
                .series("clean", age, new double[] { 22, 33, 52, 63, 79 })
                .series("attacked", age, new double[] { 40, 58, 71, 90, 95 });
        Document svg = Xml.parse(chart.toSvg(600, 600));
        NodeList lines = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "line");
        boolean dashed = false;
        for (int i = 0; i < lines.getLength(); i++) {
            dashed |= !((Element) lines.item(i)).getAttribute("stroke-dasharray").isEmpty();
        }
        assertTrue(dashed, "a dashed identity line");
        assertEquals(10, svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle").getLength()
                + svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polygon").getLength() - 2,
                "one marker per point plus one per legend entry");
        List<String> texts = texts(svg);
        assertTrue(texts.contains("100") && texts.contains("20"), "both axes reach the other's range: " + texts);
        BufferedImage image = chart.toImage(600, 600);
        assertTrue(count(image, Palette.color(0)) > 30 && count(image, Palette.color(1)) > 30);
    }

    private static List<String> texts(Document document) {
        NodeList nodes = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    private static int count(BufferedImage image, Color colour) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return n;
    }

    /** Centres of runs of columns holding the colour, below the legend (whose rows end above y = 80). */
    private static List<Integer> markerColumns(BufferedImage image, Color colour) {
        int rgb = colour.getRGB() & 0xFFFFFF;
        List<Integer> centres = new ArrayList<>();
        int runStart = -1;
        for (int x = 0; x < image.getWidth(); x++) {
            int height = 0;
            for (int y = 80; y < image.getHeight(); y++) {
                height += (image.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
            boolean marker = height >= 5; // the 2 px line is thinner than any marker
            if (marker && runStart < 0) {
                runStart = x;
            } else if (!marker && runStart >= 0) {
                centres.add((runStart + x - 1) / 2);
                runStart = -1;
            }
        }
        return centres;
    }
}
