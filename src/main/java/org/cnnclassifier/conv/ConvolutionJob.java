package org.cnnclassifier.conv;

import java.util.ArrayList;
import java.util.List;

import org.cnnclassifier.conv.ConvolutionOptions.ChannelMode;

/**
 * One pass of compiled kernels over one set of float input channels, writing one output array per
 * kernel; {@link #plan} makes the jobs for one plane.
 *
 * @param in      input channels, each {@code width * height}, row by row
 * @param kernels compiled kernels; kernel {@code i} writes {@code out[i]}
 * @param out     output maps, each {@code outWidth} times the output height
 */
record ConvolutionJob(float[][] in, int width, int height, int outWidth, List<CompiledKernel> kernels, float[][] out) {

    /** Maps per input plane: one per kernel, or one per kernel and channel under channels=separate. */
    static int mapsPerPlane(int kernels, int channels, ChannelMode mode) {
        return mode == ChannelMode.SEPARATE ? kernels * channels : kernels;
    }

    /**
     * The jobs for one plane. Under channels=separate, one job per channel (map {@code k * nc + c});
     * under channels=sum with kernels shared by all channels, one job on the channel sum (the sum of
     * the per-channel correlations equals the correlation of the sum, edges included, as padding is
     * linear); kernels with weights per channel read all channels in one job.
     */
    static List<ConvolutionJob> plan(float[][] in, int width, int height, int outWidth, float[][] out,
            List<Kernel> kernels, ChannelMode mode, KernelCompiler compiler) {
        int nc = in.length;
        List<ConvolutionJob> jobs = new ArrayList<>();
        if (mode == ChannelMode.SEPARATE) {
            for (int c = 0; c < nc; c++) {
                float[][] o = new float[kernels.size()][];
                for (int k = 0; k < kernels.size(); k++) {
                    o[k] = out[k * nc + c];
                }
                jobs.add(new ConvolutionJob(new float[][] {in[c]}, width, height, outWidth,
                        compileAll(kernels, 1, width, height, compiler), o));
            }
        } else if (kernels.stream().allMatch(k -> k.channels() == 1)) {
            jobs.add(new ConvolutionJob(new float[][] {channelSum(in)}, width, height, outWidth,
                    compileAll(kernels, 1, width, height, compiler), out));
        } else {
            jobs.add(new ConvolutionJob(in, width, height, outWidth, compileAll(kernels, nc, width, height, compiler),
                    out));
        }
        return jobs;
    }

    /** Whether a plane of {@code channels} channels needs one extra float plane for the channel sum. */
    static boolean needsChannelSum(List<Kernel> kernels, int channels, ChannelMode mode) {
        return mode == ChannelMode.SUM && channels > 1 && kernels.stream().allMatch(k -> k.channels() == 1);
    }

    private static float[] channelSum(float[][] in) {
        if (in.length == 1) {
            return in[0];
        }
        float[] sum = in[0].clone();
        for (int c = 1; c < in.length; c++) {
            float[] a = in[c];
            for (int i = 0; i < sum.length; i++) {
                sum[i] += a[i];
            }
        }
        return sum;
    }

    private static List<CompiledKernel> compileAll(List<Kernel> kernels, int channels, int width, int height,
            KernelCompiler compiler) {
        List<CompiledKernel> out = new ArrayList<>(kernels.size());
        for (Kernel k : kernels) {
            out.add(compiler.compile(k, channels, width, height));
        }
        return out;
    }

    /** The offsets the whole bank spans: the input rows and columns a band keeps. */
    Extent extent() {
        int minDy = Integer.MAX_VALUE;
        int maxDy = Integer.MIN_VALUE;
        int minDx = Integer.MAX_VALUE;
        int maxDx = Integer.MIN_VALUE;
        for (CompiledKernel k : kernels) {
            minDy = Math.min(minDy, k.minDy());
            maxDy = Math.max(maxDy, k.maxDy());
            minDx = Math.min(minDx, k.minDx());
            maxDx = Math.max(maxDx, k.maxDx());
        }
        return new Extent(minDy, maxDy, minDx, maxDx);
    }

    /** The smallest and largest row and column offsets over a bank. */
    record Extent(int minDy, int maxDy, int minDx, int maxDx) {
        /** The extent of a bank before compiling it: each kernel's rows and columns, shifted by its padding. */
        static Extent of(List<Kernel> kernels, ConvolutionOptions options, int width, int height) {
            int minDy = Integer.MAX_VALUE;
            int maxDy = Integer.MIN_VALUE;
            int minDx = Integer.MAX_VALUE;
            int maxDx = Integer.MIN_VALUE;
            for (Kernel k : kernels) {
                int top = options.padBefore(height, k.height());
                int left = options.padBefore(width, k.width());
                minDy = Math.min(minDy, -top);
                maxDy = Math.max(maxDy, k.height() - 1 - top);
                minDx = Math.min(minDx, -left);
                maxDx = Math.max(maxDx, k.width() - 1 - left);
            }
            return new Extent(minDy, maxDy, minDx, maxDx);
        }

        int rows() {
            return maxDy - minDy + 1;
        }

        int columns() {
            return maxDx - minDx + 1;
        }
    }
}
