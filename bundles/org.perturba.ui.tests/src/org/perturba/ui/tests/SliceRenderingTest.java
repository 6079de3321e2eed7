package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.anatomy.LabelMap;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.report.slice.Plane;
import org.perturba.ui.viewer.render.ColourBar;
import org.perturba.ui.viewer.render.Colours;
import org.perturba.ui.viewer.render.CompanionFiles;
import org.perturba.ui.viewer.render.DisplayMode;
import org.perturba.ui.viewer.render.PaneLayout;
import org.perturba.ui.viewer.render.SceneLoader;
import org.perturba.ui.viewer.render.SliceGeometry;
import org.perturba.ui.viewer.render.SliceRenderer;
import org.perturba.ui.viewer.render.VolumeScene;
import org.perturba.ui.viewer.render.WindowLevel;

/** The viewer's plain-Java rendering: geometry, windowing, colours, overlays, layout and companion files. */
class SliceRenderingTest {

    @Test
    void axialSlicesOfARasVolumeShowRightOnTheRightAndAnteriorUp() {
        SliceGeometry axial = new SliceGeometry(Plane.AXIAL, new int[] { 4, 5, 6 }, "RAS", new double[] { 1, 2, 3 });
        assertEquals(4, axial.width());
        assertEquals(5, axial.height());
        assertEquals(6, axial.sliceCount());
        assertEquals(2, axial.normalVoxelAxis());
        assertArrayEquals(new int[] { 0, 4, 2 }, axial.voxel(0, 0, 2), "top left: left, anterior");
        assertArrayEquals(new int[] { 3, 0, 2 }, axial.voxel(3, 4, 2), "bottom right: right, posterior");
        int[] voxel = { 1, 3, 5 };
        assertEquals(1, axial.column(voxel));
        assertEquals(1, axial.row(voxel));
        assertEquals(5, axial.index(voxel));
        assertEquals(1 + 4 * (3 + 5 * 5), axial.linearIndex(1, 1, 5));
        assertEquals(2, axial.pixelHeightMm());
    }

    @Test
    void flippedAndPermutedStorageDisplaysTheSameWay() {
        // LPS storage: i grows to the left, j to posterior; the sagittal plane runs along i
        SliceGeometry sagittal = new SliceGeometry(Plane.SAGITTAL, new int[] { 4, 5, 6 }, "LPS", new double[] { 1, 1, 1 });
        assertEquals(0, sagittal.normalVoxelAxis());
        assertEquals(5, sagittal.width());
        assertArrayEquals(new int[] { 2, 4, 5 }, sagittal.voxel(0, 0, 2), "top left: posterior (j = 4), superior");
        SliceGeometry coronal = new SliceGeometry(Plane.CORONAL, new int[] { 4, 5, 6 }, "ASR", new double[] { 1, 1, 1 });
        assertEquals(0, coronal.normalVoxelAxis(), "A is stored along i");
        assertEquals(6, coronal.width(), "R along k runs across");
        assertThrows(IllegalArgumentException.class,
                () -> new SliceGeometry(Plane.AXIAL, new int[] { 2, 2, 2 }, "RRS", new double[] { 1, 1, 1 }));
    }

    @Test
    void windowLevelMapsTheWindowOntoGreyLevels() {
        WindowLevel window = WindowLevel.ofRange(10, 20);
        assertEquals(15, window.level());
        assertEquals(0, window.grey(5));
        assertEquals(0, window.grey(10));
        assertEquals(128, window.grey(15));
        assertEquals(255, window.grey(25));
        assertEquals(0, window.grey(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new WindowLevel(1, 0));
    }

    @Test
    void labelColoursDifferBetweenNeighboursAndMixingBlends() {
        assertNotEquals(Colours.label(1), Colours.label(2));
        assertEquals(Colours.label(17), Colours.label(17));
        assertEquals(0x808080, Colours.mix(0x000000, 0xFFFFFF, 0.5), "half way is mid grey");
        assertEquals(0x123456, Colours.mix(0x123456, 0xFFFFFF, 0));
        assertEquals(0xFFFFFF, Colours.diverging(0, 1), "no change is white");
        assertTrue((Colours.diverging(1, 1) >> 16 & 0xFF) > (Colours.diverging(1, 1) & 0xFF), "positive is red");
        assertTrue((Colours.diverging(-1, 1) & 0xFF) > (Colours.diverging(-1, 1) >> 16 & 0xFF), "negative is blue");
    }

    private static Volume ramp() {
        Volume volume = Volume.zeros(new int[] { 3, 3, 3 }, Affine.diagonal(2, 2, 2));
        for (int i = 0; i < 27; i++) {
            volume.voxels()[i] = i;
        }
        return volume;
    }

    @Test
    void rendersWindowedGreyWithLabelAndPerturbationOverlays() {
        Volume clean = ramp();
        float[] adversarial = clean.voxels().clone();
        adversarial[13] += 2; // the centre voxel brighter
        adversarial[4] -= 1; // voxel (1, 1, 0) darker
        VolumeScene scene = new VolumeScene(clean.withVoxels(adversarial), Optional.of(clean));
        assertTrue(scene.paired());
        assertEquals(2, scene.perturbationLimit());
        scene.setWindow(WindowLevel.ofRange(0, 26));
        int[] pixels = SliceRenderer.render(scene, Plane.AXIAL, 1);
        assertEquals(9, pixels.length);
        // axial slice k = 1, row 1 (j = 1), column 1 (i = 1): voxel 13, value 15 of 0..26
        assertEquals(Colours.grey(scene.window().grey(15)), pixels[4]);

        scene.setShowPerturbation(true);
        int[] heat = SliceRenderer.render(scene, Plane.AXIAL, 1);
        assertTrue((heat[4] >> 16 & 0xFF) > (heat[4] & 0xFF), "a brighter voxel is tinted red");
        assertEquals(pixels[0], heat[0], "unchanged voxels keep their grey");

        scene.setMode(DisplayMode.DIFFERENCE);
        int[] difference = SliceRenderer.render(scene, Plane.AXIAL, 0);
        assertEquals(0xFFFFFF, difference[0], "no change is white");
        assertTrue((difference[4] & 0xFF) > (difference[4] >> 16 & 0xFF), "a darker voxel is blue");

        scene.setMode(DisplayMode.CLEAN);
        Volume labels = Volume.zeros(new int[] { 3, 3, 3 }, clean.affine());
        labels.voxels()[13] = 5;
        scene.setLabels(new LabelMap(labels, Map.of(5, "Thalamus")));
        scene.setShowPerturbation(false);
        scene.setLabelOpacity(1);
        int[] labelled = SliceRenderer.render(scene, Plane.AXIAL, 1);
        assertEquals(Colours.label(5), labelled[4]);
        assertEquals(pixels[0], labelled[0], "background is not coloured");
        String readout = scene.readout(new int[] { 1, 1, 1 });
        assertTrue(readout.contains("x 2.0  y 2.0  z 2.0 mm"), readout);
        assertTrue(readout.contains("clean 13  adversarial 15  difference 2"), readout);
        assertTrue(readout.contains("Thalamus (5)"), readout);
    }

    @Test
    void anUnpairedImageHasNoDifferenceMode() {
        VolumeScene scene = new VolumeScene(ramp(), Optional.empty());
        assertThrows(IllegalStateException.class, () -> scene.setMode(DisplayMode.DIFFERENCE));
        assertTrue(scene.readout(new int[] { 2, 0, 0 }).contains("value 2"));
        scene.setCrosshair(new int[] { -3, 9, 1 });
        assertArrayEquals(new int[] { 0, 2, 1 }, scene.crosshair(), "clamped into the grid");
    }

    @Test
    void paneLayoutFitsKeepsProportionsAndMapsBack() {
        SliceGeometry geometry = new SliceGeometry(Plane.AXIAL, new int[] { 10, 20, 5 }, "RAS", new double[] { 2, 1, 1 });
        // 20 mm × 20 mm in a 200 × 100 pane: 100 × 100 pixels, centred
        PaneLayout layout = new PaneLayout(200, 100, geometry, 1, 5, 10);
        assertEquals(50, layout.x());
        assertEquals(0, layout.y());
        assertEquals(100, layout.width());
        assertEquals(100, layout.height());
        assertEquals(0, layout.column(50));
        assertEquals(9, layout.column(149));
        assertEquals(-1, layout.column(151));
        assertEquals(19, layout.row(99));
        assertEquals(55, layout.centreX(0));
        // zoomed ×4 on column 0: the slice starts at the pane's left edge, never leaving a gap
        PaneLayout zoomed = new PaneLayout(200, 100, geometry, 4, 0, 0);
        assertEquals(0, zoomed.x());
        assertEquals(400, zoomed.width());
    }

    @Test
    void findsTheSegmentationAndLabelTableOfABidsImage(@TempDir Path root) throws IOException {
        Path t1w = TestVolumes.subject(root);
        assertEquals(Optional.of(root.resolve("sub-01/anat/sub-01_dseg.nii.gz")), CompanionFiles.segmentationFor(t1w));
        assertEquals(Optional.empty(), CompanionFiles.segmentationFor(root.resolve("sub-01/anat/sub-01_dseg.nii.gz")));
        assertEquals(Optional.of(root.resolve("dseg.tsv").toAbsolutePath()),
                CompanionFiles.labelTableFor(root.resolve("sub-01/anat/sub-01_dseg.nii.gz")));
        assertTrue(CompanionFiles.isImage(t1w));
        VolumeScene scene = SceneLoader.load(t1w, Optional.empty(), Optional.empty(), new NullProgressMonitor());
        assertEquals("Left_Thing", scene.labels().orElseThrow().name(1));
        Files.writeString(root.resolve("broken.nii.gz"), "not an image");
        assertThrows(IOException.class, () -> SceneLoader.load(root.resolve("broken.nii.gz"), Optional.empty(), Optional.empty(),
                new NullProgressMonitor()));
    }

    @Test
    void theColourBarRunsFromRedAtPlusTheLimitThroughWhiteToBlueAtMinusIt() {
        int[] bar = ColourBar.pixels(3, 11, 0.01);
        assertEquals(3 * 11, bar.length);
        assertEquals(Colours.diverging(0.01, 0.01), bar[0], "top: +limit");
        assertEquals(bar[0], bar[2], "a row is one colour");
        assertEquals(0xFFFFFF, bar[5 * 3], "middle: no change, white");
        assertEquals(Colours.diverging(-0.01, 0.01), bar[10 * 3], "bottom: −limit");
        int top = bar[0];
        int bottom = bar[10 * 3];
        assertTrue((top >> 16 & 0xFF) > (top & 0xFF), "red at the top");
        assertTrue((bottom & 0xFF) > (bottom >> 16 & 0xFF), "blue at the bottom");
        assertArrayEquals(new String[] { "+0.01", "\u22120.01" }, ColourBar.labels(0.01));
        assertArrayEquals(new String[] { "+0.0235", "\u22120.0235" }, ColourBar.labels(0.02349));
        assertArrayEquals(new String[] { "+1", "\u22121" }, ColourBar.labels(1));
    }
}
