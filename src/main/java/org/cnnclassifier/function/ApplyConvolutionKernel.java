package org.cnnclassifier.function;

import java.io.IOException;
import java.util.List;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.cnnclassifier.conv.ConvolutionOptions;
import org.cnnclassifier.conv.Kernel;
import org.cnnclassifier.conv.KernelSources;
import org.cnnclassifier.host.ArithmeticTable;
import org.cnnclassifier.image.FeatureArithmetic;
import org.cnnclassifier.image.FeatureStacks;
import org.cnnclassifier.progress.ProgressListener;

/**
 * Apply Convolution Kernel: typed kernels, a preset bank or a kernel file applied to an image, one
 * labelled 32-bit feature map per filter. Typed kernels win over a file, a file over the preset.
 */
public final class ApplyConvolutionKernel {
    public static final String INPUT = "input", KERNELS = "kernels", PRESET = "preset", FILE = "file",
            STRIDE = "stride", PADDING = "padding", EDGES = "edges", NORMALIZE = "normalize", CHANNELS = "channels",
            ACTIVATION = "activation", AT = "at", OUTPUT = "output";

    private static final ConvolutionOptions D = ConvolutionOptions.DEFAULT;

    public static final Spec SPEC = Spec.of("Apply Convolution Kernel",
            Key.file(INPUT, "file (scripts: the image to open)").scriptOnly(),
            Key.lines(KERNELS, "(rows of numbers; blank line between kernels)"),
            Key.choice(PRESET, "", KernelSources.DEFAULT_PRESET, List.of(KernelSources.presetChoices())),
            Key.file(FILE, ""),
            Key.whole(STRIDE, "", D.stride(), 1, Integer.MAX_VALUE),
            Key.choice(PADDING, "", ConvolutionOptions.word(D.padding()), Spec.words(ConvolutionOptions.Padding.class)),
            Key.choice(EDGES, "", ConvolutionOptions.word(D.edges()), Spec.words(ConvolutionOptions.Edges.class)),
            Key.flag(NORMALIZE, "", D.normalize()),
            Key.choice(CHANNELS, "", ConvolutionOptions.word(D.channels()),
                    Spec.words(ConvolutionOptions.ChannelMode.class)),
            Key.choice(ACTIVATION, "", ConvolutionOptions.word(D.activation()),
                    Spec.words(ConvolutionOptions.Activation.class)),
            Key.text(AT, "x,y: the arithmetic of this map pixel (empty: none)", ""),
            Key.save(OUTPUT, "TIFF for the feature maps (optional)").scriptOnly())
            .withHelp("docs/commands.md#apply-convolution-kernel");

    /** Shown above the dialog's kernel text area. */
    public static final String DIALOG_HELP = "Kernels: rows of numbers separated by spaces, one row per line; a blank"
            + " line between\nkernels; '# name' names the next kernel. Leave empty to use the preset or a file.";

    private ApplyConvolutionKernel() {
    }

    public static ImagePlus apply(ImagePlus imp, Values v, ProgressListener progress) throws IOException {
        ConvolutionOptions options = ConvolutionOptions.parse(v.whole(STRIDE), v.text(PADDING), v.text(EDGES),
                v.flag(NORMALIZE), v.text(CHANNELS), v.text(ACTIVATION));
        List<Kernel> kernels = KernelSources.resolve(v.text(KERNELS), v.text(PRESET),
                v.text(FILE).isBlank() ? null : v.text(FILE));
        return FeatureStacks.convolve(imp, kernels, options, progress);
    }

    /**
     * With {@code at=x,y}: the "Convolution Arithmetic" rows of that pixel in every map of the first
     * plane of {@code features} (made from {@code source}); null when {@code at} is empty.
     *
     * @throws IllegalArgumentException for a malformed position or one outside the maps
     */
    public static ResultsTable arithmetic(ImagePlus features, ImagePlus source, Values v) {
        String at = v.text(AT).strip();
        if (at.isEmpty()) {
            return null;
        }
        String[] xy = at.split("[,\\s]+");
        int x, y;
        try {
            if (xy.length != 2) {
                throw new NumberFormatException();
            }
            x = Integer.parseInt(xy[0]);
            y = Integer.parseInt(xy[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + at + "' is not valid for 'at': give a map pixel as x,y"
                    + " (whole numbers, e.g. at=10,4).");
        }
        ResultsTable rt = new ResultsTable();
        int maps = features.getStackSize() / (source.getNSlices() * source.getNFrames()); // maps of one plane
        for (int i = 1; i <= maps; i++) {
            ArithmeticTable.add(rt, FeatureArithmetic.explain(features, source, i, x, y));
        }
        return rt;
    }
}
