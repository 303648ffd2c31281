package org.cnnclassifier.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.cnnclassifier.conv.ConvolutionEngine.FeatureMap;
import org.cnnclassifier.conv.ConvolutionOptions.Activation;
import org.cnnclassifier.conv.ConvolutionOptions.ChannelMode;
import org.cnnclassifier.conv.ConvolutionOptions.Edges;
import org.cnnclassifier.conv.ConvolutionOptions.Padding;
import org.cnnclassifier.progress.CanceledException;
import org.cnnclassifier.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.cnnclassifier.network.Nd4jSetup;

class ConvolutionEngineTest {
    private static final ConvolutionOptions RAW = ConvolutionOptions.DEFAULT.withNormalize(false);

    @Test
    void threeByThreeImageWithTwoByTwoKernelUnderValidGivesTheHandComputedResult() {
        // image 1 2 3 / 4 5 6 / 7 8 9, kernel 1 2 / 3 4, correlation (kernel not flipped):
        // (0,0) = 1*1 + 2*2 + 3*4 + 4*5 = 37   (1,0) = 1*2 + 2*3 + 3*5 + 4*6 = 47
        // (0,1) = 1*4 + 2*5 + 3*7 + 4*8 = 67   (1,1) = 1*5 + 2*6 + 3*8 + 4*9 = 77
        Kernel k = Kernel.of("k", new float[][] {{1, 2}, {3, 4}});
        ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3);
        List<FeatureMap> maps = new ConvolutionEngine(List.of(k), RAW.withPadding(Padding.VALID))
                .apply(List.of(img), ProgressListener.SILENT);
        assertEquals(1, maps.size());
        assertEquals(2, maps.get(0).image().dimension(0));
        assertEquals(2, maps.get(0).image().dimension(1));
        assertArrayEquals(new float[] {37, 47, 67, 77}, data(maps.get(0)));
        // normalize divides by the kernel sum, 10
        List<FeatureMap> norm = new ConvolutionEngine(List.of(k), RAW.withPadding(Padding.VALID).withNormalize(true))
                .apply(List.of(img), ProgressListener.SILENT);
        assertArrayEquals(new float[] {3.7f, 4.7f, 6.7f, 7.7f}, data(norm.get(0)), 1e-6f);
    }

    @Test
    void outputSizesFollowTheTutorialRule() {
        Kernel k3 = Kernel.of("k", new float[3][3]);
        // valid: floor((W - k) / stride) + 1
        assertEquals(8, new ConvolutionEngine(List.of(k3), RAW.withPadding(Padding.VALID)).outputWidth(10));
        assertEquals(4, new ConvolutionEngine(List.of(k3), RAW.withPadding(Padding.VALID).withStride(2)).outputWidth(10));
        assertEquals(3, new ConvolutionEngine(List.of(k3), RAW.withPadding(Padding.VALID).withStride(3)).outputWidth(11));
        // same: W at stride 1, ceil(W / stride) otherwise
        assertEquals(10, new ConvolutionEngine(List.of(k3), RAW).outputWidth(10));
        assertEquals(5, new ConvolutionEngine(List.of(k3), RAW.withStride(2)).outputWidth(10));
        assertEquals(6, new ConvolutionEngine(List.of(k3), RAW.withStride(2)).outputWidth(11));
        assertEquals(4, new ConvolutionEngine(List.of(k3), RAW.withStride(3)).outputHeight(11));
    }

    @Test
    void everyPaddingEdgeModeAndStrideMatchesAHandPaddedOracle() {
        Random rnd = new Random(1);
        int w = 13;
        int h = 10;
        float[] img = random(rnd, w * h);
        List<Kernel> kernels = List.of(random(rnd, "3x3", 3, 3), random(rnd, "2x2", 2, 2), random(rnd, "4x3", 4, 3),
                random(rnd, "5x5", 5, 5), random(rnd, "1x3", 1, 3));
        for (Edges edges : Edges.values()) {
            for (Padding padding : Padding.values()) {
                for (int stride = 1; stride <= 3; stride++) {
                    ConvolutionOptions o = RAW.withEdges(edges).withPadding(padding).withStride(stride);
                    for (Kernel k : kernels) {
                        FeatureMap m = new ConvolutionEngine(List.of(k), o).apply(List.of(ArrayImgs.floats(img, w, h)),
                                ProgressListener.SILENT).get(0);
                        Oracle expected = oracle(img, w, h, k, o);
                        String what = edges + " " + padding + " stride " + stride + " " + k.name();
                        assertEquals(expected.w, m.image().dimension(0), what);
                        assertEquals(expected.h, m.image().dimension(1), what);
                        assertClose(expected.data, data(m), what);
                    }
                }
            }
        }
    }

    @Test
    void paddingWiderThanTheImageStillFollowsTheEdgeMode() {
        Random rnd = new Random(2);
        float[] img = random(rnd, 2 * 3);
        Kernel k = random(rnd, "7x7", 7, 7);
        for (Edges edges : Edges.values()) {
            ConvolutionOptions o = RAW.withEdges(edges);
            FeatureMap m = new ConvolutionEngine(List.of(k), o).apply(List.of(ArrayImgs.floats(img, 2, 3)),
                    ProgressListener.SILENT).get(0);
            assertClose(oracle(img, 2, 3, k, o).data, data(m), edges.toString());
        }
    }

    @Test
    void separablePathEqualsTheGeneralPath() {
        Random rnd = new Random(3);
        int w = 61;
        int h = 47;
        float[] img = random(rnd, w * h);
        float[] col = {0.5f, -1f, 2f, 0f, 1f};
        float[] row = {1f, 3f, -2f};
        float[][] rank1 = new float[5][3];
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 3; x++) {
                rank1[y][x] = col[y] * row[x];
            }
        }
        List<Kernel> kernels = new ArrayList<>(KernelPresets.get(KernelPresets.ALL));
        kernels.add(Kernel.of("rank1", rank1));
        for (Edges edges : Edges.values()) {
            for (int stride = 1; stride <= 2; stride++) {
                ConvolutionOptions o = ConvolutionOptions.DEFAULT.withEdges(edges).withStride(stride);
                ConvolutionEngine separable = new ConvolutionEngine(kernels, o);
                ConvolutionEngine general = new ConvolutionEngine(kernels, o).separable(false);
                assertTrue(separable.usesSeparablePath(1, w, h), "Gaussian 5x5 runs in two passes");
                assertTrue(separable.usesSeparablePath(kernels.size() - 1, w, h), "rank-1 kernel runs in two passes");
                assertFalse(separable.usesSeparablePath(2, w, h), "Sharpen is not separable");
                assertFalse(general.usesSeparablePath(1, w, h));
                List<FeatureMap> a = separable.apply(List.of(ArrayImgs.floats(img, w, h)), ProgressListener.SILENT);
                List<FeatureMap> b = general.apply(List.of(ArrayImgs.floats(img, w, h)), ProgressListener.SILENT);
                for (int i = 0; i < kernels.size(); i++) {
                    assertClose(data(b.get(i)), data(a.get(i)), kernels.get(i).name() + " " + edges + " " + stride);
                }
            }
        }
    }

    @Test
    void rgbSumEqualsSumOfChannelMapsAndNd4jConv2d() {
        Nd4jSetup.ensureInitialized();
        Random rnd = new Random(4);
        int w = 23;
        int h = 17;
        List<ArrayImg<FloatType, FloatArray>> rgb = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            float[] a = new float[w * h];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextInt(256);
            }
            rgb.add(ArrayImgs.floats(a, w, h));
        }
        // Shared 2D kernels (applied to every channel) and a CNN-style kernel with its own weights per channel.
        float[] perChannel = new float[3 * 3 * 3];
        for (int i = 0; i < perChannel.length; i++) {
            perChannel[i] = (float) rnd.nextGaussian();
        }
        List<Kernel> banks = List.of(KernelPresets.get(KernelPresets.SOBEL_X).get(0), random(rnd, "r3", 3, 3),
                new Kernel("rgb", 3, 3, 3, perChannel));
        ConvolutionOptions[] cases = {
            RAW.withEdges(Edges.ZERO),
            RAW.withEdges(Edges.ZERO).withStride(2),
            RAW.withPadding(Padding.VALID),
            RAW.withPadding(Padding.VALID).withStride(2),
            RAW.withEdges(Edges.ZERO).withStride(3)};
        for (ConvolutionOptions o : cases) {
            List<FeatureMap> sum = new ConvolutionEngine(banks, o).apply(rgb, ProgressListener.SILENT);
            INDArray expected = nd4jConv2d(rgb, w, h, banks, o);
            for (int f = 0; f < banks.size(); f++) {
                FeatureMap m = sum.get(f);
                assertEquals(expected.size(3), m.image().dimension(0));
                assertEquals(expected.size(2), m.image().dimension(1));
                float[] nd = expected.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(f)).dup().data().asFloat();
                assertClose(nd, data(m), "ND4J conv2d " + banks.get(f).name() + " " + o);
            }
            // Even-sized kernels: SAME pads floor(total / 2) before, as ND4J (and TensorFlow) do.
            List<Kernel> even = List.of(random(rnd, "2x2", 2, 2), random(rnd, "4x4", 4, 4));
            for (Kernel k : even) {
                FeatureMap m = new ConvolutionEngine(List.of(k), o).apply(rgb, ProgressListener.SILENT).get(0);
                INDArray e = nd4jConv2d(rgb, w, h, List.of(k), o);
                assertClose(e.dup().data().asFloat(), data(m), "ND4J conv2d " + k.name() + " " + o);
            }
            // Shared kernels: the summed map equals the sum of the three per-channel maps.
            List<Kernel> shared = banks.subList(0, 2);
            List<FeatureMap> summed = new ConvolutionEngine(shared, o).apply(rgb, ProgressListener.SILENT);
            List<FeatureMap> separate = new ConvolutionEngine(shared, o.withChannels(ChannelMode.SEPARATE))
                    .apply(rgb, ProgressListener.SILENT);
            assertEquals(6, separate.size());
            for (int f = 0; f < shared.size(); f++) {
                float[] r = data(separate.get(f * 3));
                float[] g = data(separate.get(f * 3 + 1));
                float[] b = data(separate.get(f * 3 + 2));
                float[] total = new float[r.length];
                for (int i = 0; i < r.length; i++) {
                    total[i] = r[i] + g[i] + b[i];
                }
                assertClose(total, data(summed.get(f)), "sum of channel maps " + o);
                assertEquals(shared.get(f).name() + " (channel 2)", separate.get(f * 3 + 1).label());
            }
        }
    }

    @Test
    void reluClipsNegativeResponses() {
        Random rnd = new Random(5);
        float[] img = random(rnd, 20 * 20);
        List<Kernel> edges = KernelPresets.get(KernelPresets.EDGES);
        List<FeatureMap> plain = new ConvolutionEngine(edges, RAW).apply(List.of(ArrayImgs.floats(img, 20, 20)), ProgressListener.SILENT);
        List<FeatureMap> relu = new ConvolutionEngine(edges, RAW.withActivation(Activation.RELU))
                .apply(List.of(ArrayImgs.floats(img, 20, 20)), ProgressListener.SILENT);
        for (int f = 0; f < edges.size(); f++) {
            float[] p = data(plain.get(f));
            float[] r = data(relu.get(f));
            boolean sawNegative = false;
            for (int i = 0; i < p.length; i++) {
                sawNegative |= p[i] < 0;
                assertEquals(Math.max(0f, p[i]), r[i]);
            }
            assertTrue(sawNegative);
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCountAndCancelStopsTheWork() {
        Random rnd = new Random(6);
        float[] img = random(rnd, 300 * 200);
        List<Kernel> bank = KernelPresets.get(KernelPresets.ALL);
        List<FeatureMap> one = new ConvolutionEngine(bank, RAW).threads(1).apply(List.of(ArrayImgs.floats(img, 300, 200)), ProgressListener.SILENT);
        List<FeatureMap> four = new ConvolutionEngine(bank, RAW).threads(4).apply(List.of(ArrayImgs.floats(img, 300, 200)), ProgressListener.SILENT);
        for (int i = 0; i < bank.size(); i++) {
            assertArrayEquals(data(one.get(i)), data(four.get(i)));
        }
        ProgressListener cancelNow = ProgressListener.cancelWhen(() -> true);
        assertThrows(CanceledException.class, () -> new ConvolutionEngine(bank, RAW)
                .apply(List.of(ArrayImgs.floats(img, 300, 200)), cancelNow));
        // Cancel in the middle: the engine asks between rows and stops early.
        int[] asked = new int[1];
        ProgressListener cancelLater = new ProgressListener() {
            @Override
            public void status(String message) {
            }

            @Override
            public void progress(double fraction) {
                assertTrue(fraction < 1, "finished despite the cancel");
            }

            @Override
            public boolean isCanceled() {
                return ++asked[0] > 5;
            }
        };
        assertThrows(CanceledException.class, () -> new ConvolutionEngine(bank, RAW).threads(1)
                .apply(List.of(ArrayImgs.floats(img, 300, 200)), cancelLater));
        assertTrue(asked[0] < 20, "asked " + asked[0] + " times; the engine should stop right after the cancel");
    }

    @Test
    void badInputsGetClearMessages() {
        IllegalArgumentException stride = assertThrows(IllegalArgumentException.class,
                () -> ConvolutionOptions.parse(0, "same", "replicate", true, "sum", "none"));
        assertTrue(stride.getMessage().contains("Stride is 0"), stride.getMessage());
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
                () -> ConvolutionOptions.parse(1, "full", "replicate", true, "sum", "none"));
        assertTrue(word.getMessage().contains("same, valid"), word.getMessage());
        Kernel k5 = Kernel.of("big", new float[5][5]);
        IllegalArgumentException large = assertThrows(IllegalArgumentException.class,
                () -> new ConvolutionEngine(List.of(k5), RAW.withPadding(Padding.VALID))
                        .apply(List.of(ArrayImgs.floats(4, 4)), ProgressListener.SILENT));
        assertTrue(large.getMessage().contains("larger than the image"), large.getMessage());
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> new ConvolutionEngine(KernelPresets.get(KernelPresets.ALL), RAW.withPadding(Padding.VALID)));
        assertTrue(mixed.getMessage().contains("differ in size"), mixed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConvolutionEngine(List.of(), RAW));
        assertThrows(IllegalArgumentException.class, () -> Kernel.of("ragged", new float[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> Kernel.of("empty", new float[0][]));
        assertThrows(IllegalArgumentException.class, () -> Kernel.of("nan", new float[][] {{Float.NaN}}));
    }

    // ---- oracles and helpers ----

    private record Oracle(int w, int h, float[] data) {
    }

    /**
     * Plain correlation on an explicitly padded image. Padding uses ImgLib2's own out-of-bounds
     * strategies (extendBorder = replicate, extendZero, extendMirrorSingle = reflect without
     * repeating the edge); SAME puts floor(total / 2) before, total = max((out - 1) * s + k - W, 0),
     * as TensorFlow documents.
     */
    private static Oracle oracle(float[] img, int w, int h, Kernel k, ConvolutionOptions o) {
        RandomAccessibleInterval<FloatType> src = ArrayImgs.floats(img, w, h);
        RandomAccessible<FloatType> ext = switch (o.edges()) {
            case ZERO -> Views.extendZero(src);
            case REFLECT -> Views.extendMirrorSingle(src);
            case REPLICATE -> Views.extendBorder(src);
        };
        int s = o.stride();
        int ow;
        int oh;
        int pl = 0;
        int pt = 0;
        if (o.padding() == Padding.VALID) {
            ow = (w - k.width()) / s + 1;
            oh = (h - k.height()) / s + 1;
        } else {
            ow = (int) Math.ceil(w / (double) s);
            oh = (int) Math.ceil(h / (double) s);
            pl = Math.max((ow - 1) * s + k.width() - w, 0) / 2;
            pt = Math.max((oh - 1) * s + k.height() - h, 0) / 2;
        }
        double scale = 1;
        if (o.normalize() && k.sum() != 0) {
            scale = 1 / k.sum();
        }
        RandomAccess<FloatType> ra = ext.randomAccess();
        float[] out = new float[ow * oh];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                double sum = 0;
                for (int v = 0; v < k.height(); v++) {
                    for (int u = 0; u < k.width(); u++) {
                        ra.setPosition(new long[] {ox * s - pl + u, oy * s - pt + v});
                        sum += ra.get().get() * (double) k.weight(0, v, u);
                    }
                }
                out[oy * ow + ox] = (float) (sum * scale);
            }
        }
        return new Oracle(ow, oh, out);
    }

    /** ND4J's conv2d (NCHW input, OIYX weights, zero padding), the layer DL4J's CNNs run. */
    private static INDArray nd4jConv2d(List<ArrayImg<FloatType, FloatArray>> channels, int w, int h, List<Kernel> kernels,
            ConvolutionOptions o) {
        int nc = channels.size();
        float[] in = new float[nc * w * h];
        for (int c = 0; c < nc; c++) {
            System.arraycopy(data(channels.get(c)), 0, in, c * w * h, w * h);
        }
        int kh = kernels.get(0).height();
        int kw = kernels.get(0).width();
        float[] wt = new float[kernels.size() * nc * kh * kw];
        for (int f = 0; f < kernels.size(); f++) {
            Kernel k = kernels.get(f);
            for (int c = 0; c < nc; c++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        wt[((f * nc + c) * kh + y) * kw + x] = k.weight(k.channels() == 1 ? 0 : c, y, x);
                    }
                }
            }
        }
        INDArray input = Nd4j.create(in, new long[] {1, nc, h, w}, 'c');
        INDArray weights = Nd4j.create(wt, new long[] {kernels.size(), nc, kh, kw}, 'c');
        Conv2DConfig cfg = Conv2DConfig.builder().kH(kh).kW(kw).sH(o.stride()).sW(o.stride()).dH(1).dW(1)
                .paddingMode(o.padding() == Padding.SAME ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat("NCHW").weightsFormat(WeightsFormat.OIYX).build();
        return Nd4j.cnn().conv2d(input, weights, cfg);
    }

    static float[] data(FeatureMap m) {
        return data(m.image());
    }

    static float[] data(ArrayImg<FloatType, FloatArray> img) {
        return img.update(null).getCurrentStorageArray();
    }

    static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 200 - 50);
        }
        return a;
    }

    static Kernel random(Random rnd, String name, int w, int h) {
        float[][] rows = new float[h][w];
        for (float[] r : rows) {
            for (int x = 0; x < w; x++) {
                r[x] = (float) rnd.nextGaussian();
            }
        }
        return Kernel.of(name, rows);
    }

    /** Equal to 1e-5 relative to the larger of |expected| and the map's largest magnitude (at least 1). */
    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": size");
        double scale = 1;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-5 * Math.max(scale, Math.abs(expected[i]));
            if (Math.abs(expected[i] - actual[i]) > tol) {
                throw new AssertionError(what + ": pixel " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

}
