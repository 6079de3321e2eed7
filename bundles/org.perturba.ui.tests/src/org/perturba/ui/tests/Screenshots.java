package org.perturba.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/** Screenshots of the workbench under test, saved as PNG under target/screenshots/. */
final class Screenshots {
    private Screenshots() {
    }

    static Path folder() throws IOException {
        Path folder = Path.of(System.getProperty("perturba.screenshots", "target/screenshots"));
        Files.createDirectories(folder);
        return folder;
    }

    /** Lets the UI settle (layout, paint), then copies a control's area off the screen. */
    static ImageData save(Control control, String name) throws IOException {
        return saveAs(control, folder().resolve(name + ".png"));
    }

    /** As {@link #save(Control, String)}, into a given PNG file. */
    static ImageData saveAs(Control control, Path file) throws IOException {
        Display display = control.getDisplay();
        settle(display);
        Rectangle bounds = control instanceof Shell shell ? shell.getBounds()
                : display.map(control.getParent(), null, control.getBounds());
        Image image = new Image(display, Math.max(1, bounds.width), Math.max(1, bounds.height));
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
            ImageData data = image.getImageData();
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { data };
            Files.createDirectories(file.toAbsolutePath().getParent());
            loader.save(file.toString(), SWT.IMAGE_PNG);
            return data;
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /**
     * As {@link #saveAs(Control, Path)}, written by the JDK's PNG encoder, which filters rows and so
     * makes screenshots of text and charts a good deal smaller: for images kept in the repository.
     */
    static ImageData saveCompact(Control control, Path file) throws IOException {
        Path scratch = Files.createTempFile("perturba-screenshot", ".png");
        try {
            ImageData data = saveAs(control, scratch);
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(data.width, data.height,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < data.height; y++) {
                for (int x = 0; x < data.width; x++) {
                    org.eclipse.swt.graphics.RGB rgb = data.palette.getRGB(data.getPixel(x, y));
                    image.setRGB(x, y, rgb.red << 16 | rgb.green << 8 | rgb.blue);
                }
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!javax.imageio.ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
            return data;
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    /** The whole window with one part maximised (as a user looks at it), then the layout restored. */
    static ImageData saveMaximised(org.eclipse.ui.IWorkbenchPart part, String name) throws IOException {
        org.eclipse.ui.IWorkbenchPage page = part.getSite().getPage();
        org.eclipse.ui.IWorkbenchPartReference reference = page.getReference(part);
        page.setPartState(reference, org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
        try {
            return save(part.getSite().getShell(), name);
        } finally {
            page.setPartState(reference, org.eclipse.ui.IWorkbenchPage.STATE_RESTORED);
        }
    }

    /** Runs the event loop until nothing is pending (and a little longer, for the window manager). */
    static void settle(Display display) {
        long end = System.currentTimeMillis() + 300;
        while (System.currentTimeMillis() < end) {
            while (display.readAndDispatch()) {
                // dispatch everything pending
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The number of distinct colours in an image: a painted chart or slice has many, a blank area one. */
    static int colours(ImageData data) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < data.height; y += 2) {
            for (int x = 0; x < data.width; x += 2) {
                seen.add(data.getPixel(x, y));
                if (seen.size() > 1000) {
                    return seen.size();
                }
            }
        }
        return seen.size();
    }
}
