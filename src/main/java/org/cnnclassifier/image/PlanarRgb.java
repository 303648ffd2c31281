package org.cnnclassifier.image;

import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/**
 * Planar RGB bytes (red plane, green plane, blue plane, each row-major: a CIFAR-10 record without
 * its label byte), the network's input layout, from any ImageJ image and back to an RGB image.
 * From an image: ImageJ's own area-averaging downsizing ({@code ImageProcessor.resize(w, h, true)});
 * grayscale replicated to three channels; 16- and 32-bit images scaled from their display range
 * to 0-255 as ImageJ does when converting to 8-bit. Not a GUI class: ij.process only.
 */
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

    /** Planar RGB bytes of {@code ip} resized to {@code width x height}. */
    public static byte[] fromImage(ImageProcessor ip, int width, int height) {
        if (ip.getWidth() < 2 || ip.getHeight() < 2) {
            throw new IllegalArgumentException("The image is " + ip.getWidth() + "x" + ip.getHeight()
                    + " pixels; a classifier needs at least 2x2. Open a larger image.");
        }
        ColorProcessor rgb = toColor(ip);
        ImageProcessor sized = rgb.getWidth() == width && rgb.getHeight() == height ? rgb : resize(rgb, width, height);
        int[] px = (int[]) sized.getPixels();
        int n = width * height;
        byte[] out = new byte[3 * n];
        for (int i = 0; i < n; i++) {
            int c = px[i];
            out[i] = (byte) (c >> 16);
            out[n + i] = (byte) (c >> 8);
            out[2 * n + i] = (byte) c;
        }
        return out;
    }

    private static ImageProcessor resize(ColorProcessor rgb, int width, int height) {
        rgb.setInterpolationMethod(ImageProcessor.BILINEAR);
        // ImageJ averages over the source area when downsizing with useAveraging=true.
        return rgb.resize(width, height, true);
    }

    private static ColorProcessor toColor(ImageProcessor ip) {
        if (ip instanceof ColorProcessor cp) {
            return cp;
        }
        // convertToRGB scales 16/32-bit from the display range (as ImageJ's 8-bit conversion does)
        // and applies the LUT of 8-bit images; grayscale becomes R = G = B.
        return (ColorProcessor) ip.convertToRGB();
    }
}
