package org.cnnclassifier.image;

import ij.process.ColorProcessor;

/** Planar RGB bytes (CIFAR-10 record layout without the label) back to an ImageJ RGB image. */
public final class PlanarRgb {
    private PlanarRgb() {
    }

    public static ColorProcessor toColorProcessor(byte[] planar, int width, int height) {
        int n = width * height;
        if (planar.length != 3 * n) {
            throw new IllegalArgumentException(planar.length + " bytes is not a " + width + "x" + height
                    + " planar RGB image");
        }
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = 0xFF000000 | (planar[i] & 0xFF) << 16 | (planar[n + i] & 0xFF) << 8 | (planar[2 * n + i] & 0xFF);
        }
        return new ColorProcessor(width, height, px);
    }
}
