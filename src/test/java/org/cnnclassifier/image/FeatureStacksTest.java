package org.cnnclassifier.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.plugin.filter.Convolver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.cnnclassifier.conv.ConvolutionOptions;
import org.cnnclassifier.conv.ConvolutionOptions.ChannelMode;
import org.cnnclassifier.conv.Kernel;
import org.cnnclassifier.conv.KernelPresets;
import org.cnnclassifier.progress.ProgressListener;
import org.junit.jupiter.api.Test;

/**
 * The feature-map image against ImageJ's own Process>Filters>Convolve (ij.plugin.filter.Convolver)
 * run on a 32-bit copy of the same image, for every image type, stacks and hyperstacks.
 */
class FeatureStacksTest {
    private static final int W = 41;
    private static final int H = 29;

    /** The nine presets, Identity, and a rectangular random kernel (Convolver needs odd sizes). */
    private static List<Kernel> bank(Random rnd) {
        List<Kernel> ks = new ArrayList<>(KernelPresets.get(KernelPresets.ALL));
        ks.add(KernelPresets.get(KernelPresets.IDENTITY).get(0));
        float[][] rows = new float[3][7];
        for (float[] r : rows) {
            for (int x = 0; x < 7; x++) {
                r[x] = (float) rnd.nextGaussian();
            }
        }
        ks.add(Kernel.of("random 7x3", rows));
        ks.add(Kernel.of("row 5x1", new float[][] {{1, -2, 3, 0.5f, 1}})); // Convolver's 1D path
        return ks;
    }

    @Test
    void everyGrayTypeMatchesImageJConvolverOnA32BitCopy() {
        Random rnd = new Random(11);
        List<Kernel> kernels = bank(rnd);
        for (ImageProcessor ip : List.of(randomByte(rnd), randomShort(rnd), randomFloat(rnd))) {
            for (boolean normalize : new boolean[] {true, false}) {
                ImagePlus imp = new ImagePlus("in", ip);
                ImagePlus out = FeatureStacks.convolve(imp, kernels, ConvolutionOptions.DEFAULT.withNormalize(normalize),
                        ProgressListener.SILENT);
                assertEquals("in-features", out.getTitle());
                assertEquals(ImagePlus.GRAY32, out.getType());
                assertEquals(kernels.size(), out.getStackSize());
                for (int k = 0; k < kernels.size(); k++) {
                    assertEquals(kernels.get(k).name(), out.getStack().getSliceLabel(k + 1));
                    float[] expected = convolver(ip.convertToFloat(), kernels.get(k), normalize);
                    assertClose(expected, (float[]) out.getStack().getPixels(k + 1),
                            ip.getClass().getSimpleName() + " " + kernels.get(k).name() + " normalize=" + normalize);
                }
            }
        }
    }

    @Test
    void rgbChannelsMatchConvolverPerChannelAndSumToTheSummedMap() {
        Random rnd = new Random(12);
        List<Kernel> kernels = bank(rnd);
        ColorProcessor cp = new ColorProcessor(W, H);
        int[] px = (int[]) cp.getPixels();
        for (int i = 0; i < px.length; i++) {
            px[i] = rnd.nextInt(1 << 24);
        }
        ImagePlus imp = new ImagePlus("rgb", cp);
        ImagePlus separate = FeatureStacks.convolve(imp, kernels, ConvolutionOptions.DEFAULT.withChannels(ChannelMode.SEPARATE),
                ProgressListener.SILENT);
        ImagePlus sum = FeatureStacks.convolve(imp, kernels, ConvolutionOptions.DEFAULT, ProgressListener.SILENT);
        assertEquals(3 * kernels.size(), separate.getStackSize());
        assertEquals(3 * kernels.size(), separate.getNChannels());
        assertEquals(1, separate.getNSlices());
        assertEquals(kernels.size(), sum.getStackSize());
        String[] rgb = {"R", "G", "B"};
        for (int k = 0; k < kernels.size(); k++) {
            float[] total = new float[W * H];
            for (int c = 0; c < 3; c++) {
                float[] expected = convolver(cp.toFloat(c, null), kernels.get(k), true);
                int slice = k * 3 + c + 1;
                assertEquals(kernels.get(k).name() + " (" + rgb[c] + ")", separate.getStack().getSliceLabel(slice));
                assertClose(expected, (float[]) separate.getStack().getPixels(slice), "RGB " + rgb[c] + " " + kernels.get(k).name());
                for (int i = 0; i < total.length; i++) {
                    total[i] += expected[i];
                }
            }
            assertClose(total, (float[]) sum.getStack().getPixels(k + 1), "RGB sum " + kernels.get(k).name());
        }
    }

    @Test
    void stacksAndHyperstacksKeepZAndTAndMatchConvolverPerPlane() {
        Random rnd = new Random(13);
        List<Kernel> kernels = KernelPresets.get(KernelPresets.EDGES);
        // 16-bit hyperstack: 2 channels, 3 slices, 2 frames.
        ImageStack stack = new ImageStack(W, H);
        for (int i = 0; i < 12; i++) {
            stack.addSlice(randomShort(rnd));
        }
        ImagePlus imp = new ImagePlus("hyper", stack);
        imp.setDimensions(2, 3, 2);
        imp.setOpenAsHyperStack(true);
        ImagePlus out = FeatureStacks.convolve(imp, kernels, ConvolutionOptions.DEFAULT, ProgressListener.SILENT);
        assertEquals(3, out.getNChannels());
        assertEquals(3, out.getNSlices());
        assertEquals(2, out.getNFrames());
        assertTrue(out.isHyperStack());
        ImagePlus sep = FeatureStacks.convolve(imp, kernels, ConvolutionOptions.DEFAULT.withChannels(ChannelMode.SEPARATE),
                ProgressListener.SILENT);
        assertEquals(6, sep.getNChannels());
        for (int t = 1; t <= 2; t++) {
            for (int z = 1; z <= 3; z++) {
                for (int k = 0; k < kernels.size(); k++) {
                    float[] c1 = convolver(stack.getProcessor(imp.getStackIndex(1, z, t)).convertToFloat(), kernels.get(k), true);
                    float[] c2 = convolver(stack.getProcessor(imp.getStackIndex(2, z, t)).convertToFloat(), kernels.get(k), true);
                    float[] sum = new float[c1.length];
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] = c1[i] + c2[i];
                    }
                    int index = out.getStackIndex(k + 1, z, t);
                    assertEquals(kernels.get(k).name(), out.getStack().getSliceLabel(index));
                    assertClose(sum, (float[]) out.getStack().getPixels(index), "z" + z + " t" + t + " " + kernels.get(k).name());
                    assertClose(c2, (float[]) sep.getStack().getPixels(sep.getStackIndex(2 * k + 2, z, t)), "separate C2");
                    assertEquals(kernels.get(k).name() + " (C2)", sep.getStack().getSliceLabel(sep.getStackIndex(2 * k + 2, z, t)));
                }
            }
        }
        // A plain 8-bit stack (Z only): a hyperstack of kernels x slices.
        ImageStack zs = new ImageStack(W, H);
        for (int i = 0; i < 4; i++) {
            zs.addSlice(randomByte(rnd));
        }
        ImagePlus zimp = new ImagePlus("z", zs);
        ImagePlus zout = FeatureStacks.convolve(zimp, kernels, ConvolutionOptions.DEFAULT, ProgressListener.SILENT);
        assertEquals(3, zout.getNChannels());
        assertEquals(4, zout.getNSlices());
        float[] expected = convolver(zs.getProcessor(3).convertToFloat(), kernels.get(1), true);
        assertClose(expected, (float[]) zout.getStack().getPixels(zout.getStackIndex(2, 3, 1)), "Z stack slice 3");
    }

    @Test
    void largeKernelsOnWideImagesMatchConvolverToo() {
        // A 41x41 kernel makes the engine split the 1500-pixel rows into column strips (bounded memory).
        Random rnd = new Random(18);
        FloatProcessor fp = new FloatProcessor(1500, 50);
        for (int i = 0; i < 1500 * 50; i++) {
            fp.setf(i, rnd.nextFloat() * 100);
        }
        float[][] rows = new float[41][41];
        for (float[] r : rows) {
            for (int x = 0; x < 41; x++) {
                r[x] = (float) rnd.nextGaussian();
            }
        }
        Kernel big = Kernel.of("big", rows);
        ImagePlus out = FeatureStacks.convolve(new ImagePlus("wide", fp), List.of(big), ConvolutionOptions.DEFAULT,
                ProgressListener.SILENT);
        assertClose(convolver(fp, big, true), (float[]) out.getProcessor().getPixels(), "41x41 on 1500x50");
    }

    @Test
    void calibrationIsKeptAndScaledByTheStride() {
        ImagePlus imp = new ImagePlus("cal", randomFloat(new Random(14)));
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = 0.25;
        cal.pixelHeight = 0.5;
        cal.setUnit("um");
        List<Kernel> k = KernelPresets.get(KernelPresets.SOBEL_X);
        ImagePlus out = FeatureStacks.convolve(imp, k, ConvolutionOptions.DEFAULT, ProgressListener.SILENT);
        assertEquals(0.25, out.getCalibration().pixelWidth);
        assertEquals(0.5, out.getCalibration().pixelHeight);
        assertEquals(imp.getCalibration().getUnit(), out.getCalibration().getUnit());
        assertEquals(0.0, out.getCalibration().xOrigin);
        ImagePlus strided = FeatureStacks.convolve(imp, k, ConvolutionOptions.DEFAULT.withStride(2), ProgressListener.SILENT);
        assertEquals(0.5, strided.getCalibration().pixelWidth);
        assertEquals(1.0, strided.getCalibration().pixelHeight);
        assertEquals(imp.getCalibration().getUnit(), strided.getCalibration().getUnit());
        assertEquals((W + 1) / 2, strided.getWidth());
        // The input's calibration object is not shared or changed.
        assertNotSame(cal, out.getCalibration());
        assertEquals(0.25, imp.getCalibration().pixelWidth);
    }

    @Test
    void noImageIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureStacks.convolve(null, KernelPresets.get(KernelPresets.EDGES), ConvolutionOptions.DEFAULT,
                        ProgressListener.SILENT));
        assertTrue(e.getMessage().contains("no image open"), e.getMessage());
    }

    @Test
    void bridgeWrapsImageJPixelsWithoutCopying() {
        FloatProcessor fp = randomFloat(new Random(15));
        assertSame(fp.getPixels(), ImgBridge.wrap(fp).update(null).getCurrentStorageArray());
        ByteProcessor bp = randomByte(new Random(16));
        assertSame(bp.getPixels(), ImgBridge.wrap(bp).update(null).getCurrentStorageArray());
        ShortProcessor sp = randomShort(new Random(17));
        assertSame(sp.getPixels(), ImgBridge.wrap(sp).update(null).getCurrentStorageArray());
        // Writes through the wrapper land in the ImageJ image; RGB channels read the packed ints.
        ImgBridge.wrap(bp).randomAccess().setPositionAndGet(3, 2).set(200);
        assertEquals(200, bp.get(3, 2));
        ColorProcessor cp = new ColorProcessor(4, 3);
        cp.set(1, 2, (10 << 16) | (20 << 8) | 30);
        List<RandomAccessibleInterval<? extends RealType<?>>> ch = ImgBridge.channels(cp);
        assertEquals(3, ch.size());
        assertEquals(10.0, ch.get(0).randomAccess().setPositionAndGet(1, 2).getRealDouble());
        assertEquals(20.0, ch.get(1).randomAccess().setPositionAndGet(1, 2).getRealDouble());
        assertEquals(30.0, ch.get(2).randomAccess().setPositionAndGet(1, 2).getRealDouble());
        FloatProcessor back = ImgBridge.toFloatProcessor(ImgBridge.wrap(fp));
        assertSame(fp.getPixels(), back.getPixels());
        FloatType v = ImgBridge.wrap(fp).randomAccess().setPositionAndGet(5, 6);
        assertEquals(fp.getf(5, 6), v.get());
    }

    // ---- helpers ----

    /** ImageJ's Convolver (Process>Filters>Convolve) on a copy: replicated edges, kernel centred. */
    static float[] convolver(ImageProcessor floatCopy, Kernel k, boolean normalize) {
        FloatProcessor fp = (FloatProcessor) floatCopy.duplicate();
        Convolver c = new Convolver();
        c.setNormalize(normalize);
        assertTrue(c.convolve(fp, k.weights(), k.width(), k.height()));
        return (float[]) fp.getPixels();
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > 1e-5 * Math.max(scale, Math.abs(expected[i]))) {
                throw new AssertionError(what + ": pixel " + i + " is " + actual[i] + ", ImageJ gives " + expected[i]);
            }
        }
    }

    static ByteProcessor randomByte(Random rnd) {
        ByteProcessor bp = new ByteProcessor(W, H);
        for (int i = 0; i < W * H; i++) {
            bp.set(i, rnd.nextInt(256));
        }
        return bp;
    }

    static ShortProcessor randomShort(Random rnd) {
        ShortProcessor sp = new ShortProcessor(W, H);
        for (int i = 0; i < W * H; i++) {
            sp.set(i, rnd.nextInt(65536));
        }
        return sp;
    }

    static FloatProcessor randomFloat(Random rnd) {
        FloatProcessor fp = new FloatProcessor(W, H);
        for (int i = 0; i < W * H; i++) {
            fp.setf(i, (float) (rnd.nextGaussian() * 1000));
        }
        return fp;
    }
}
