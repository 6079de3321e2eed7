package org.perturba.report.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.report.slice.ColorMap;
import org.perturba.report.slice.Plane;
import org.perturba.report.slice.Slice;
import org.perturba.report.slice.SliceFigure;
import org.perturba.report.slice.SliceFigure.Column;
import org.perturba.report.slice.Window;
import org.w3c.dom.Element;

class SliceFigureTest {
    private static final int N = 20;

    /** Intensity = 10 * y (grows anteriorly in a RAS volume); perturbation +0.02 on the subject's right half. */
    private static Volume[] cleanAndAdversarial(Affine affine) {
        Volume clean = Volume.zeros(new int[] { N, N, N }, affine);
        Volume adversarial = Volume.zeros(new int[] { N, N, N }, affine);
        for (int z = 0; z < N; z++) {
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    clean.set(x, y, z, 10 * y);
                    adversarial.set(x, y, z, 10 * y + (x >= N / 2 ? 0.02f : 0));
                }
            }
        }
        return new Volume[] { clean, adversarial };
    }

    @Test
    void divergingMapIsWhiteAtZeroRedAboveBlueBelow() {
        assertEquals(0xFFFFFF, ColorMap.diverging(0, 1));
        int red = ColorMap.diverging(1, 1);
        assertTrue((red >> 16 & 0xFF) > 150 && (red & 0xFF) < 80, Integer.toHexString(red));
        int blue = ColorMap.diverging(-1, 1);
        assertTrue((blue & 0xFF) > 150 && (blue >> 16 & 0xFF) < 80, Integer.toHexString(blue));
        assertEquals(red, ColorMap.diverging(5, 1), "saturates beyond the limit");
    }

    @Test
    void perturbationPanelShowsZeroWhiteAndPositiveRed() {
        Volume[] volumes = cleanAndAdversarial(Affine.diagonal(1, 1, 1));
        SliceFigure figure = SliceFigure.of(volumes[0], volumes[1]).planes(Plane.AXIAL).window(new Window(0, 190));
        BufferedImage image = figure.toImage();
        Rectangle panel = figure.panel(0, Column.PERTURBATION);
        int left = image.getRGB(panel.x + panel.width / 4, panel.y + panel.height / 2) & 0xFFFFFF;
        int right = image.getRGB(panel.x + 3 * panel.width / 4, panel.y + panel.height / 2) & 0xFFFFFF;
        assertEquals(0xFFFFFF, left, "no perturbation on the subject's left, shown on the left");
        int r = right >> 16 & 0xFF;
        assertTrue(r > (right >> 8 & 0xFF) + 40 && r > (right & 0xFF) + 60,
                "positive perturbation in red hues: " + Integer.toHexString(right));
        assertEquals(2000, figure.magnification(), 1e-9, "largest 1-2-5 factor with 0.02 * k <= 95");
    }

    @Test
    void axialSlicesShowAnteriorUpWhateverTheStorageOrder() {
        // LPS storage (DICOM order): x grows to the left, y posteriorly; the picture must not change
        Volume[] ras = cleanAndAdversarial(Affine.diagonal(1, 1, 1));
        Slice slice = Slice.central(ras[0], Plane.AXIAL);
        assertEquals(190, slice.value(0, 0), "top row is the most anterior");
        assertEquals(0, slice.value(0, N - 1));
        Volume[] lps = cleanAndAdversarial(Affine.diagonal(-1, -1, 1));
        Slice clean = Slice.central(lps[0], Plane.AXIAL);
        Slice adversarial = Slice.central(lps[1], Plane.AXIAL);
        assertEquals(0, clean.value(0, 0), "y = 0 is the most anterior row of an LPS volume: shown at the top");
        assertEquals(190, clean.value(0, N - 1));
        assertEquals(0.02f, adversarial.value(0, 5) - clean.value(0, 5), 1e-6,
                "x >= N/2 is the subject's left half in LPS storage: shown on the screen's left");
        assertEquals(0, adversarial.value(N - 1, 5) - clean.value(N - 1, 5), 1e-6);
    }

    @Test
    void greyPanelsFollowTheWindow() {
        Volume[] volumes = cleanAndAdversarial(Affine.diagonal(1, 1, 1));
        SliceFigure figure = SliceFigure.of(volumes[0], volumes[1]).planes(Plane.AXIAL).window(new Window(0, 190));
        BufferedImage image = figure.toImage();
        Rectangle clean = figure.panel(0, Column.CLEAN);
        assertEquals(0xFFFFFF, image.getRGB(clean.x + clean.width / 2, clean.y + 2) & 0xFFFFFF, "anterior, bright, at the top");
        assertEquals(0x000000, image.getRGB(clean.x + clean.width / 2, clean.y + clean.height - 3) & 0xFFFFFF);
    }

    @Test
    void writesAllThreePlanesAsPngAndSvg(@TempDir Path directory) throws Exception {
        Volume[] volumes = cleanAndAdversarial(Affine.diagonal(1, 1, 2));
        SliceFigure figure = SliceFigure.of(volumes[0], volumes[1]).slice(Plane.CORONAL, 3).magnification(50);
        figure.writePng(directory.resolve("slices.png"));
        BufferedImage png = ImageIO.read(directory.resolve("slices.png").toFile());
        Rectangle last = figure.panel(2, Column.ADVERSARIAL);
        assertTrue(png.getHeight() > last.y + last.height && png.getWidth() > last.x + last.width);
        figure.writeSvg(directory.resolve("slices.svg"));
        Element svg = Xml.parse(Files.readString(directory.resolve("slices.svg"))).getDocumentElement();
        Element embedded = (Element) svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "image").item(0);
        assertTrue(embedded.getAttributeNS("http://www.w3.org/1999/xlink", "href").startsWith("data:image/png;base64,"));
        assertTrue(svg.getTextContent().contains("\u00d750"));
        assertThrows(IllegalArgumentException.class, () -> figure.slice(Plane.AXIAL, N));
    }
}
