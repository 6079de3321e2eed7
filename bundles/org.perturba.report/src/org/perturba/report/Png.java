package org.perturba.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.perturba.imaging.io.AtomicFiles;

/** Writes images as PNG files through ImageIO, atomically, for charts and slice figures alike. */
public final class Png {
    private Png() {
    }

    public static void write(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this JRE");
            }
        });
    }
}
