package org.cnnclassifier.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.filter.Convolver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import org.cnnclassifier.conv.ConvolutionArithmetic;
import org.cnnclassifier.conv.ConvolutionOptions;
import org.cnnclassifier.conv.Kernel;
import org.cnnclassifier.progress.ProgressListener;
import org.junit.jupiter.api.Test;

/**
 * The convolution arithmetic of a map pixel: its terms summed equal the pixel the engine made (a
 * separate, optimised code path), for stride 1 and 2, same and valid padding, every edge rule, RGB
 * channels summed or separate; and, for one channel and a 3x3 kernel, ImageJ's own Convolver.
 */
class FeatureArithmeticTest {
    private static final Kernel K3 = Kernel.of("k3", new float[][] {{1, -2, 0.5f}, {3, 0, -1}, {2, 1, -0.25f}});
    private static final Kernel K2 = Kernel.of("k2", new float[][] {{1, 2}, {-3, 0.5f}});
    private static final Kernel K3B = Kernel.of("k3b", new float[][] {{0, 1, 0}, {1, -4, 1}, {0, 1, 0}});

    static ImagePlus rgb(int w, int h, long seed) {
        ColorProcessor cp = new ColorProcessor(w, h);
        Random r = new Random(seed);
        for (int i = 0; i < w * h; i++) {
            cp.set(i, r.nextInt(1 << 24));
        }
        return new ImagePlus("rgb", cp);
    }

    static ImagePlus gray(int w, int h, long seed) {
        ByteProcessor bp = new ByteProcessor(w, h);
        Random r = new Random(seed);
        for (int i = 0; i < w * h; i++) {
            bp.set(i, r.nextInt(256));
        }
        return new ImagePlus("gray", bp);
    }

    /** Every pixel of every map: the arithmetic's sum (after the activation) is the map's pixel. */
    private static void assertEveryPixel(ImagePlus source, List<Kernel> kernels, ConvolutionOptions o) {
        ImagePlus features = FeatureStacks.convolve(source, kernels, o, ProgressListener.SILENT);
        for (int i = 1; i <= features.getStackSize(); i++) {
            for (int y = 0; y < features.getHeight(); y++) {
                for (int x = 0; x < features.getWidth(); x++) {
                    FeatureArithmetic.Explained e = FeatureArithmetic.explain(features, source, i, x, y);
                    float map = features.getStack().getProcessor(i).getf(x, y);
                    assertEquals(map, e.mapValue(), 0);
                    assertEquals(map, e.result().value(), 1e-4 * Math.max(1, Math.abs(map)),
                            o + " slice " + i + " at " + x + "," + y);
                    double sum = e.result().terms().stream().mapToDouble(ConvolutionArithmetic.Term::product).sum();
                    assertEquals(sum, e.result().sum(), 1e-9);
                }
            }
        }
    }

    @Test
    void sumEqualsTheMapPixelForStridesPaddingsEdgesAndChannels() {
        ConvolutionOptions d = ConvolutionOptions.DEFAULT.withNormalize(false);
        ImagePlus rgb = rgb(9, 7, 1);
        for (int stride : new int[] {1, 2}) {
            for (ConvolutionOptions.Padding p : ConvolutionOptions.Padding.values()) {
                for (ConvolutionOptions.Edges e : ConvolutionOptions.Edges.values()) {
                    ConvolutionOptions o = d.withStride(stride).withPadding(p).withEdges(e);
                    assertEveryPixel(rgb, List.of(K3), o);
                    assertEveryPixel(gray(8, 6, stride), List.of(K2, K2), o);
                }
            }
        }
        // RGB, channels kept apart; normalised (the kernel sum divides); ReLU.
        assertEveryPixel(rgb, List.of(K3, K3B), d.withChannels(ConvolutionOptions.ChannelMode.SEPARATE));
        assertEveryPixel(rgb, List.of(K3), d.withNormalize(true).withStride(2));
        assertEveryPixel(rgb, List.of(K3B), d.withActivation(ConvolutionOptions.Activation.RELU));
    }

    @Test
    void rgbSumsTheProductsOfAllThreeChannels() {
        ImagePlus rgb = rgb(5, 5, 3);
        ConvolutionOptions o = ConvolutionOptions.DEFAULT.withNormalize(false).withPadding(
                ConvolutionOptions.Padding.VALID);
        ImagePlus features = FeatureStacks.convolve(rgb, List.of(K3), o, ProgressListener.SILENT);
        FeatureArithmetic.Explained e = FeatureArithmetic.explain(features, rgb, 1, 1, 2);
        assertEquals(27, e.result().terms().size()); // 3 channels x 3 x 3
        // By hand: output (1, 2) under valid padding reads input (1..3, 2..4) of R, G and B.
        ColorProcessor cp = (ColorProcessor) rgb.getProcessor();
        double expected = 0;
        for (int c = 0; c < 3; c++) {
            for (int dy = 0; dy < 3; dy++) {
                for (int dx = 0; dx < 3; dx++) {
                    int v = (cp.get(1 + dx, 2 + dy) >> (16 - 8 * c)) & 0xff;
                    expected += v * K3.weight(0, dy, dx);
                }
            }
        }
        assertEquals(expected, e.result().sum(), 1e-9);
        assertEquals(expected, features.getProcessor().getf(1, 2), 1e-3);
        assertEquals(List.of("R", "G", "B"), e.channelNames());
        ConvolutionArithmetic.Term t = e.result().terms().get(9 + 3 + 2); // G, dy 1, dx 2
        assertEquals(1, t.channel());
        assertEquals(3, t.inputX());
        assertEquals(3, t.inputY());
        assertEquals((cp.get(3, 3) >> 8) & 0xff, t.input(), 0);
        assertEquals(K3.weight(0, 1, 2), t.weight(), 0);
    }

    @Test
    void singleChannel3x3MatchesImageJsConvolver() {
        ImagePlus gray = gray(12, 10, 7);
        float[] kernel = K3.weights();
        FloatProcessor oracle = gray.getProcessor().convertToFloatProcessor();
        Convolver convolver = new Convolver();
        convolver.setNormalize(true); // sum 4.25: ImageJ divides by it, as normalize does
        assertTrue(convolver.convolve(oracle, kernel, 3, 3));
        ImagePlus features = FeatureStacks.convolve(gray, List.of(K3), ConvolutionOptions.DEFAULT,
                ProgressListener.SILENT);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 12; x++) {
                FeatureArithmetic.Explained e = FeatureArithmetic.explain(features, gray, 1, x, y);
                assertEquals(oracle.getf(x, y), features.getProcessor().getf(x, y), 1e-3, x + "," + y);
                assertEquals(oracle.getf(x, y), e.result().value(), 1e-3, x + "," + y);
            }
        }
    }

    @Test
    void hyperstackPlanesAndRecipeRoundTrip() {
        ImageStack stack = new ImageStack(6, 5);
        for (int z = 0; z < 3; z++) {
            stack.addSlice(gray(6, 5, 10 + z).getProcessor());
        }
        ImagePlus zs = new ImagePlus("zs", stack);
        zs.setDimensions(1, 3, 1);
        ConvolutionOptions o = ConvolutionOptions.DEFAULT.withStride(2).withEdges(ConvolutionOptions.Edges.REFLECT);
        assertEveryPixel(zs, List.of(K3, K3B), o);
        ImagePlus features = FeatureStacks.convolve(zs, List.of(K3, K3B), o, ProgressListener.SILENT);
        FeatureArithmetic.Recipe r = FeatureArithmetic.recipe(features);
        assertEquals(List.of(K3, K3B), r.kernels());
        assertEquals(o, r.options());
        assertEquals(zs.getID(), r.sourceId());
        FeatureArithmetic.Explained e = FeatureArithmetic.explain(features, zs, 6, 0, 0); // plane 3, kernel 2
        assertEquals(1, e.kernel());
        assertEquals(3, e.z());
    }

    @Test
    void badInputNamesTheProblem() {
        ImagePlus gray = gray(6, 6, 1);
        IllegalArgumentException notMaps = assertThrows(IllegalArgumentException.class,
                () -> FeatureArithmetic.explain(gray, gray, 1, 0, 0));
        assertTrue(notMaps.getMessage().contains("not a feature map made by Apply Convolution Kernel"));
        ImagePlus features = FeatureStacks.convolve(gray, List.of(K3), ConvolutionOptions.DEFAULT,
                ProgressListener.SILENT);
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> FeatureArithmetic.explain(features, gray, 1, 6, 0));
        assertTrue(outside.getMessage().contains("outside the feature map (6x6)"), outside.getMessage());
        IllegalArgumentException changed = assertThrows(IllegalArgumentException.class,
                () -> FeatureArithmetic.explain(features, gray(7, 6, 1), 1, 0, 0));
        assertTrue(changed.getMessage().contains("no longer matches"), changed.getMessage());
    }
}
