package org.perturba.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiDataType;
import org.perturba.ui.BackgroundRead;
import org.perturba.ui.actions.OpenVolumeAction;
import org.perturba.ui.viewer.VolumeEditor;
import org.perturba.ui.viewer.VolumeEditorInput;

/**
 * Large images open without freezing the window: the viewer says it is loading while a job reads the
 * image, and the UI thread keeps handling events all the while (a tick posted every 20 ms keeps arriving).
 */
class LargeVolumeTest extends WorkbenchTest {
    private static final int[] HEAD = { 182, 218, 182 };
    private static final int[] CUBE = { 512, 512, 512 };
    /** The longest the UI thread may go without handling an event while an image loads (beyond JVM-wide pauses). */
    private static final long MAX_GAP_MS = 500;

    /** The 512³ image (512 MiB of float32), written once for the tests that need it. */
    @TempDir
    static Path shared;

    @Test
    void aOneMillimetreHeadOpensWhileTheWindowKeepsHandlingEvents() throws IOException {
        Path head = temp.resolve("sub-01_T1w.nii.gz");
        TestVolumes.write(ellipsoid(HEAD, 1), head, NiftiDataType.FLOAT32);
        opensWithoutFreezing(head, HEAD);
    }

    @Test
    void a512CubedImageOpensWhileTheWindowKeepsHandlingEvents() throws IOException {
        opensWithoutFreezing(cube(), CUBE);
    }

    @Test
    void closingTheEditorWhileItLoadsStopsTheRead() throws IOException {
        Path cube = cube();
        VolumeEditor editor = OpenVolumeAction.open(window(), new VolumeEditorInput(cube));
        assertFalse(editor.isLoaded(), "the editor opened before the image was read");
        Job[] reads = Job.getJobManager().find(BackgroundRead.FAMILY);
        assertEquals(1, reads.length, "one read in the background");
        window().getActivePage().closeEditor(editor, false);
        // the event loop runs on: a read that touched the disposed editor would throw out of it here
        assertTrue(waitFor(() -> reads[0].getState() == Job.NONE, 120), "the read did not end");
        assertEquals(IStatus.CANCEL, reads[0].getResult().getSeverity(), "stopped, not finished: " + reads[0].getResult());
        waitFor(() -> false, 1);
    }

    /**
     * Opens the image while a tick posted to the UI thread every 20 ms records when it runs. The UI
     * thread may stop no longer than {@link #MAX_GAP_MS} beyond what a plain thread, ticking beside it,
     * stops at the same time: the JVM halts every thread now and then (a collection, or, on JDK 17, a
     * safepoint that waits while a huge array is zeroed, seconds on a loaded machine), and that is no
     * freeze of the window's own making.
     */
    private void opensWithoutFreezing(Path file, int[] shape) {
        System.gc(); // the writing's garbage is not collected while the image loads
        Display display = Display.getCurrent();
        Gaps ui = new Gaps();
        Gaps plain = new Gaps();
        AtomicBoolean loading = new AtomicBoolean(true);
        Runnable tick = new Runnable() {
            @Override
            public void run() {
                ui.tick();
                if (loading.get()) {
                    display.timerExec(20, this);
                }
            }
        };
        Thread beside = new Thread(() -> {
            while (loading.get()) {
                plain.tick();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "plain ticks");
        beside.setDaemon(true);
        ui.tick();
        beside.start();
        display.timerExec(20, tick);
        VolumeEditor editor = OpenVolumeAction.open(window(), new VolumeEditorInput(file));
        assertEquals("Loading " + file.getFileName() + "…", editor.messageText(), "the editor says it is loading");
        loaded(editor);
        loading.set(false);
        ui.tick();

        assertTrue(ui.longest < plain.longest + MAX_GAP_MS, "the UI thread stopped for " + ui.longest + " ms (a plain thread for "
                + plain.longest + " ms) while " + file.getFileName() + " loaded in " + ui.total() + " ms");
        assertArrayEquals(shape, editor.scene().image().shape());
        assertEquals("", editor.messageText(), "the viewer replaced the loading line");
        assertTrue(editor.readoutText().startsWith("x "), "the viewer shows the voxel at the crosshair: " + editor.readoutText());
    }

    /** The longest time between two ticks, in ms. */
    private static final class Gaps {
        private long first;
        private long last;
        private volatile long longest;

        synchronized void tick() {
            long now = System.nanoTime();
            if (first == 0) {
                first = now;
            } else {
                longest = Math.max(longest, (now - last) / 1_000_000);
            }
            last = now;
        }

        synchronized long total() {
            return (last - first) / 1_000_000;
        }
    }

    private static synchronized Path cube() throws IOException {
        Path cube = shared.resolve("cube.nii");
        if (!Files.exists(cube)) {
            TestVolumes.write(ellipsoid(CUBE, 0.5), cube, NiftiDataType.FLOAT32);
        }
        return cube;
    }

    /** An ellipsoid filling the grid, brighter towards its centre, on a grid of {@code spacing} mm. */
    private static Volume ellipsoid(int[] shape, double spacing) {
        Affine affine = new Affine(new double[][] { { spacing, 0, 0, -shape[0] * spacing / 2 },
            { 0, spacing, 0, -shape[1] * spacing / 2 }, { 0, 0, spacing, -shape[2] * spacing / 2 }, { 0, 0, 0, 1 } });
        Volume volume = Volume.zeros(shape, affine);
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int i = 0; i < shape[0]; i++) {
                    double x = 2.0 * i / shape[0] - 1;
                    double y = 2.0 * j / shape[1] - 1;
                    double z = 2.0 * k / shape[2] - 1;
                    double r = Math.sqrt(x * x + y * y + z * z);
                    volume.set(i, j, k, r < 0.9 ? (float) Math.round((1 - r) * 20) / 20 : 0);
                }
            }
        }
        return volume;
    }
}
