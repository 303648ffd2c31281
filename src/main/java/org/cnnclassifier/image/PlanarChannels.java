package org.cnnclassifier.image;

import java.util.ArrayList;
import java.util.List;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

/**
 * Planar N-channel bytes (channel planes one after the other, each row-major) of any ImageJ image
 * at an {@link InputShape}: the network's input layout. The image's own channels are those of one
 * Z/T position of a multi-channel image, R, G and B of an RGB image, or the one plane of a
 * grayscale image ({@link #channelsAt}). For {@code divide-by-255} each plane is brought to 8 bits
 * as ImageJ's 8-bit conversion does (16/32-bit from the display range) and resized with ImageJ's
 * area averaging; for 3 channels in {@code rgb} mode the bytes are exactly
 * {@link PlanarRgb#fromImage}'s. For the full-precision normalisations each channel's original
 * values (raw 8/16/32-bit, never through 8 bits) give the statistics, are resized as 32-bit and
 * normalised; each float32 value is stored as 4 bytes in 4 byte planes per channel (plane
 * {@code 4c+k} holds byte {@code k}, most significant first, of every value of channel {@code c}),
 * so that moving bytes within planes (augmentation) moves whole values, and 0 bytes are 0.0.
 */
public final class PlanarChannels {
    private PlanarChannels() {
    }

    /** The image's own channel count: a hyperstack's channels, 3 for RGB, else 1 (or the pages, if asked). */
    public static int nativeChannels(ImagePlus imp, boolean pagesAsChannels) {
        if (imp.getBitDepth() == 24) {
            return 3;
        }
        if (imp.getNChannels() > 1) {
            return imp.getNChannels();
        }
        return pagesAsChannels ? imp.getStackSize() : 1;
    }

    /**
     * The image's own channels at (z, t), 1-based: one processor per channel (an RGB image gives its one
     * ColorProcessor). With {@code pagesAsChannels}, a stack without a channel dimension (a multi-page TIFF)
     * gives all its pages. 16/32-bit channels carry their display range (a composite's per-channel range).
     */
    public static List<ImageProcessor> channelsAt(ImagePlus imp, int z, int t, boolean pagesAsChannels) {
        List<ImageProcessor> out = new ArrayList<>();
        ImageStack stack = imp.getStack();
        if (imp.getNChannels() > 1) {
            for (int c = 1; c <= imp.getNChannels(); c++) {
                ImageProcessor ip = stack.getProcessor(imp.getStackIndex(c, z, t));
                if (imp instanceof CompositeImage ci && ip.getBitDepth() != 8 && ip.getBitDepth() != 24) {
                    LUT lut = ci.getChannelLut(c);
                    ip.setMinAndMax(lut.min, lut.max);
                }
                out.add(ip);
            }
        } else if (pagesAsChannels && imp.getStackSize() > 1 && imp.getBitDepth() != 24) {
            for (int i = 1; i <= imp.getStackSize(); i++) {
                out.add(stack.getProcessor(i));
            }
        } else {
            int index = imp.getStackIndex(1, z, t);
            out.add(index == imp.getCurrentSlice() ? imp.getProcessor() : stack.getProcessor(index));
        }
        return out;
    }

    /**
     * Whether an open image's stack pages are one image's channels for {@code shape}: a stack without a channel
     * dimension with as many pages as a {@code native}-channel model has channels (a multi-page TIFF).
     */
    public static boolean pagesAreChannels(ImagePlus imp, InputShape shape) {
        return InputShape.NATIVE.equals(shape.mode()) && imp.getNChannels() == 1 && imp.getBitDepth() != 24
                && imp.getStackSize() > 1 && imp.getStackSize() == shape.channels();
    }

    /**
     * An open image's own channels at its current position, for {@code shape}: all channels of a multi-channel
     * image (or the pages, see {@link #pagesAreChannels}), else the current slice.
     */
    public static List<ImageProcessor> current(ImagePlus imp, InputShape shape) {
        boolean pages = pagesAreChannels(imp, shape);
        return imp.getNChannels() > 1 || pages ? channelsAt(imp, pages ? 1 : imp.getZ(), pages ? 1 : imp.getT(), pages)
                : List.of(imp.getProcessor());
    }

    /** How many channels {@code channels} holds (an RGB processor counts 3). */
    public static int count(List<ImageProcessor> channels) {
        return channels.size() == 1 && channels.get(0) instanceof ColorProcessor ? 3 : channels.size();
    }

    /**
     * Planar bytes of one image's own {@code channels} at {@code shape} (resolved).
     *
     * @throws IllegalArgumentException when the image is smaller than 2x2 or its channels cannot give the
     *                                  shape's (e.g. a 2-channel image for an RGB model), saying what is needed
     */
    public static byte[] fromChannels(List<ImageProcessor> channels, InputShape shape) {
        ImageProcessor first = channels.get(0);
        if (first.getWidth() < 2 || first.getHeight() < 2) {
            throw new IllegalArgumentException("The image is " + first.getWidth() + "x" + first.getHeight()
                    + " pixels; a classifier needs at least 2x2. Open a larger image.");
        }
        checkFinite(channels);
        int have = count(channels);
        boolean rgbImage = channels.size() == 1 && first instanceof ColorProcessor;
        boolean bytes = shape.bytesPerValue() == 1;
        switch (shape.mode()) {
            case InputShape.RGB -> {
                if (channels.size() == 1) {
                    return bytes ? PlanarRgb.fromImage(first, shape.width(), shape.height())
                            : precise(rgbImage ? split(first) : List.of(first, first, first), shape);
                }
            }
            case InputShape.GRAY -> {
                if (channels.size() == 1) {
                    ImageProcessor gray = rgbImage ? first.convertToByte(false) : first;
                    return bytes ? planes(List.of(gray.convertToByte(true)), shape) : precise(List.of(gray), shape);
                }
            }
            default -> {
                if (have == shape.channels()) {
                    List<ImageProcessor> own = rgbImage ? split(first) : channels;
                    return !bytes ? precise(own, shape) : rgbImage
                            ? PlanarRgb.fromImage(first, shape.width(), shape.height()) : planes(channels, shape);
                }
            }
        }
        if (have == 3 && InputShape.RGB.equals(shape.mode())) {
            return bytes ? planes(channels, shape) : precise(channels, shape);
        }
        throw new IllegalArgumentException("The model needs " + shape.describe() + "; this image has " + have
                + (have == 1 ? " channel" : " channels") + (rgbImage ? " (RGB)" : "") + ". "
                + needs(shape));
    }

    /**
     * Refuses 32-bit values that are NaN or infinite: no normalisation gives them a meaning (min-max and percentile
     * would pass NaN or a fake certainty to the network, the 8-bit conversion would make them 0 or 255).
     */
    static void checkFinite(List<ImageProcessor> channels) {
        long nan = 0, inf = 0;
        for (ImageProcessor ip : channels) {
            if (ip instanceof FloatProcessor) {
                for (float v : (float[]) ip.getPixels()) {
                    if (Float.isNaN(v)) {
                        nan++;
                    } else if (Float.isInfinite(v)) {
                        inf++;
                    }
                }
            }
        }
        if (nan + inf > 0) {
            String what = (nan > 0 ? nan + " NaN" : "") + (nan > 0 && inf > 0 ? " and " : "")
                    + (inf > 0 ? inf + " infinite" : "");
            throw new IllegalArgumentException("The image has " + what + (nan + inf == 1 ? " pixel value" :
                    " pixel values") + " (32-bit); a classifier needs finite values. Replace them (e.g. Process>Math>"
                    + "Remove NaNs..., or Process>Math>Set... on a selection) or leave the image out.");
        }
    }

    private static String needs(InputShape shape) {
        return switch (shape.mode()) {
            case InputShape.RGB -> "Give an RGB or single-channel image, or a 3-channel image.";
            case InputShape.GRAY -> "Give a single-channel (grayscale) or RGB image.";
            default -> "Give an image with " + shape.channels() + " channels (a hyperstack's channels, RGB counts 3"
                    + ", a multi-page TIFF's pages).";
        };
    }

    /** R, G and B of an RGB image as 8-bit processors. */
    private static List<ImageProcessor> split(ImageProcessor rgb) {
        ColorProcessor cp = (ColorProcessor) rgb;
        return List.of(cp.getChannel(1, null), cp.getChannel(2, null), cp.getChannel(3, null));
    }

    /**
     * Each channel's original values normalised (statistics from the full-size channel), resized as 32-bit with
     * area averaging, stored as float32 byte planes.
     */
    private static byte[] precise(List<ImageProcessor> channels, InputShape shape) {
        int n = shape.plane();
        byte[] out = new byte[4 * channels.size() * n];
        for (int c = 0; c < channels.size(); c++) {
            FloatProcessor fp = channels.get(c).toFloat(0, null);
            float[] raw = (float[]) fp.getPixels();
            double[] range = InputShape.MIN_MAX.equals(shape.normalization()) ? minMax(raw)
                    : new double[] {percentile(raw, InputShape.PERCENTILE_LOW),
                        percentile(raw, InputShape.PERCENTILE_HIGH)};
            ImageProcessor sized = fp;
            if (fp.getWidth() != shape.width() || fp.getHeight() != shape.height()) {
                fp.setInterpolationMethod(ImageProcessor.BILINEAR);
                sized = fp.resize(shape.width(), shape.height(), true);
            }
            float[] v = (float[]) sized.getPixels();
            double scale = range[1] > range[0] ? 1 / (range[1] - range[0]) : 0;
            boolean clip = InputShape.PERCENTILE.equals(shape.normalization());
            for (int p = 0; p < n; p++) {
                double x = (v[p] - range[0]) * scale;
                int bits = Float.floatToIntBits((float) (clip ? Math.max(0, Math.min(1, x)) : x));
                for (int k = 0; k < 4; k++) {
                    out[(4 * c + k) * n + p] = (byte) (bits >>> (24 - 8 * k));
                }
            }
        }
        return out;
    }

    /** Value {@code i} (channel-major, {@code c * plane + p}) of a float32 planar image of {@code plane} pixels. */
    public static float value(byte[] image, int plane, int i) {
        int c = i / plane, p = i % plane;
        int bits = 0;
        for (int k = 0; k < 4; k++) {
            bits = bits << 8 | (image[(4 * c + k) * plane + p] & 0xFF);
        }
        return Float.intBitsToFloat(bits);
    }

    static double[] minMax(float[] v) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return new double[] {lo, hi};
    }

    /** The {@code q}-th percentile with linear interpolation between order statistics (numpy's default). */
    static double percentile(float[] v, double q) {
        float[] s = v.clone();
        java.util.Arrays.sort(s);
        double pos = q / 100 * (s.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(s.length - 1, i + 1);
        return s[i] + (pos - i) * (s[j] - s[i]);
    }

    /** Each channel to 8 bits and resized, planes in order. */
    private static byte[] planes(List<ImageProcessor> channels, InputShape shape) {
        int n = shape.plane();
        byte[] out = new byte[channels.size() * n];
        for (int c = 0; c < channels.size(); c++) {
            ImageProcessor ip = channels.get(c);
            ImageProcessor b = ip.getBitDepth() == 8 ? ip : ip.convertToByte(true);
            if (b.getWidth() != shape.width() || b.getHeight() != shape.height()) {
                b.setInterpolationMethod(ImageProcessor.BILINEAR);
                // ImageJ averages over the source area when downsizing with useAveraging=true.
                b = b.resize(shape.width(), shape.height(), true);
            }
            System.arraycopy((byte[]) b.getPixels(), 0, out, c * n, n);
        }
        return out;
    }
}
