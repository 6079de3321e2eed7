package org.perturba.ui;

import java.awt.image.BufferedImage;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;

/** Pixels computed off screen (0xRRGGBB arrays, report charts) as SWT image data. */
public final class SwtImages {
    private SwtImages() {
    }

    /** Image data of {@code width × height} 0xRRGGBB pixels, row by row from the top. */
    public static ImageData of(int[] rgb, int width, int height) {
        ImageData data = new ImageData(width, height, 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            System.arraycopy(rgb, y * width, row, 0, width);
            data.setPixels(0, y, width, row, 0);
        }
        return data;
    }

    public static ImageData of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < argb.length; i++) {
            argb[i] &= 0xFFFFFF;
        }
        return of(argb, width, height);
    }
}
