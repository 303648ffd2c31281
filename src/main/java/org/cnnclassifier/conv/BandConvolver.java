package org.cnnclassifier.conv;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.cnnclassifier.conv.CompiledKernel.Tap;
import org.cnnclassifier.conv.CompiledKernel.Tap1D;
import org.cnnclassifier.conv.ConvolutionJob.Extent;
import org.cnnclassifier.conv.ConvolutionOptions.Activation;
import org.cnnclassifier.conv.ConvolutionOptions.Edges;

/**
 * Computes one band of a job: output rows [oy0, oy1) of the strip of output columns [xs0, xs1), for
 * every kernel of the job. One instance per task; not shared between threads.
 *
 * <p>For every input row the band needs, it builds one copy of the padded row per horizontal kernel
 * offset dx, already shifted (and subsampled by the stride): {@code shifted[dx][x] = padded[x * stride + dx]}.
 * Every multiply-add loop then reads and writes the same index of two arrays, the form HotSpot's
 * auto-vectoriser turns into SIMD code (a loop reading {@code p[x + off]} while writing {@code out[x]}
 * is not vectorised, since the arrays might alias; measured 5x slower). Rows are kept in a ring, so
 * each input row is built once per band; rank-1 kernels' horizontal pass is done when the row is built.
 */
final class BandConvolver {
    /** Output columns per tile, so a tile's rows stay in the L1 cache while all kernels read them. */
    private static final int TILE = 1024;
    /** Working rows per band at most (except for the 64-column minimum): bounded for large kernels, e.g. 101x101. */
    private static final long BAND_BUDGET_BYTES = 8L << 20;
    private static final int MIN_STRIP_WIDTH = 64;

    private final ConvolutionJob job;
    private final TapArrays[] taps; // per kernel: its taps, or null when it runs as two passes
    private final TapArrays[] horizontalTaps; // per kernel: its horizontal factor, or null
    private final TapArrays[] verticalTaps; // per kernel: its vertical factor, or null
    private final int stride;
    private final Edges edges;
    private final boolean relu;
    private final int width; // this strip's width; rows of the output image are job.outWidth() long
    private final int xs0;
    private final int minDy;
    private final int minDx;
    private final int xLo;
    private final int ringSize;
    private final float[] padded; // one padded input row, x from xLo
    private final float[][][][] ring; // [slot][channel][dx - minDx][x]
    private final int[] ringRow;
    private final float[][][] horizontalRing; // [kernel][slot][x], two-pass kernels only
    private final float[] acc;

    BandConvolver(ConvolutionJob job, ConvolutionOptions options, int xs0, int xs1) {
        this.job = job;
        List<CompiledKernel> kernels = job.kernels();
        this.stride = options.stride();
        this.edges = options.edges();
        this.relu = options.activation() == Activation.RELU;
        this.width = xs1 - xs0;
        this.xs0 = xs0;
        Extent e = job.extent();
        this.minDy = e.minDy();
        this.minDx = e.minDx();
        this.xLo = xs0 * stride + e.minDx();
        int xHi = (xs1 - 1) * stride + e.maxDx();
        this.ringSize = e.rows();
        this.padded = new float[xHi - xLo + 1];
        // Only the offsets some tap uses get a shifted row.
        boolean[] used = new boolean[e.columns()];
        for (CompiledKernel k : kernels) {
            if (k.runsAsTwoPasses()) {
                for (Tap1D t : k.rank1().horizontal()) {
                    used[t.offset() - minDx] = true;
                }
            } else {
                for (Tap t : k.taps()) {
                    used[t.dx() - minDx] = true;
                }
            }
        }
        this.ring = new float[ringSize][job.in().length][used.length][];
        for (float[][][] slot : ring) {
            for (float[][] channel : slot) {
                for (int d = 0; d < used.length; d++) {
                    if (used[d]) {
                        channel[d] = new float[width];
                    }
                }
            }
        }
        this.ringRow = new int[ringSize];
        Arrays.fill(ringRow, Integer.MIN_VALUE);
        this.horizontalRing = new float[kernels.size()][][];
        for (int i = 0; i < kernels.size(); i++) {
            if (kernels.get(i).runsAsTwoPasses()) {
                horizontalRing[i] = new float[ringSize][width];
            }
        }
        this.acc = new float[width];
        this.taps = new TapArrays[kernels.size()];
        this.horizontalTaps = new TapArrays[kernels.size()];
        this.verticalTaps = new TapArrays[kernels.size()];
        for (int i = 0; i < kernels.size(); i++) {
            CompiledKernel k = kernels.get(i);
            if (k.runsAsTwoPasses()) {
                horizontalTaps[i] = TapArrays.of1D(k.rank1().horizontal());
                verticalTaps[i] = TapArrays.of1D(k.rank1().vertical());
            } else {
                taps[i] = TapArrays.of(k.taps());
            }
        }
    }

    /**
     * Taps as parallel arrays, flattened once per band: a tile of 1024 columns takes only a few
     * microseconds, so the inner loops should not pay a list call and a pointer chase per tap.
     * A 1-D factor has its offsets in both {@code dy} and {@code dx} and no channels.
     */
    private record TapArrays(int[] channel, int[] dy, int[] dx, float[] weight) {
        static TapArrays of(List<Tap> taps) {
            int n = taps.size();
            TapArrays t = new TapArrays(new int[n], new int[n], new int[n], new float[n]);
            for (int i = 0; i < n; i++) {
                t.channel[i] = taps.get(i).channel();
                t.dy[i] = taps.get(i).dy();
                t.dx[i] = taps.get(i).dx();
                t.weight[i] = taps.get(i).weight();
            }
            return t;
        }

        static TapArrays of1D(List<Tap1D> taps) {
            int n = taps.size();
            TapArrays t = new TapArrays(new int[n], new int[n], new int[n], new float[n]);
            for (int i = 0; i < n; i++) {
                t.dy[i] = taps.get(i).offset();
                t.dx[i] = taps.get(i).offset();
                t.weight[i] = taps.get(i).weight();
            }
            return t;
        }
    }

    /** Output columns per band, so that a band's working rows stay within {@link #BAND_BUDGET_BYTES}. */
    static int stripWidth(Extent e, int channels, int kernels, int outWidth) {
        return (int) Math.max(MIN_STRIP_WIDTH, Math.min(outWidth, BAND_BUDGET_BYTES / bytesPerColumn(e, channels,
                kernels)));
    }

    /** At most the bytes one band of {@code stripWidth} columns allocates (every offset used, every kernel rank 1). */
    static long bufferBytes(Extent e, int channels, int kernels, int stripWidth, int stride) {
        long paddedRow = (long) (stripWidth - 1) * stride + e.columns();
        return stripWidth * bytesPerColumn(e, channels, kernels) + 4 * (paddedRow + stripWidth);
    }

    /** Shifted rows of every channel and offset, plus one horizontal-pass row per kernel, for each ring row. */
    private static long bytesPerColumn(Extent e, int channels, int kernels) {
        return 4L * e.rows() * ((long) e.columns() * channels + kernels);
    }

    /**
     * Computes output rows [oy0, oy1), asking {@code canceled} before each row.
     *
     * @param rowsDone counts finished rows (null for all but the last strip, so each row counts once)
     */
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
            int ob = oy * job.outWidth() + xs0;
            for (int x0 = 0; x0 < width; x0 += TILE) {
                int x1 = Math.min(width, x0 + TILE);
                for (int i = 0; i < taps.length; i++) {
                    if (taps[i] == null) {
                        vertical(verticalTaps[i], horizontalRing[i], base, x0, x1);
                    } else {
                        general(taps[i], base, x0, x1);
                    }
                    float[] a = acc;
                    if (relu) {
                        for (int x = x0; x < x1; x++) {
                            a[x] = Math.max(a[x], 0f);
                        }
                    }
                    System.arraycopy(a, x0, job.out()[i], ob + x0, x1 - x0);
                }
            }
            if (rowsDone != null) {
                rowsDone.incrementAndGet();
            }
        }
    }

    /** acc[x0, x1) = sum over taps of weight * shifted row; same-index loops, so they vectorise. */
    private void general(TapArrays taps, int base, int x0, int x1) {
        float[] a = acc;
        int[] tc = taps.channel();
        int[] tdy = taps.dy();
        int[] tdx = taps.dx();
        float[] tw = taps.weight();
        int n = tw.length;
        if (n == 0) {
            Arrays.fill(a, x0, x1, 0f);
            return;
        }
        for (int t = 0; t < n; t++) {
            float[] p = ring[Math.floorMod(base + tdy[t], ringSize)][tc[t]][tdx[t] - minDx];
            float w = tw[t];
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

    /** The vertical pass of a rank-1 kernel over the rows its horizontal pass made. */
    private void vertical(TapArrays taps, float[][] horizontalRows, int base, int x0, int x1) {
        float[] a = acc;
        int[] vdy = taps.dy();
        float[] vw = taps.weight();
        for (int t = 0; t < vw.length; t++) {
            float[] h = horizontalRows[Math.floorMod(base + vdy[t], ringSize)];
            float w = vw[t];
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
        int w = job.width();
        int sy = edges.source(y, job.height());
        float[][] in = job.in();
        for (int c = 0; c < in.length; c++) {
            float[] row = padded;
            if (sy < 0) {
                Arrays.fill(row, 0f);
            } else {
                float[] src = in[c];
                int rowStart = sy * w;
                int from = Math.max(0, xLo);
                int to = Math.min(w, xLo + row.length); // exclusive, in image x
                if (to > from) {
                    System.arraycopy(src, rowStart + from, row, from - xLo, to - from);
                }
                for (int x = xLo; x < from; x++) {
                    int sx = edges.source(x, w);
                    row[x - xLo] = sx < 0 ? 0f : src[rowStart + sx];
                }
                for (int x = Math.max(to, xLo); x < xLo + row.length; x++) {
                    int sx = edges.source(x, w);
                    row[x - xLo] = sx < 0 ? 0f : src[rowStart + sx];
                }
            }
            float[][] shifted = ring[slot][c];
            for (int d = 0; d < shifted.length; d++) {
                float[] dst = shifted[d];
                if (dst == null) {
                    continue;
                }
                // Padded index of output column x is x * stride + (dx - minDx), and d = dx - minDx.
                if (stride == 1) {
                    System.arraycopy(row, d, dst, 0, width);
                } else {
                    for (int x = 0; x < width; x++) {
                        dst[x] = row[x * stride + d];
                    }
                }
            }
        }
        for (int i = 0; i < horizontalTaps.length; i++) {
            if (horizontalTaps[i] != null) {
                horizontal(horizontalTaps[i], ring[slot][0], horizontalRing[i][slot]);
            }
        }
    }

    /** The horizontal pass of a rank-1 kernel over one input row's shifted copies. */
    private void horizontal(TapArrays taps, float[][] shifted, float[] h) {
        int[] hdx = taps.dx();
        float[] hw = taps.weight();
        for (int t = 0; t < hw.length; t++) {
            float[] p = shifted[hdx[t] - minDx];
            float w = hw[t];
            if (t == 0) {
                for (int x = 0; x < width; x++) {
                    h[x] = w * p[x];
                }
            } else {
                for (int x = 0; x < width; x++) {
                    h[x] += w * p[x];
                }
            }
        }
    }
}
