package org.cnnclassifier.image;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import org.cnnclassifier.conv.ConvolutionArithmetic;
import org.cnnclassifier.conv.ConvolutionEngine;
import org.cnnclassifier.conv.ConvolutionOptions;
import org.cnnclassifier.conv.ConvolutionOptions.ChannelMode;
import org.cnnclassifier.conv.Kernel;

/**
 * The convolution arithmetic of a feature-map image made by {@link FeatureStacks}: the image keeps
 * its kernels, options and source image as ImagePlus properties (saved in its TIFF too), from which
 * one pixel of one map is written out term by term ({@link ConvolutionArithmetic}).
 */
public final class FeatureArithmetic {
    /** Property keys on a feature-map image. */
    public static final String KERNELS = "CNN_Classifier.kernels", OPTIONS = "CNN_Classifier.options",
            SOURCE_ID = "CNN_Classifier.source_id", SOURCE_TITLE = "CNN_Classifier.source_title";

    /** What made a feature-map image: kernels, options, and the source image's ID and title. */
    public record Recipe(List<Kernel> kernels, ConvolutionOptions options, int sourceId, String sourceTitle) {
    }

    /**
     * One map pixel explained: the kernel's index, the channel the map was made from (-1: summed),
     * the input Z and T (from 1), the input's channel names, the arithmetic, and the map's own pixel.
     */
    public record Explained(int kernel, int channel, int z, int t, List<String> channelNames,
            ConvolutionArithmetic.Result result, double mapValue) {
    }

    private FeatureArithmetic() {
    }

    static void remember(ImagePlus features, ImagePlus source, List<Kernel> kernels, ConvolutionOptions options) {
        features.setProp(KERNELS, ConvolutionArithmetic.kernelsText(kernels));
        features.setProp(OPTIONS, ConvolutionArithmetic.optionsText(options));
        features.setProp(SOURCE_ID, Integer.toString(source.getID()));
        features.setProp(SOURCE_TITLE, source.getTitle());
    }

    /**
     * The recipe kept on {@code features}.
     *
     * @throws IllegalArgumentException when the image was not made by Apply Convolution Kernel
     */
    public static Recipe recipe(ImagePlus features) {
        String kernels = features == null ? null : features.getProp(KERNELS);
        String options = features == null ? null : features.getProp(OPTIONS);
        if (kernels == null || options == null) {
            throw new IllegalArgumentException((features == null ? "There is no image" : "'" + features.getTitle()
                    + "' is not a feature map") + " made by Apply Convolution Kernel. Apply a kernel to an image"
                    + " and point at a pixel of its feature maps.");
        }
        String id = features.getProp(SOURCE_ID);
        return new Recipe(ConvolutionArithmetic.parseKernels(kernels), ConvolutionArithmetic.parseOptions(options),
                id == null ? 0 : Integer.parseInt(id.strip()), features.getProp(SOURCE_TITLE));
    }

    /**
     * The arithmetic of pixel ({@code x}, {@code y}) of stack slice {@code index} (from 1) of
     * {@code features}, recomputed from {@code source}.
     *
     * @throws IllegalArgumentException when the source no longer fits the maps or (x, y) is outside them
     */
    public static Explained explain(ImagePlus features, ImagePlus source, int index, int x, int y) {
        Recipe r = recipe(features);
        ConvolutionEngine engine = new ConvolutionEngine(r.kernels(), r.options());
        List<String> names = FeatureStacks.channelNames(source);
        int perPlane = engine.mapsPerPlane(names.size());
        int planes = source.getNSlices() * source.getNFrames();
        if (engine.outputWidth(source.getWidth()) != features.getWidth()
                || engine.outputHeight(source.getHeight()) != features.getHeight()
                || perPlane * planes != features.getStackSize()) {
            throw new IllegalArgumentException("'" + source.getTitle() + "' no longer matches the feature maps '"
                    + features.getTitle() + "' (its size or channels changed). Apply the kernels again.");
        }
        if (index < 1 || index > features.getStackSize()) {
            throw new IllegalArgumentException("Slice " + index + " is not in '" + features.getTitle() + "'.");
        }
        int plane = (index - 1) / perPlane, m = (index - 1) % perPlane;
        boolean separate = r.options().channels() == ChannelMode.SEPARATE;
        int k = separate ? m / names.size() : m;
        int channel = separate ? m % names.size() : -1;
        int z = plane % source.getNSlices() + 1, t = plane / source.getNSlices() + 1;
        ConvolutionArithmetic.Result result = ConvolutionArithmetic.at(planeChannels(source, z, t),
                source.getWidth(), source.getHeight(), r.kernels().get(k), r.options(), channel, x, y);
        double map = features.getStack().getProcessor(index).getf(x, y);
        return new Explained(k, channel, z, t, names, result, map);
    }

    /** The raw values of every channel of the (z, t) plane, R, G, B for RGB. */
    static float[][] planeChannels(ImagePlus imp, int z, int t) {
        ImageStack stack = imp.getStack();
        List<float[]> out = new ArrayList<>();
        int n = imp.getWidth() * imp.getHeight();
        for (int c = 1; c <= imp.getNChannels(); c++) {
            ImageProcessor ip = stack.getProcessor(imp.getStackIndex(c, z, t));
            if (ip instanceof ColorProcessor cp) {
                for (int b = 0; b < 3; b++) {
                    float[] v = new float[n];
                    int shift = 16 - 8 * b;
                    for (int i = 0; i < n; i++) {
                        v[i] = (cp.get(i) >> shift) & 0xff;
                    }
                    out.add(v);
                }
            } else {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = ip.getf(i);
                }
                out.add(v);
            }
        }
        return out.toArray(new float[0][]);
    }
}
