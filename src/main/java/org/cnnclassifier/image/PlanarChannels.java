package org.cnnclassifier.image;

import java.util.ArrayList;
import java.util.List;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

/**
 * Planar N-channel bytes (channel planes one after the other, each row-major) of any ImageJ image
 * at an {@link InputShape}: the network's input layout. The image's own channels are those of one
 * Z/T position of a multi-channel image, R, G and B of an RGB image, or the one plane of a
 * grayscale image ({@link #channelsAt}). Each plane is brought to 8 bits as ImageJ's 8-bit
 * conversion does (16/32-bit from the display range) and resized with ImageJ's area averaging.
 * For 3 channels in {@code rgb} mode the bytes are exactly {@link PlanarRgb#fromImage}'s.
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
        int have = count(channels);
        boolean rgbImage = channels.size() == 1 && first instanceof ColorProcessor;
        switch (shape.mode()) {
            case InputShape.RGB -> {
                if (channels.size() == 1) {
                    return PlanarRgb.fromImage(first, shape.width(), shape.height());
                }
            }
            case InputShape.GRAY -> {
                if (channels.size() == 1) {
                    return planes(List.of(first.convertToByte(true)), shape);
                }
            }
            default -> {
                if (have == shape.channels()) {
                    return rgbImage ? PlanarRgb.fromImage(first, shape.width(), shape.height())
                            : planes(channels, shape);
                }
            }
        }
        if (have == 3 && InputShape.RGB.equals(shape.mode())) {
            return planes(channels, shape);
        }
        throw new IllegalArgumentException("The model needs " + shape.describe() + "; this image has " + have
                + (have == 1 ? " channel" : " channels") + (rgbImage ? " (RGB)" : "") + ". "
                + needs(shape));
    }

    private static String needs(InputShape shape) {
        return switch (shape.mode()) {
            case InputShape.RGB -> "Give an RGB or single-channel image, or a 3-channel image.";
            case InputShape.GRAY -> "Give a single-channel (grayscale) or RGB image.";
            default -> "Give an image with " + shape.channels() + " channels (a hyperstack's channels, RGB counts 3"
                    + ", a multi-page TIFF's pages).";
        };
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
