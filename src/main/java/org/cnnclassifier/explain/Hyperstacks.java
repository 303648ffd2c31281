package org.cnnclassifier.explain;

import java.awt.Color;
import java.awt.Font;


import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import org.cnnclassifier.network.Activations;

/**
 * Builds the images "Show Channels and Activations" shows: an image's channels as a composite
 * hyperstack, a layer's feature maps as a grayscale-mode hyperstack with one channel per filter,
 * a montage of a layer's maps on a common range, and a layer's filters as RGB tiles. No GUI: the
 * caller shows or saves them.
 */
public final class Hyperstacks {
    /** Composite mode shows at most this many channels; more go to grayscale mode. */
    public static final int MAX_COMPOSITE_CHANNELS = 7;
    /** Each kernel weight becomes a square of this many pixels in the Kernels image. */
    public static final int KERNEL_CELL = 8;
    /** Gap between kernel tiles in the Kernels image, in pixels. */
    public static final int KERNEL_GAP = 2;
    /** Tiles per row in the Kernels image and in montages. */
    public static final int COLUMNS = 8;

    private Hyperstacks() {
    }

    /**
     * The channels of {@code imp} at its current Z/T position as a composite hyperstack titled
     * {@code <title>-channels}: an RGB image gives R, G, B with red, green and blue LUTs; a
     * multi-channel image gives its channels with their own LUTs (labelled by their slice label,
     * or C1, C2, ...).
     */
    public static ImagePlus channels(ImagePlus imp) {
        String title = baseTitle(imp) + "-channels";
        ImageStack stack = new ImageStack(imp.getWidth(), imp.getHeight());
        LUT[] luts;
        if (imp.getType() == ImagePlus.COLOR_RGB) {
            ColorProcessor cp = (ColorProcessor) imp.getProcessor();
            stack.addSlice("R", cp.getChannel(1, null));
            stack.addSlice("G", cp.getChannel(2, null));
            stack.addSlice("B", cp.getChannel(3, null));
            luts = new LUT[] {LUT.createLutFromColor(Color.red), LUT.createLutFromColor(Color.green),
                    LUT.createLutFromColor(Color.blue)};
        } else {
            int n = imp.getNChannels();
            luts = new LUT[n];
            ImageStack source = imp.getStack();
            for (int c = 1; c <= n; c++) {
                int index = imp.getStackIndex(c, imp.getSlice(), imp.getFrame());
                String label = source.getSliceLabel(index);
                stack.addSlice(label != null && !label.isBlank() ? label.split("\n")[0] : "C" + c,
                        source.getProcessor(index).duplicate());
                luts[c - 1] = imp.isComposite() ? ((CompositeImage) imp).getChannelLut(c)
                        : n == 1 ? imp.getProcessor().getLut() : LUT.createLutFromColor(Color.white);
                luts[c - 1] = (LUT) luts[c - 1].clone();
                if (n == 1 || !imp.isComposite()) {
                    luts[c - 1].min = imp.getDisplayRangeMin();
                    luts[c - 1].max = imp.getDisplayRangeMax();
                }
            }
        }
        ImagePlus out = new ImagePlus(title, stack);
        out.setDimensions(stack.getSize(), 1, 1);
        out.setCalibration(imp.getCalibration().copy());
        if (stack.getSize() == 1) {
            out.getProcessor().setLut(luts[0]);
            return out;
        }
        CompositeImage comp = new CompositeImage(out,
                stack.getSize() <= MAX_COMPOSITE_CHANNELS ? CompositeImage.COMPOSITE : CompositeImage.GRAYSCALE);
        comp.setLuts(luts);
        comp.setTitle(title);
        return comp;
    }

    /**
     * One layer's feature maps as a 32-bit hyperstack titled {@code <title>-<layer>}: one channel per
     * filter, labelled {@code <layer>:<filter index from 0>}, grayscale channel mode.
     */
    public static ImagePlus activations(String title, Activations.LayerMaps maps) {
        ImageStack stack = stackOf(maps);
        ImagePlus imp = new ImagePlus(title + "-" + maps.layer().name(), stack);
        imp.setDimensions(stack.getSize(), 1, 1);
        if (stack.getSize() == 1) {
            return imp;
        }
        CompositeImage comp = new CompositeImage(imp, CompositeImage.GRAYSCALE);
        for (int c = 1; c <= stack.getSize(); c++) {
            comp.setPositionWithoutUpdate(c, 1, 1);
            ImageProcessor ip = stack.getProcessor(c);
            ip.resetMinAndMax();
            comp.getChannelLut(c).min = ip.getMin();
            comp.getChannelLut(c).max = ip.getMax();
        }
        comp.setPositionWithoutUpdate(1, 1, 1);
        comp.resetDisplayRange();
        return comp;
    }

    /**
     * All of a layer's maps side by side ({@link #COLUMNS} per row), 32-bit, titled
     * {@code <title>-<layer>-montage}, shown on one display range common to all filters. Each map
     * is enlarged by a whole factor ({@link MontageGrid#scale}: every map pixel a square block, no
     * interpolation) so a tile is at least {@link #MONTAGE_TILE} pixels, with a label strip
     * {@code <layer>:<filter>} above it and {@link #MONTAGE_GAP} pixels between tiles; strips and
     * gaps are white (the range's maximum), labels black (its minimum).
     */
    public static ImagePlus montage(String title, Activations.LayerMaps maps) {
        int n = maps.filters();
        MontageGrid g = MontageGrid.of(maps.width(), maps.height(), n);
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float[] m : maps.maps()) {
            for (float v : m) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (max == min) {
            max = min + 1;
        }
        FloatProcessor out = new FloatProcessor(g.width(), g.height());
        out.setValue(max);
        out.fill();
        out.setFont(new Font("SansSerif", Font.PLAIN, 9));
        out.setAntialiasedText(false);
        out.setValue(min);
        for (int c = 0; c < n; c++) {
            int x0 = g.tileX(c), y0 = g.tileY(c);
            float[] m = maps.maps()[c];
            for (int y = 0; y < g.tileHeight(); y++) {
                for (int x = 0; x < g.tileWidth(); x++) {
                    out.setf(x0 + x, y0 + y, m[(y / g.scale()) * maps.width() + x / g.scale()]);
                }
            }
            out.setClipRect(new java.awt.Rectangle(x0, y0 - MONTAGE_LABEL, g.tileWidth(), MONTAGE_LABEL));
            out.drawString(maps.layer().name() + ":" + c, x0 + 1, y0 - 1);
            out.setClipRect(null);
        }
        ImagePlus montage = new ImagePlus(title + "-" + maps.layer().name() + "-montage", out);
        montage.getProcessor().setMinAndMax(min, max);
        return montage;
    }

    /** Pixels of a montage tile's longer side, at least (maps are enlarged by a whole factor to reach it). */
    public static final int MONTAGE_TILE = 56;
    /** Height of the label strip above each montage tile. */
    public static final int MONTAGE_LABEL = 11;
    /** White pixels between montage tiles. */
    public static final int MONTAGE_GAP = 3;

    /** Where {@link #montage} puts each map: {@code scale} pixels per map pixel, {@link #COLUMNS} tiles per row. */
    public record MontageGrid(int scale, int tileWidth, int tileHeight, int columns, int rows) {
        public static MontageGrid of(int mapWidth, int mapHeight, int maps) {
            int longer = Math.max(mapWidth, mapHeight);
            int scale = Math.max(1, (MONTAGE_TILE + longer - 1) / longer);
            int cols = Math.min(COLUMNS, maps);
            return new MontageGrid(scale, mapWidth * scale, mapHeight * scale, cols, (maps + cols - 1) / cols);
        }

        /** Left edge of map {@code c}'s tile. */
        public int tileX(int c) {
            return MONTAGE_GAP + (c % columns) * (tileWidth + MONTAGE_GAP);
        }

        /** Top edge of map {@code c}'s tile (its label strip is just above). */
        public int tileY(int c) {
            return MONTAGE_GAP + (c / columns) * (MONTAGE_LABEL + tileHeight + MONTAGE_GAP) + MONTAGE_LABEL;
        }

        public int width() {
            return MONTAGE_GAP + columns * (tileWidth + MONTAGE_GAP);
        }

        public int height() {
            return MONTAGE_GAP + rows * (MONTAGE_LABEL + tileHeight + MONTAGE_GAP);
        }
    }

    /**
     * A convolution layer's 3-channel filters as RGB tiles titled "Kernels": tile {@code i} (row-major,
     * {@link #COLUMNS} per row) shows filter {@code i}, each weight a {@link #KERNEL_CELL}-pixel square
     * whose red, green and blue are the weights for the input's R, G, B channels, mapped so that 0 is
     * 128 and the largest absolute weight of the layer is 0 or 255.
     */
    public static ImagePlus kernels(Activations.Filters filters) {
        float[][][] w = filters.weights();
        if (w.length == 0 || w[0].length != 3) {
            throw new IllegalArgumentException("The first convolution layer has " + (w.length == 0 ? 0 : w[0].length)
                    + " input channels; Kernels shows filters over 3 (RGB) channels.");
        }
        float maxAbs = 0;
        for (float[][] f : w) {
            for (float[] ch : f) {
                for (float v : ch) {
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                }
            }
        }
        float scale = maxAbs > 0 ? 127f / maxAbs : 0;
        int kh = filters.kernelHeight(), kw = filters.kernelWidth();
        int tileW = kw * KERNEL_CELL, tileH = kh * KERNEL_CELL;
        int cols = Math.min(COLUMNS, w.length), rows = (w.length + cols - 1) / cols;
        ColorProcessor out = new ColorProcessor(cols * (tileW + KERNEL_GAP) + KERNEL_GAP, rows * (tileH + KERNEL_GAP)
                + KERNEL_GAP);
        out.setColor(Color.white);
        out.fill();
        for (int f = 0; f < w.length; f++) {
            int x0 = KERNEL_GAP + (f % cols) * (tileW + KERNEL_GAP), y0 = KERNEL_GAP
                    + (f / cols) * (tileH + KERNEL_GAP);
            for (int k = 0; k < kh * kw; k++) {
                int r = kernelByte(w[f][0][k], scale), g = kernelByte(w[f][1][k], scale), b =
                        kernelByte(w[f][2][k], scale);
                out.setColor(new Color(r, g, b));
                out.setRoi(x0 + (k % kw) * KERNEL_CELL, y0 + (k / kw) * KERNEL_CELL, KERNEL_CELL, KERNEL_CELL);
                out.fill();
            }
        }
        out.resetRoi();
        return new ImagePlus("Kernels", out);
    }

    /** The byte a kernel weight maps to in {@link #kernels}. */
    public static int kernelByte(float weight, float scale) {
        return Math.max(0, Math.min(255, Math.round(128 + weight * scale)));
    }

    private static ImageStack stackOf(Activations.LayerMaps maps) {
        ImageStack stack = new ImageStack(maps.width(), maps.height());
        for (int c = 0; c < maps.filters(); c++) {
            stack.addSlice(maps.layer().name() + ":" + c,
                    new FloatProcessor(maps.width(), maps.height(), maps.maps()[c].clone()));
        }
        return stack;
    }

    /** The image's title without a file extension. */
    public static String baseTitle(ImagePlus imp) {
        String t = imp.getTitle();
        int dot = t.lastIndexOf('.');
        return dot > 0 && t.length() - dot <= 5 ? t.substring(0, dot) : t;
    }
}
