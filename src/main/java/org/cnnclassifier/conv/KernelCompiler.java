package org.cnnclassifier.conv;

import java.util.ArrayList;
import java.util.List;

import org.cnnclassifier.conv.CompiledKernel.Rank1;
import org.cnnclassifier.conv.CompiledKernel.Tap;
import org.cnnclassifier.conv.CompiledKernel.Tap1D;

/**
 * Turns kernels into {@link CompiledKernel}s for one image size: normalisation applied, zero
 * weights dropped (they would cost a full pass over a row each), offsets shifted by the padding,
 * and rank-1 (separable) kernels factored into two 1-D passes when that needs fewer multiplications.
 */
final class KernelCompiler {
    private final ConvolutionOptions options;
    private final boolean twoPassesAllowed;

    /** @param twoPassesAllowed false forces every kernel through the general path (tests, benchmarks) */
    KernelCompiler(ConvolutionOptions options, boolean twoPassesAllowed) {
        this.options = options;
        this.twoPassesAllowed = twoPassesAllowed;
    }

    /**
     * @param channels the input channels the kernel reads in one pass: 1 when its weights are shared
     *                 (each channel, or the channel sum, is a separate input), else the image's channels
     */
    CompiledKernel compile(Kernel k, int channels, int width, int height) {
        double scale = 1;
        if (options.normalize()) {
            double sum = k.sum();
            if (sum != 0) {
                scale = 1.0 / sum;
            }
        }
        int padTop = options.padBefore(height, k.height());
        int padLeft = options.padBefore(width, k.width());
        List<Tap> taps = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            int kc = k.channels() == 1 ? 0 : c;
            for (int y = 0; y < k.height(); y++) {
                for (int x = 0; x < k.width(); x++) {
                    float weight = (float) (k.weight(kc, y, x) * scale);
                    if (weight != 0) {
                        taps.add(new Tap(c, y - padTop, x - padLeft, weight));
                    }
                }
            }
        }
        Rank1 rank1 = twoPassesAllowed && channels == 1 ? rank1Factors(k, scale, padTop, padLeft, taps.size()) : null;
        return new CompiledKernel(taps, rank1, -padTop, k.height() - 1 - padTop, -padLeft, k.width() - 1 - padLeft);
    }

    /**
     * The factors of {@code K = column * row} (equal to float rounding), taken through K's largest
     * weight; null when K is not rank 1 or the two passes would not need fewer multiplications
     * than {@code taps}.
     */
    private static Rank1 rank1Factors(Kernel k, double scale, int padTop, int padLeft, int taps) {
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
            return null;
        }
        double pivot = k.weight(0, py, px);
        double[] column = new double[kh];
        double[] row = new double[kw];
        for (int y = 0; y < kh; y++) {
            column[y] = k.weight(0, y, px) * scale;
        }
        for (int x = 0; x < kw; x++) {
            row[x] = k.weight(0, py, x) / pivot;
        }
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                if (Math.abs(column[y] * row[x] - k.weight(0, y, x) * scale) > 1e-6 * max * Math.abs(scale)) {
                    return null;
                }
            }
        }
        List<Tap1D> vertical = nonZero(column, padTop);
        List<Tap1D> horizontal = nonZero(row, padLeft);
        if (vertical.size() + horizontal.size() >= taps) {
            return null;
        }
        return new Rank1(horizontal, vertical);
    }

    private static List<Tap1D> nonZero(double[] factor, int pad) {
        List<Tap1D> out = new ArrayList<>();
        for (int i = 0; i < factor.length; i++) {
            if (factor[i] != 0) {
                out.add(new Tap1D(i - pad, (float) factor[i]));
            }
        }
        return out;
    }
}
