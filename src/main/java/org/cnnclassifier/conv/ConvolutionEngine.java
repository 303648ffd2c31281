package org.cnnclassifier.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.cnnclassifier.conv.ConvolutionOptions.Activation;
import org.cnnclassifier.conv.ConvolutionOptions.ChannelMode;
import org.cnnclassifier.conv.ConvolutionOptions.Edges;
import org.cnnclassifier.conv.ConvolutionOptions.Padding;
import org.cnnclassifier.progress.CanceledException;
import org.cnnclassifier.progress.ProgressListener;

/**
 * Applies a bank of kernels to 2D float images (ImgLib2), as a CNN's convolution layer does:
 * correlation (kernels are not flipped, as in ImageJ's Convolver and in CNNs), any stride, SAME or
 * VALID padding, replicate/zero/reflect edges, per-channel responses summed or kept separate, and
 * an optional ReLU.
 *
 * <p>How it is fast: output rows are split into bands run on a thread pool over all cores; each band
 * keeps a ring of the few padded (and shifted, see {@link Band}) input rows the kernels need, so the
 * whole bank is computed in one pass over the image with its rows in cache; zero weights are skipped; rank-1 (separable) kernels
 * run as a horizontal then a vertical pass when that needs fewer multiplications; with
 * {@code channels=sum} and kernels shared by all channels, the channels are added first (the sum of
 * the per-channel correlations equals the correlation of the channel sum, edges included, since
 * padding is linear).
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
                    throw new IllegalArgumentException("Kernels '" + k0.name() + "' (" + k0.width() + "x" + k0.height()
                            + ") and '" + k.name() + "' (" + k.width() + "x" + k.height() + ") differ in size; under"
                            + " padding=valid their maps would differ in size. Use padding=same or one size.");
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
        return compile(kernels.get(index), 1, width, height).separable;
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
        return options.channels() == ChannelMode.SEPARATE ? kernels.size() * channels : kernels.size();
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
                        + ") is larger than the image (" + width + "x" + height + "); under padding=valid it must fit"
                        + " inside the image. Use padding=same or a smaller kernel.");
            }
            if (k.channels() > 1 && k.channels() != channels) {
                throw new IllegalArgumentException("Kernel '" + k.name() + "' has weights for " + k.channels()
                        + " channels but the image has " + channels + ".");
            }
            if (k.channels() > 1 && options.channels() == ChannelMode.SEPARATE) {
                throw new IllegalArgumentException("Kernel '" + k.name() + "' has weights per channel; use channels=sum.");
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
    public List<List<FeatureMap>> applyToPlanes(List<? extends List<? extends RandomAccessibleInterval<? extends RealType<?>>>> planes,
            ProgressListener listener) {
        return applyToPlanes(planes, null, listener);
    }

    /** As {@link #applyToPlanes(List, ProgressListener)}, naming channels in the labels. */
    public List<List<FeatureMap>> applyToPlanes(List<? extends List<? extends RandomAccessibleInterval<? extends RealType<?>>>> planes,
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
        long bytes = 4L * wOut * hOut * maps * planes.size();
        if (bytes > Runtime.getRuntime().maxMemory()) {
            throw new IllegalArgumentException("The feature maps need " + (bytes >> 20) + " MB but Java may use only "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB. Use fewer kernels, a larger stride, or give"
                    + " ImageJ more memory (Edit>Options>Memory & Threads).");
        }

        List<Job> jobs = new ArrayList<>();
        List<List<FeatureMap>> result = new ArrayList<>();
        for (List<? extends RandomAccessibleInterval<? extends RealType<?>>> plane : planes) {
            if (plane.size() != nc) {
                throw new IllegalArgumentException("Every plane needs " + nc + " channels.");
            }
            float[][] in = new float[nc][];
            for (int c = 0; c < nc; c++) {
                RandomAccessibleInterval<? extends RealType<?>> ch = plane.get(c);
                if (ch.numDimensions() != 2 || ch.dimension(0) != w || ch.dimension(1) != h) {
                    throw new IllegalArgumentException("Every channel must be " + w + "x" + h + ".");
                }
                in[c] = floatArray(ch);
            }
            float[][] out = new float[maps][wOut * hOut];
            List<FeatureMap> planeMaps = new ArrayList<>();
            addJobs(jobs, in, w, h, out);
            for (int m = 0; m < maps; m++) {
                int k = options.channels() == ChannelMode.SEPARATE ? m / nc : m;
                int c = options.channels() == ChannelMode.SEPARATE ? m % nc : -1;
                String label = kernels.get(k).name();
                if (c >= 0 && nc > 1) {
                    label += " (" + (channelNames != null && c < channelNames.size() ? channelNames.get(c) : "channel " + (c + 1)) + ")";
                }
                planeMaps.add(new FeatureMap(label, k, c, ArrayImgs.floats(out[m], wOut, hOut)));
            }
            result.add(planeMaps);
        }
        run(jobs, hOut, listener);
        return result;
    }

    /** One set of filters applied to one set of input channels, writing into given output arrays. */
    private record Job(float[][] in, int w, int h, int wOut, Filter[] filters, float[][] out) {
    }

    private void addJobs(List<Job> jobs, float[][] in, int w, int h, float[][] out) {
        int nc = in.length;
        boolean allShared = kernels.stream().allMatch(k -> k.channels() == 1);
        if (options.channels() == ChannelMode.SEPARATE) {
            for (int c = 0; c < nc; c++) {
                Filter[] filters = new Filter[kernels.size()];
                float[][] o = new float[kernels.size()][];
                for (int k = 0; k < kernels.size(); k++) {
                    filters[k] = compile(kernels.get(k), 1, w, h);
                    o[k] = out[k * nc + c];
                }
                jobs.add(new Job(new float[][] {in[c]}, w, h, outputWidth(w), filters, o));
            }
        } else if (allShared) {
            float[] sum = in[0];
            if (nc > 1) {
                sum = in[0].clone();
                for (int c = 1; c < nc; c++) {
                    float[] a = in[c];
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += a[i];
                    }
                }
            }
            Filter[] filters = new Filter[kernels.size()];
            for (int k = 0; k < kernels.size(); k++) {
                filters[k] = compile(kernels.get(k), 1, w, h);
            }
            jobs.add(new Job(new float[][] {sum}, w, h, outputWidth(w), filters, out));
        } else {
            Filter[] filters = new Filter[kernels.size()];
            for (int k = 0; k < kernels.size(); k++) {
                filters[k] = compile(kernels.get(k), nc, w, h);
            }
            jobs.add(new Job(in, w, h, outputWidth(w), filters, out));
        }
    }

    /** A kernel turned into non-zero taps relative to the output position times the stride. */
    private static final class Filter {
        int[] tc;
        int[] tdy;
        int[] tdx;
        float[] tw;
        boolean separable;
        int[] hdx;
        float[] hw;
        int[] vdy;
        float[] vw;
        int minDy;
        int maxDy;
        int minDx;
        int maxDx;
    }

    private Filter compile(Kernel k, int nc, int w, int h) {
        double scale = 1;
        if (options.normalize()) {
            double sum = k.sum();
            if (sum != 0) {
                scale = 1.0 / sum;
            }
        }
        int padTop = options.padBefore(h, k.height());
        int padLeft = options.padBefore(w, k.width());
        Filter f = new Filter();
        f.minDy = -padTop;
        f.maxDy = k.height() - 1 - padTop;
        f.minDx = -padLeft;
        f.maxDx = k.width() - 1 - padLeft;
        List<int[]> taps = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        for (int c = 0; c < nc; c++) {
            int kc = k.channels() == 1 ? 0 : c;
            for (int y = 0; y < k.height(); y++) {
                for (int x = 0; x < k.width(); x++) {
                    float wt = (float) (k.weight(kc, y, x) * scale);
                    if (wt != 0) {
                        taps.add(new int[] {c, y - padTop, x - padLeft});
                        weights.add(wt);
                    }
                }
            }
        }
        f.tc = taps.stream().mapToInt(t -> t[0]).toArray();
        f.tdy = taps.stream().mapToInt(t -> t[1]).toArray();
        f.tdx = taps.stream().mapToInt(t -> t[2]).toArray();
        f.tw = new float[weights.size()];
        for (int i = 0; i < f.tw.length; i++) {
            f.tw[i] = weights.get(i);
        }
        if (separableEnabled && nc == 1) {
            trySeparable(f, k, scale, padTop, padLeft);
        }
        return f;
    }

    /** Rank-1 check: K = column * row (to float rounding); used when it saves multiplications. */
    private static void trySeparable(Filter f, Kernel k, double scale, int padTop, int padLeft) {
        int kw = k.width();
        int kh = k.height();
        int py = 0;
        int px = 0;
        double max = 0;
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                double a = Math.abs(k.weight(0, y, x));
                if (a > max) {
                    max = a;
                    py = y;
                    px = x;
                }
            }
        }
        if (max == 0) {
            return;
        }
        double pivot = k.weight(0, py, px);
        double[] col = new double[kh];
        double[] row = new double[kw];
        for (int y = 0; y < kh; y++) {
            col[y] = k.weight(0, y, px) * scale;
        }
        for (int x = 0; x < kw; x++) {
            row[x] = k.weight(0, py, x) / pivot;
        }
        int nzCol = 0;
        int nzRow = 0;
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                if (Math.abs(col[y] * row[x] - k.weight(0, y, x) * scale) > 1e-6 * max * Math.abs(scale)) {
                    return;
                }
            }
        }
        for (double c : col) {
            nzCol += c != 0 ? 1 : 0;
        }
        for (double r : row) {
            nzRow += r != 0 ? 1 : 0;
        }
        if (nzCol + nzRow >= f.tw.length) {
            return; // two passes would not save work
        }
        f.separable = true;
        f.vdy = new int[nzCol];
        f.vw = new float[nzCol];
        for (int y = 0, i = 0; y < kh; y++) {
            if (col[y] != 0) {
                f.vdy[i] = y - padTop;
                f.vw[i++] = (float) col[y];
            }
        }
        f.hdx = new int[nzRow];
        f.hw = new float[nzRow];
        for (int x = 0, i = 0; x < kw; x++) {
            if (row[x] != 0) {
                f.hdx[i] = x - padLeft;
                f.hw[i++] = (float) row[x];
            }
        }
    }

    private void run(List<Job> jobs, int hOut, ProgressListener listener) {
        listener.checkCanceled();
        long totalRows = (long) jobs.size() * hOut;
        int target = threads * 4;
        int rowsPerBand = (int) Math.min(hOut, Math.max(16, (totalRows + target - 1) / target));
        AtomicBoolean canceled = new AtomicBoolean();
        AtomicLong rowsDone = new AtomicLong();
        if (threads == 1) {
            // On the caller's thread the bands ask the listener itself between rows.
            for (Job job : jobs) {
                int stripWidth = stripWidth(job);
                for (int xs0 = 0; xs0 < job.wOut; xs0 += stripWidth) {
                    int xEnd = Math.min(job.wOut, xs0 + stripWidth);
                    new Band(job, options, xs0, xEnd).run(0, hOut, listener::isCanceled, xEnd == job.wOut ? rowsDone : null);
                    listener.checkCanceled();
                    listener.progress((double) rowsDone.get() / totalRows);
                }
            }
            listener.progress(1);
            return;
        }
        List<Runnable> tasks = new ArrayList<>();
        for (Job job : jobs) {
            int stripWidth = stripWidth(job);
            for (int y0 = 0; y0 < hOut; y0 += rowsPerBand) {
                int from = y0;
                int to = Math.min(hOut, y0 + rowsPerBand);
                for (int xs0 = 0; xs0 < job.wOut; xs0 += stripWidth) {
                    int xStart = xs0;
                    int xEnd = Math.min(job.wOut, xs0 + stripWidth);
                    boolean lastStrip = xEnd == job.wOut;
                    tasks.add(() -> new Band(job, options, xStart, xEnd).run(from, to, canceled::get, lastStrip ? rowsDone : null));
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
            Thread t = new Thread(r, "convolution");
            t.setDaemon(true);
            return t;
        });
        try {
            CountDownLatch latch = new CountDownLatch(tasks.size());
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable t : tasks) {
                futures.add(pool.submit(() -> {
                    try {
                        t.run();
                    } finally {
                        latch.countDown();
                    }
                }));
            }
            while (!latch.await(100, TimeUnit.MILLISECONDS)) {
                if (listener.isCanceled()) {
                    canceled.set(true);
                    throw new CanceledException();
                }
                listener.progress((double) rowsDone.get() / totalRows);
            }
            for (Future<?> f : futures) {
                f.get();
            }
            listener.progress(1);
        } catch (InterruptedException e) {
            canceled.set(true);
            Thread.currentThread().interrupt();
            throw new CanceledException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The smallest and largest kernel offsets over a bank: the input rows and columns a band needs. */
    private record Extent(int minDy, int maxDy, int minDx, int maxDx) {
        static Extent of(Filter[] filters) {
            int mnDy = Integer.MAX_VALUE;
            int mxDy = Integer.MIN_VALUE;
            int mnDx = Integer.MAX_VALUE;
            int mxDx = Integer.MIN_VALUE;
            for (Filter f : filters) {
                mnDy = Math.min(mnDy, f.minDy);
                mxDy = Math.max(mxDy, f.maxDy);
                mnDx = Math.min(mnDx, f.minDx);
                mxDx = Math.max(mxDx, f.maxDx);
            }
            return new Extent(mnDy, mxDy, mnDx, mxDx);
        }
    }

    /** Output columns per band: its shifted rows stay within 8 MB, so large kernels get narrower strips. */
    private static int stripWidth(Job job) {
        Extent e = Extent.of(job.filters);
        long bytesPerColumn = 4L * (e.maxDy - e.minDy + 1) * ((long) (e.maxDx - e.minDx + 1) * job.in.length + job.filters.length);
        long budget = 8L << 20; // per band; keeps memory bounded for large kernels (e.g. 101x101)
        return (int) Math.max(64, Math.min(job.wOut, budget / bytesPerColumn));
    }

    /**
     * The per-thread work, for output rows [oy0, oy1) and columns [xs0, xs1). For every input row a band needs, it builds one copy of the padded row
     * per horizontal kernel offset dx, already shifted (and subsampled by the stride):
     * {@code shifted[dx][x] = padded[x * stride + dx]}. Every multiply-add loop then reads and
     * writes the same index of two arrays, the form HotSpot's auto-vectoriser turns into SIMD code
     * (a loop reading {@code p[x + off]} while writing {@code out[x]} is not vectorised, since the
     * arrays might alias; measured 5x slower). Rows are kept in a ring, so each input row is built
     * once per band; separable kernels' horizontal pass is done when the row is built.
     */
    private static final class Band {
        /** Output columns per tile, so a tile's rows stay in the L1 cache while all filters read them. */
        private static final int TILE = 1024;

        private final Job job;
        private final int stride;
        private final Edges edges;
        private final boolean relu;
        private final int wOut;
        private final int xs0;
        private final int minDy;
        private final int minDx;
        private final int xLo;
        private final int ringSize;
        private final float[] padded; // one padded input row, x from xLo
        private final float[][][][] ring; // [slot][channel][dx - minDx][x]
        private final int[] ringRow;
        private final float[][][] hRing; // [filter][slot][x], separable filters only
        private final float[] acc;

        Band(Job job, ConvolutionOptions options, int xs0, int xs1) {
            this.job = job;
            this.stride = options.stride();
            this.edges = options.edges();
            this.relu = options.activation() == Activation.RELU;
            this.wOut = xs1 - xs0; // this strip's width; rows of the output image are job.wOut long
            this.xs0 = xs0;
            Extent e = Extent.of(job.filters);
            int mnDy = e.minDy;
            int mxDy = e.maxDy;
            int mnDx = e.minDx;
            int mxDx = e.maxDx;
            this.minDy = mnDy;
            this.minDx = mnDx;
            this.xLo = xs0 * stride + mnDx;
            int xHi = (xs1 - 1) * stride + mxDx;
            this.ringSize = mxDy - mnDy + 1;
            this.padded = new float[xHi - xLo + 1];
            // Only the offsets some tap uses get a shifted row.
            boolean[] used = new boolean[mxDx - mnDx + 1];
            for (Filter f : job.filters) {
                if (f.separable) {
                    for (int dx : f.hdx) {
                        used[dx - mnDx] = true;
                    }
                } else {
                    for (int dx : f.tdx) {
                        used[dx - mnDx] = true;
                    }
                }
            }
            this.ring = new float[ringSize][job.in.length][used.length][];
            for (float[][][] slot : ring) {
                for (float[][] channel : slot) {
                    for (int d = 0; d < used.length; d++) {
                        if (used[d]) {
                            channel[d] = new float[wOut];
                        }
                    }
                }
            }
            this.ringRow = new int[ringSize];
            java.util.Arrays.fill(ringRow, Integer.MIN_VALUE);
            this.hRing = new float[job.filters.length][][];
            for (int i = 0; i < job.filters.length; i++) {
                if (job.filters[i].separable) {
                    hRing[i] = new float[ringSize][wOut];
                }
            }
            this.acc = new float[wOut];
        }

        void run(int oy0, int oy1, BooleanSupplier canceled, AtomicLong rowsDone) {
            int maxDy = minDy + ringSize - 1;
            for (int oy = oy0; oy < oy1; oy++) {
                if (canceled.getAsBoolean()) {
                    return;
                }
                int base = oy * stride;
                for (int y = base + minDy; y <= base + maxDy; y++) {
                    int slot = Math.floorMod(y, ringSize);
                    if (ringRow[slot] != y) {
                        load(y, slot);
                        ringRow[slot] = y;
                    }
                }
                int ob = oy * job.wOut + xs0;
                for (int x0 = 0; x0 < wOut; x0 += TILE) {
                    int x1 = Math.min(wOut, x0 + TILE);
                    for (int i = 0; i < job.filters.length; i++) {
                        Filter f = job.filters[i];
                        if (f.separable) {
                            vertical(f, hRing[i], base, x0, x1);
                        } else {
                            general(f, base, x0, x1);
                        }
                        float[] a = acc;
                        if (relu) {
                            for (int x = x0; x < x1; x++) {
                                a[x] = Math.max(a[x], 0f);
                            }
                        }
                        System.arraycopy(a, x0, job.out[i], ob + x0, x1 - x0);
                    }
                }
                if (rowsDone != null) {
                    rowsDone.incrementAndGet();
                }
            }
        }

        private void general(Filter f, int base, int x0, int x1) {
            float[] a = acc;
            int n = f.tw.length;
            if (n == 0) {
                java.util.Arrays.fill(a, x0, x1, 0f);
                return;
            }
            for (int t = 0; t < n; t++) {
                float[] p = ring[Math.floorMod(base + f.tdy[t], ringSize)][f.tc[t]][f.tdx[t] - minDx];
                float w = f.tw[t];
                if (t == 0) {
                    for (int x = x0; x < x1; x++) {
                        a[x] = w * p[x];
                    }
                } else {
                    for (int x = x0; x < x1; x++) {
                        a[x] += w * p[x];
                    }
                }
            }
        }

        private void vertical(Filter f, float[][] hRows, int base, int x0, int x1) {
            float[] a = acc;
            for (int t = 0; t < f.vw.length; t++) {
                float[] h = hRows[Math.floorMod(base + f.vdy[t], ringSize)];
                float w = f.vw[t];
                if (t == 0) {
                    for (int x = x0; x < x1; x++) {
                        a[x] = w * h[x];
                    }
                } else {
                    for (int x = x0; x < x1; x++) {
                        a[x] += w * h[x];
                    }
                }
            }
        }

        /** Builds ring slot {@code slot} from input row {@code y}: padded by the edge mode, then shifted per dx. */
        private void load(int y, int slot) {
            int w = job.w;
            int sy = sourceIndex(y, job.h);
            for (int c = 0; c < job.in.length; c++) {
                float[] row = padded;
                if (sy < 0) {
                    java.util.Arrays.fill(row, 0f);
                } else {
                    float[] src = job.in[c];
                    int rowStart = sy * w;
                    int from = Math.max(0, xLo);
                    int to = Math.min(w, xLo + row.length); // exclusive, in image x
                    if (to > from) {
                        System.arraycopy(src, rowStart + from, row, from - xLo, to - from);
                    }
                    for (int x = xLo; x < from; x++) {
                        int sx = sourceIndex(x, w);
                        row[x - xLo] = sx < 0 ? 0f : src[rowStart + sx];
                    }
                    for (int x = Math.max(to, xLo); x < xLo + row.length; x++) {
                        int sx = sourceIndex(x, w);
                        row[x - xLo] = sx < 0 ? 0f : src[rowStart + sx];
                    }
                }
                float[][] shifted = ring[slot][c];
                for (int d = 0; d < shifted.length; d++) {
                    float[] dst = shifted[d];
                    if (dst == null) {
                        continue;
                    }
                    int off = d; // padded index of output column x is x * stride + (dx - minDx)
                    if (stride == 1) {
                        System.arraycopy(row, off, dst, 0, wOut);
                    } else {
                        for (int x = 0; x < wOut; x++) {
                            dst[x] = row[x * stride + off];
                        }
                    }
                }
            }
            for (int i = 0; i < job.filters.length; i++) {
                if (hRing[i] != null) {
                    horizontal(job.filters[i], ring[slot][0], hRing[i][slot]);
                }
            }
        }

        private void horizontal(Filter f, float[][] shifted, float[] h) {
            for (int t = 0; t < f.hw.length; t++) {
                float[] p = shifted[f.hdx[t] - minDx];
                float w = f.hw[t];
                if (t == 0) {
                    for (int x = 0; x < wOut; x++) {
                        h[x] = w * p[x];
                    }
                } else {
                    for (int x = 0; x < wOut; x++) {
                        h[x] += w * p[x];
                    }
                }
            }
        }

        /** The source index of coordinate {@code i} on an axis of {@code n}; -1 for a zero pad. */
        private int sourceIndex(int i, int n) {
            if (i >= 0 && i < n) {
                return i;
            }
            switch (edges) {
                case ZERO:
                    return -1;
                case REFLECT:
                    if (n == 1) {
                        return 0;
                    }
                    int period = 2 * (n - 1);
                    int m = Math.floorMod(i, period);
                    return m < n ? m : period - m;
                case REPLICATE:
                default:
                    return i < 0 ? 0 : n - 1;
            }
        }
    }

    /** The float pixels of a 2D image: the backing array of a float ArrayImg, otherwise a copy. */
    @SuppressWarnings("unchecked")
    static float[] floatArray(RandomAccessibleInterval<? extends RealType<?>> img) {
        if (img instanceof ArrayImg<?, ?> a && a.firstElement() instanceof FloatType
                && a.update(null) instanceof FloatArray fa) {
            return fa.getCurrentStorageArray();
        }
        int w = (int) img.dimension(0);
        int h = (int) img.dimension(1);
        float[] out = new float[w * h];
        Cursor<? extends RealType<?>> c = Views.flatIterable(img).cursor();
        for (int i = 0; i < out.length; i++) {
            out[i] = c.next().getRealFloat();
        }
        return out;
    }
}
