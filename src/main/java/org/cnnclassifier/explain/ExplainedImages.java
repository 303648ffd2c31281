package org.cnnclassifier.explain;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.LutLoader;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

/**
 * The images "Explain Classification" makes from an {@link Explanation.Result}: a 32-bit composite
 * hyperstack {@code <title>-explained} with the image's channels (their own values, LUTs and display
 * ranges) and the map as the last channel (each slice's map scaled to [0, 1], "Fire" LUT), the raw maps
 * as a 32-bit image {@code <title>-map}, and an RGB overlay (image blended with the heat map) for PNGs.
 */
public final class ExplainedImages {
    private ExplainedImages() {
    }

    /** ImageJ's "Fire" LUT (built in, no file needed). */
    public static LUT fire() {
        java.awt.image.IndexColorModel cm = LutLoader.getLut("fire");
        if (cm == null) {
            throw new IllegalStateException("ImageJ's Fire LUT is missing.");
        }
        return new LUT(cm, 0, 255);
    }

    /** The composite: per unit the image's channels then the map; channels x Z x T as the units are laid out. */
    public static ImagePlus composite(String title, Explanation.Result r) {
        List<Explanation.Unit> units = r.units();
        Explanation.Unit first = units.get(0);
        List<ImageProcessor> own = split(first.channels());
        int nc = own.size() + 1;
        ImageStack stack = new ImageStack(r.width(), r.height());
        for (Explanation.Unit u : units) {
            List<ImageProcessor> ch = split(u.channels());
            for (int c = 0; c < ch.size(); c++) {
                stack.addSlice(own.size() == 1 ? "image" : "C" + (c + 1), ch.get(c).convertToFloat());
            }
            float[] norm = u.map().clone();
            float max = 0;
            for (float v : norm) {
                max = Math.max(max, v);
            }
            for (int i = 0; i < norm.length; i++) {
                norm[i] = max > 0 ? Math.max(0, norm[i]) / max : 0;
            }
            stack.addSlice(r.label(u), new FloatProcessor(r.width(), r.height(), norm));
        }
        int zs = (int) units.stream().mapToInt(Explanation.Unit::z).distinct().count();
        int ts = units.size() / Math.max(1, zs);
        if (zs * ts != units.size()) {
            zs = units.size();
            ts = 1;
        }
        ImagePlus imp = new ImagePlus(title + "-explained", stack);
        imp.setDimensions(nc, zs, ts);
        imp.setOpenAsHyperStack(true);
        CompositeImage comp = new CompositeImage(imp, CompositeImage.COMPOSITE);
        LUT[] luts = luts(first.channels());
        for (int c = 1; c <= nc; c++) {
            LUT lut = c < nc ? luts[c - 1] : fire();
            if (c == nc) {
                lut.min = 0;
                lut.max = 1;
            }
            comp.setChannelLut(lut, c);
        }
        comp.setPositionWithoutUpdate(1, 1, 1);
        comp.setTitle(title + "-explained");
        return comp;
    }

    /** The raw maps, one slice per unit, labelled with method, class and probability. */
    public static ImagePlus maps(String title, Explanation.Result r) {
        ImageStack stack = new ImageStack(r.width(), r.height());
        for (Explanation.Unit u : r.units()) {
            stack.addSlice(r.label(u), new FloatProcessor(r.width(), r.height(), u.map().clone()));
        }
        ImagePlus imp = new ImagePlus(title + "-map", stack);
        imp.getProcessor().setLut(fire());
        imp.resetDisplayRange();
        return imp;
    }

    /** RGB, R G B of an RGB processor as three 8-bit channels, others as they are. */
    static List<ImageProcessor> split(List<ImageProcessor> channels) {
        if (channels.size() == 1 && channels.get(0) instanceof ColorProcessor cp) {
            return List.of(cp.getChannel(1, null), cp.getChannel(2, null), cp.getChannel(3, null));
        }
        return channels;
    }

    private static LUT[] luts(List<ImageProcessor> channels) {
        List<ImageProcessor> own = split(channels);
        LUT[] luts = new LUT[own.size()];
        boolean rgb = channels.size() == 1 && channels.get(0) instanceof ColorProcessor;
        Color[] colors = {Color.red, Color.green, Color.blue};
        for (int c = 0; c < own.size(); c++) {
            ImageProcessor ip = own.get(c);
            LUT lut = rgb ? LUT.createLutFromColor(colors[c])
                    : own.size() == 1 ? (LUT) ip.getLut().clone() : LUT.createLutFromColor(Color.white);
            lut.min = rgb ? 0 : ip.getMin();
            lut.max = rgb ? 255 : ip.getMax();
            luts[c] = lut;
        }
        return luts;
    }

    /**
     * The image (gray from one channel, RGB from three, else the first channel) blended half and half with
     * the map in the Fire LUT, the map scaled from 0 to its maximum.
     */
    public static ColorProcessor overlay(List<ImageProcessor> channels, float[] map, int width, int height) {
        List<ImageProcessor> own = split(channels);
        ColorProcessor out = new ColorProcessor(width, height);
        byte[][] planes = new byte[3][];
        for (int c = 0; c < 3; c++) {
            ImageProcessor ip = own.get(own.size() >= 3 ? c : 0);
            ImageProcessor b = ip.getBitDepth() == 8 ? ip : ip.convertToByte(true);
            if (b.getWidth() != width || b.getHeight() != height) {
                b = b.resize(width, height);
            }
            planes[c] = (byte[]) b.getPixels();
        }
        LUT fire = fire();
        float max = 0;
        for (float v : map) {
            max = Math.max(max, v);
        }
        int[] rgb = (int[]) out.getPixels();
        for (int i = 0; i < rgb.length; i++) {
            int level = max > 0 ? Math.round(255 * Math.max(0, map[i]) / max) : 0;
            int heat = fire.getRGB(level);
            int r = ((planes[0][i] & 0xFF) + (heat >> 16 & 0xFF) + 1) / 2;
            int g = ((planes[1][i] & 0xFF) + (heat >> 8 & 0xFF) + 1) / 2;
            int b = ((planes[2][i] & 0xFF) + (heat & 0xFF) + 1) / 2;
            rgb[i] = 0xFF000000 | r << 16 | g << 8 | b;
        }
        return out;
    }

    /** The channels of planar 8-bit bytes at {@code width x height} as processors (for overlays of decoded files). */
    public static List<ImageProcessor> planes(byte[] planar, int channels, int width, int height) {
        List<ImageProcessor> out = new ArrayList<>();
        int plane = width * height;
        boolean floats = planar.length == 4 * channels * plane;
        for (int c = 0; c < channels; c++) {
            if (floats) {
                float[] v = new float[plane];
                for (int p = 0; p < plane; p++) {
                    v[p] = org.cnnclassifier.image.PlanarChannels.value(planar, plane, c * plane + p);
                }
                out.add(new FloatProcessor(width, height, v));
            } else {
                byte[] v = java.util.Arrays.copyOfRange(planar, c * plane, (c + 1) * plane);
                out.add(new ij.process.ByteProcessor(width, height, v));
            }
        }
        return out;
    }
}
