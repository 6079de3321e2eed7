package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IEditorDescriptor;
import org.eclipse.ui.IEditorRegistry;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.perturba.report.slice.Plane;
import org.perturba.ui.actions.OpenVolumeAction;
import org.perturba.ui.viewer.VolumeEditor;
import org.perturba.ui.viewer.VolumeEditorInput;
import org.perturba.ui.viewer.render.DisplayMode;

/** The volume viewer opens a NIfTI image in three linked planes, reads out voxels and overlays labels and perturbations. */
class VolumeViewerTest extends WorkbenchTest {
    @Test
    void showsThreeLinkedPlanesWithTheVoxelUnderTheCrosshairAndItsRegion() throws IOException {
        Path t1w = TestVolumes.subject(temp.resolve("dataset"));
        VolumeEditor editor = loaded(OpenVolumeAction.open(window(), new VolumeEditorInput(t1w)));
        Screenshots.settle(editor.pane(Plane.AXIAL).getDisplay());
        for (Plane plane : Plane.values()) {
            Composite pane = editor.pane(plane);
            assertTrue(pane.isVisible(), plane + " pane hidden");
            assertTrue(pane.getSize().x > 50 && pane.getSize().y > 50, plane + " pane is " + pane.getSize());
        }
        assertTrue(editor.scene().labels().isPresent(), "the _dseg beside the image is shown as labels");
        // crosshair starts in the middle: voxel (6, 7, 5), value 6 + 100·7 + 10000·5, world (0, 0, 0) mm
        assertArrayEquals(new int[] { 6, 7, 5 }, editor.scene().crosshair());
        String readout = editor.readoutText();
        assertTrue(readout.contains("x 0.0  y 0.0  z 0.0 mm"), readout);
        assertTrue(readout.contains("voxel (6, 7, 5)"), readout);
        assertTrue(readout.contains("value 50706"), readout);
        assertTrue(readout.contains("Right_Thing (2)"), readout);
        assertEquals(5, editor.sliderSelection(Plane.AXIAL));
        assertEquals(7, editor.sliderSelection(Plane.CORONAL));
        assertEquals(6, editor.sliderSelection(Plane.SAGITTAL));
        Screenshots.save(window().getShell(), "workbench-volume");
        Screenshots.saveMaximised(editor, "volume-viewer");

        // a click in the axial pane moves the crosshair there; the other planes follow
        Composite axial = editor.pane(Plane.AXIAL);
        Point centre = editor.crosshairLocation(Plane.AXIAL);
        int x = centre.x - axial.getSize().x / 8;
        int[] target = editor.voxelAt(Plane.AXIAL, x, centre.y).orElseThrow();
        assertTrue(target[0] < 6, "left of the centre is the subject's left (neurological view)");
        Event click = new Event();
        click.button = 1;
        click.x = x;
        click.y = centre.y;
        axial.notifyListeners(SWT.MouseDown, click);
        axial.notifyListeners(SWT.MouseUp, click);
        assertArrayEquals(new int[] { target[0], 7, 5 }, editor.scene().crosshair());
        assertEquals(target[0], editor.sliderSelection(Plane.SAGITTAL));
        assertTrue(editor.readoutText().contains("value " + (target[0] + 50700)), editor.readoutText());
        assertTrue(editor.readoutText().contains("Left_Thing (1)"), editor.readoutText());

        // the wheel steps through axial slices
        Event wheel = new Event();
        wheel.count = 1;
        axial.notifyListeners(SWT.MouseVerticalWheel, wheel);
        assertEquals(6, editor.sliceIndex(Plane.AXIAL));
        assertEquals(6, editor.sliderSelection(Plane.AXIAL));

        // a right-button drag downwards raises the level, to the right widens the window
        var before = editor.scene().window();
        Event press = new Event();
        press.button = 3;
        press.x = 10;
        press.y = 10;
        axial.notifyListeners(SWT.MouseDown, press);
        Event drag = new Event();
        drag.x = 60;
        drag.y = 60;
        axial.notifyListeners(SWT.MouseMove, drag);
        axial.notifyListeners(SWT.MouseUp, drag);
        assertTrue(editor.scene().window().level() > before.level(), "level follows the drag");
        assertTrue(editor.scene().window().width() > before.width(), "width follows the drag");
        editor.setWindow(editor.scene().autoWindow());

        editor.setZoom(3);
        Screenshots.saveMaximised(editor, "volume-viewer-zoomed");
    }

    @Test
    void pairsAnAdversarialExampleWithItsCleanImageAndShowsTheDifference() throws IOException {
        Path output = TestOutputs.write(temp.resolve("run"));
        VolumeEditor editor = loaded(OpenVolumeAction.open(window(), new VolumeEditorInput(output.resolve(TestOutputs.ADVERSARIAL))));
        assertTrue(editor.scene().paired(), "the clean example of the output folder is found");
        assertEquals(0.02, editor.scene().perturbationLimit(), 1e-6);
        assertTrue(editor.colourBar(Plane.SAGITTAL).isEmpty(), "no colour key while no perturbation is shown");
        editor.setShowPerturbation(true);
        assertTrue(editor.readoutText().contains("difference"), editor.readoutText());
        Screenshots.saveMaximised(editor, "volume-viewer-perturbation");
        assertColourBar(editor);
        editor.setMode(DisplayMode.DIFFERENCE);
        assertEquals(DisplayMode.DIFFERENCE, editor.scene().mode());
        var data = Screenshots.save(editor.pane(Plane.AXIAL), "volume-viewer-difference");
        assertTrue(Screenshots.colours(data) >= 3, "the difference shows red, blue and white");
        editor.setShowPerturbation(false);
        assertColourBar(editor); // the difference keeps its key
        editor.setPerturbationOpacity(0.35);
        assertEquals(0.35, editor.scene().perturbationOpacity(), 1e-9);
        editor.setMode(DisplayMode.IMAGE);
        assertTrue(editor.colourBar(Plane.SAGITTAL).isEmpty(), "the key goes with the colours");
    }

    @Test
    void claimsNiftiImagesNotEveryGzipFile() {
        IEditorRegistry editors = PlatformUI.getWorkbench().getEditorRegistry();
        for (String image : new String[] { "sub-01_T1w.nii", "sub-01_T1w.nii.gz" }) {
            IEditorDescriptor editor = editors.getDefaultEditor(image);
            assertEquals(VolumeEditor.ID, editor == null ? null : editor.getId(), image);
        }
        for (String other : new String[] { "notes.gz", "data.tar.gz", "nii.gz.txt" }) {
            IEditorDescriptor editor = editors.getDefaultEditor(other);
            assertNotEquals(VolumeEditor.ID, editor == null ? null : editor.getId(), other);
        }
    }

    @Test
    void saysInTheEditorWhyAnImageCannotBeRead() throws IOException {
        Path broken = temp.resolve("broken.nii.gz");
        Files.writeString(broken, "not an image");
        VolumeEditor editor = OpenVolumeAction.open(window(), new VolumeEditorInput(broken));
        assertTrue(waitFor(() -> editor.messageText().startsWith("Cannot open " + broken), 30), editor.messageText());
        assertFalse(editor.isLoaded());
    }

    /** The sagittal pane draws the diverging key: red at its top, blue at its bottom; the other panes none. */
    private static void assertColourBar(VolumeEditor editor) throws IOException {
        assertTrue(editor.colourBar(Plane.AXIAL).isEmpty() && editor.colourBar(Plane.CORONAL).isEmpty());
        var pane = Screenshots.save(editor.pane(Plane.SAGITTAL), "volume-viewer-colour-bar");
        var bar = editor.colourBar(Plane.SAGITTAL).orElseThrow(() -> new AssertionError("no colour key"));
        org.eclipse.swt.graphics.RGB top = pane.palette.getRGB(pane.getPixel(bar.x + bar.width / 2, bar.y + 1));
        org.eclipse.swt.graphics.RGB bottom = pane.palette.getRGB(pane.getPixel(bar.x + bar.width / 2, bar.y + bar.height - 2));
        assertTrue(top.red > 150 && top.blue < 100, "red at the top: " + top);
        assertTrue(bottom.blue > 150 && bottom.red < 100, "blue at the bottom: " + bottom);
    }
}
