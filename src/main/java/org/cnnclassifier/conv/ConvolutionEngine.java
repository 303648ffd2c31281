package org.cnnclassifier.conv;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.cnnclassifier.conv.ConvolutionOptions.ChannelMode;
import org.cnnclassifier.conv.ConvolutionOptions.Padding;
import org.cnnclassifier.progress.CanceledException;
import org.cnnclassifier.progress.ProgressListener;

/**
 * Applies a bank of kernels to 2D float images (ImgLib2), as a CNN's convolution layer does:
 * correlation (kernels are not flipped, as in ImageJ's Convolver and in CNNs), any stride, SAME or
 * VALID padding, replicate/zero/reflect edges, per-channel responses summed or kept separate, and
 * an optional ReLU.
 *
 * <p>This class is the public front: it checks the input, refuses runs that would not fit in memory
 * ({@link MemoryEstimate}) and labels the maps. The work is done by {@link KernelCompiler} (taps,
 * rank-1 factors), {@link ConvolutionJob#plan} (which inputs each pass reads), {@link BandScheduler}
 * (threads, bands, cancel) and {@link BandConvolver} (the inner loops).
 *
 * <p>How it is fast: output rows are split into bands run on a thread pool over all cores; each band
 * keeps a ring of the few padded (and shifted) input rows the kernels need, so the whole bank is
 * computed in one pass over the image with its rows in cache; zero weights are skipped; rank-1
 * (separable) kernels run as a horizontal then a vertical pass when that needs fewer
 * multiplications; with {@code channels=sum} and kernels shared by all channels, the channels are
 * added first.
 */
public final class ConvolutionEngine {

    /** One output map: the kernel it comes from, the input channel (-1 when channels were summed). */
    public record FeatureMap(String label, int kernel, int channel, ArrayImg<FloatType, FloatArray> image) {
    }

    private final List<Kernel> kernels;
    private final ConvolutionOptions options;
    private boolean separableEnabled = true;
    private int threads = Runtime.getRuntime().availableProcessors();

    /**
     * @throws IllegalArgumentException when there is no kernel, or kernels of different sizes are
     *                                  combined under VALID padding (their maps would differ in size)
     */
    public ConvolutionEngine(List<Kernel> kernels, ConvolutionOptions options) {
        if (kernels == null || kernels.isEmpty()) {
            throw new IllegalArgumentException("No kernel given. Type a kernel, choose a preset or a kernel file.");
        }
        if (options.padding() == Padding.VALID) {
            Kernel k0 = kernels.get(0);
            for (Kernel k : kernels) {
                if (k.width() != k0.width() || k.height() != k0.height()) {
                    throw new IllegalArgumentException("Kernels '" + k0.name() + "' (" + k0.width() + "x"
                            + k0.height() + ") and '" + k.name() + "' (" + k.width() + "x" + k.height()
                            + ") differ in size; under padding=valid their maps would differ in size."
                            + " Use padding=same or one size.");
                }
            }
        }
        this.kernels = List.copyOf(kernels);
        this.options = options;
    }

    /** Switches the two-pass separable path off (for tests and benchmarks comparing the paths). */
    public ConvolutionEngine separable(boolean enabled) {
        this.separableEnabled = enabled;
        return this;
    }

    /** Number of worker threads (default: all cores). */
    public ConvolutionEngine threads(int n) {
        this.threads = Math.max(1, n);
        return this;
    }

    /** True when kernel {@code index} runs as two 1D passes on planes of this size (tests, benchmarks). */
    public boolean usesSeparablePath(int index, int width, int height) {
        return compiler().compile(kernels.get(index), 1, width, height).runsAsTwoPasses();
    }

    public List<Kernel> kernels() {
        return kernels;
    }

    public ConvolutionOptions options() {
        return options;
    }

    public int outputWidth(int width) {
        return options.outputSize(width, kernels.get(0).width());
    }

    public int outputHeight(int height) {
        return options.outputSize(height, kernels.get(0).height());
    }

    /** Maps per input plane: one per kernel, or one per kernel and channel under channels=separate. */
    public int mapsPerPlane(int channels) {
        return ConvolutionJob.mapsPerPlane(kernels.size(), channels, options.channels());
    }

    /**
     * Checks that the kernels can be applied to planes of this size and channel count.
     *
     * @throws IllegalArgumentException naming the problem and what to do
     */
    public void checkInput(int width, int height, int channels) {
        for (Kernel k : kernels) {
            if (options.padding() == Padding.VALID && (k.width() > width || k.height() > height)) {
                throw new IllegalArgumentException("Kernel '" + k.name() + "' (" + k.width() + "x" + k.height()
                        + ") is larger than the image (" + width + "x" + height + "); under padding=valid it must"
                        + " fit inside the image. Use padding=same or a smaller kernel.");
            }
            if (k.channels() > 1 && k.channels() != channels) {
                throw new IllegalArgumentException("Kernel '" + k.name() + "' has weights for " + k.channels()
                        + " channels but the image has " + channels + ".");
            }
            if (k.channels() > 1 && options.channels() == ChannelMode.SEPARATE) {
                throw new IllegalArgumentException("Kernel '" + k.name()
                        + "' has weights per channel; use channels=sum.");
            }
        }
    }

    /** Applies the kernels to one plane given as its channels (all the same 2D size). */
    public List<FeatureMap> apply(List<? extends RandomAccessibleInterval<? extends RealType<?>>> channels,
            ProgressListener listener) {
        return applyToPlanes(List.of(channels), listener).get(0);
    }

    /**
     * Applies the kernels to each plane (e.g. every Z/T position of a stack), in parallel over all
     * planes' rows. Labels are the kernel names, with the channel name appended under
     * channels=separate ({@code channelNames} may be null: "channel 1", ...).
     *
     * @throws CanceledException when the listener reports a cancel (checked between rows)
     */
    public List<List<FeatureMap>> applyToPlanes(
            List<? extends List<? extends RandomAccessibleInterval<? extends RealType<?>>>> planes,
            ProgressListener listener) {
        return applyToPlanes(planes, null, listener);
    }

    /** As {@link #applyToPlanes(List, ProgressListener)}, naming channels in the labels. */
    public List<List<FeatureMap>> applyToPlanes(
            List<? extends List<? extends RandomAccessibleInterval<? extends RealType<?>>>> planes,
            List<String> channelNames, ProgressListener listener) {
        if (planes.isEmpty() || planes.get(0).isEmpty()) {
            throw new IllegalArgumentException("No image data to convolve.");
        }
        RandomAccessibleInterval<?> first = planes.get(0).get(0);
        if (first.numDimensions() != 2) {
            throw new IllegalArgumentException("Each channel plane must be 2D, not " + first.numDimensions() + "D.");
        }
        int w = (int) first.dimension(0);
        int h = (int) first.dimension(1);
        int nc = planes.get(0).size();
        checkInput(w, h, nc);
        int wOut = outputWidth(w);
        int hOut = outputHeight(h);
        int maps = mapsPerPlane(nc);
        boolean copiesInput = false;
        for (List<? extends RandomAccessibleInterval<? extends RealType<?>>> plane : planes) {
            if (plane.size() != nc) {
                throw new IllegalArgumentException("Every plane needs " + nc + " channels.");
            }
            for (RandomAccessibleInterval<? extends RealType<?>> ch : plane) {
                if (ch.numDimensions() != 2 || ch.dimension(0) != w || ch.dimension(1) != h) {
                    throw new IllegalArgumentException("Every channel must be " + w + "x" + h + ".");
                }
                copiesInput |= FloatPixels.needsCopy(ch);
            }
        }
        checkMemory(MemoryEstimate.of(w, h, nc, planes.size(), copiesInput, kernels, options, threads));

        KernelCompiler compiler = compiler();
        List<ConvolutionJob> jobs = new ArrayList<>();
        List<List<FeatureMap>> result = new ArrayList<>();
        for (List<? extends RandomAccessibleInterval<? extends RealType<?>>> plane : planes) {
            float[][] in = new float[nc][];
            for (int c = 0; c < nc; c++) {
                in[c] = FloatPixels.of(plane.get(c));
            }
            float[][] out = new float[maps][wOut * hOut];
            jobs.addAll(ConvolutionJob.plan(in, w, h, wOut, out, kernels, options.channels(), compiler));
            List<FeatureMap> planeMaps = new ArrayList<>();
            for (int m = 0; m < maps; m++) {
                int k = options.channels() == ChannelMode.SEPARATE ? m / nc : m;
                int c = options.channels() == ChannelMode.SEPARATE ? m % nc : -1;
                String label = kernels.get(k).name();
                if (c >= 0 && nc > 1) {
                    label += " (" + channelName(channelNames, c) + ")";
                }
                planeMaps.add(new FeatureMap(label, k, c, ArrayImgs.floats(out[m], wOut, hOut)));
            }
            result.add(planeMaps);
        }
        new BandScheduler(options, threads).run(jobs, hOut, listener);
        return result;
    }

    private static String channelName(List<String> channelNames, int c) {
        return channelNames != null && c < channelNames.size() ? channelNames.get(c) : "channel " + (c + 1);
    }

    private KernelCompiler compiler() {
        return new KernelCompiler(options, separableEnabled);
    }

    /**
     * Compares the estimate with what the heap can still grow to give. Garbage counts as used until
     * collected, so a refusal is confirmed after one collection.
     */
    private static void checkMemory(MemoryEstimate need) {
        Runtime rt = Runtime.getRuntime();
        if (need.totalBytes() > rt.maxMemory() - (rt.totalMemory() - rt.freeMemory())) {
            System.gc();
            need.check(rt.maxMemory(), rt.totalMemory() - rt.freeMemory());
        }
    }
}
