package org.cnnclassifier.conv;

import java.util.List;

/**
 * One kernel as the band loop runs it, made by {@link KernelCompiler} for one image size.
 * Offsets are relative to the input position {@code output position * stride}, with the padding
 * already subtracted, so the taps of every padding mode read the same way.
 *
 * @param taps    the non-zero weights (normalisation applied), channel by channel, row by row
 * @param rank1   the two 1-D factors when the kernel runs as two passes, otherwise null
 * @param minDy   row offset of the kernel's first row (also for zero rows: it fixes the rows a band keeps)
 * @param maxDy   row offset of its last row
 * @param minDx   column offset of its first column
 * @param maxDx   column offset of its last column
 */
record CompiledKernel(List<Tap> taps, Rank1 rank1, int minDy, int maxDy, int minDx, int maxDx) {

    CompiledKernel {
        taps = List.copyOf(taps);
    }

    /** One non-zero weight: the input channel it reads, its row and column offsets, the weight. */
    record Tap(int channel, int dy, int dx, float weight) {
    }

    /** One non-zero weight of a 1-D factor, at an offset along the factor's axis. */
    record Tap1D(int offset, float weight) {
    }

    /**
     * A rank-1 kernel as {@code K[y][x] = vertical[y] * horizontal[x]}: a horizontal pass over each
     * input row, then a vertical pass over the horizontal results.
     */
    record Rank1(List<Tap1D> horizontal, List<Tap1D> vertical) {
        Rank1 {
            horizontal = List.copyOf(horizontal);
            vertical = List.copyOf(vertical);
        }
    }

    /** True when the kernel runs as a horizontal then a vertical 1-D pass. */
    boolean runsAsTwoPasses() {
        return rank1 != null;
    }
}
