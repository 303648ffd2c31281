import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ij.plugin.filter.Convolver;
import ij.process.FloatProcessor;
import net.imglib2.img.array.ArrayImgs;

import org.cnnclassifier.conv.ConvolutionEngine;
import org.cnnclassifier.conv.ConvolutionOptions;
import org.cnnclassifier.conv.Kernel;
import org.cnnclassifier.conv.KernelPresets;
import org.cnnclassifier.progress.ProgressListener;

/**
 * Our convolution engine against ImageJ's own Convolver (Process>Filters>Convolve) on one 4096 x
 * 4096 32-bit image, measured in the same run: one dense 3x3 kernel, and the 9-kernel preset bank
 * ("All 9") in one call against 9 Convolver calls. A plain read-and-write pass over the image (on
 * all cores) is the memory-bandwidth floor. Median of interleaved repetitions after a warm-up.
 * Settings are ImageJ's: padding=same edges=replicate stride=1; normalize off for both.
 */
public final class ConvolutionBench {
    private static final int SIZE = 4096;

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int threads = Runtime.getRuntime().availableProcessors();
        Random rnd = new Random(42);
        float[] pixels = new float[SIZE * SIZE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rnd.nextFloat() * 255f;
        }
        float[][] dense = new float[3][3];
        for (float[] r : dense) {
            for (int x = 0; x < 3; x++) {
                r[x] = (float) rnd.nextGaussian();
            }
        }
        Kernel one = Kernel.of("dense 3x3", dense);
        List<Kernel> bank = KernelPresets.get(KernelPresets.ALL);
        ConvolutionOptions opts = ConvolutionOptions.DEFAULT.withNormalize(false);
        ConvolutionEngine engineOne = new ConvolutionEngine(List.of(one), opts);
        ConvolutionEngine engineBank = new ConvolutionEngine(bank, opts);

        System.out.printf("Image %dx%d 32-bit, %d cores, %d repetitions (median), Java %s%n", SIZE, SIZE, threads, reps,
                System.getProperty("java.version"));
        double[] tCopy = new double[reps];
        double[] tOursOne = new double[reps];
        double[] tIjOne = new double[reps];
        double[] tOursBank = new double[reps];
        double[] tIjBank = new double[reps];
        double[] tOursSeparately = new double[reps];
        for (int r = -1; r < reps; r++) { // r = -1: warm-up
            double copy = time(() -> readWritePass(pixels, threads));
            double oursOne = time(() -> engineOne.apply(List.of(ArrayImgs.floats(pixels, SIZE, SIZE)), ProgressListener.SILENT));
            double ijOne = convolverSeconds(pixels, one);
            double oursBank = time(() -> engineBank.apply(List.of(ArrayImgs.floats(pixels, SIZE, SIZE)), ProgressListener.SILENT));
            double oursSeparately = 0;
            for (Kernel k : bank) {
                ConvolutionEngine e = new ConvolutionEngine(List.of(k), opts);
                oursSeparately += time(() -> e.apply(List.of(ArrayImgs.floats(pixels, SIZE, SIZE)), ProgressListener.SILENT));
            }
            double ijBank = 0;
            for (Kernel k : bank) {
                ijBank += convolverSeconds(pixels, k);
            }
            if (r >= 0) {
                tCopy[r] = copy;
                tOursOne[r] = oursOne;
                tIjOne[r] = ijOne;
                tOursBank[r] = oursBank;
                tIjBank[r] = ijBank;
                tOursSeparately[r] = oursSeparately;
            }
            System.gc();
        }
        double copy = median(tCopy);
        double oursOne = median(tOursOne);
        double ijOne = median(tIjOne);
        double oursBank = median(tOursBank);
        double ijBank = median(tIjBank);
        System.out.printf("read-and-write pass (memory floor, %d threads): %8.1f ms%n", threads, copy * 1e3);
        System.out.printf("one 3x3 kernel:   ours %8.1f ms   ImageJ Convolver %8.1f ms   ratio %.2fx faster   (ours = %.1fx the floor)%n",
                oursOne * 1e3, ijOne * 1e3, ijOne / oursOne, oursOne / copy);
        System.out.printf("9-kernel bank:    ours %8.1f ms   ImageJ 9 calls   %8.1f ms   ratio %.2fx faster   (ours = %.1fx the floor)%n",
                oursBank * 1e3, ijBank * 1e3, ijBank / oursBank, oursBank / copy);
        System.out.printf("the same 9 kernels as 9 calls of our engine: %8.1f ms (the one-pass bank is %.2fx faster)%n",
                median(tOursSeparately) * 1e3, median(tOursSeparately) / oursBank);
        System.out.printf("goals: >= 4x for one kernel (%s), >= 6x for the bank (%s)%n",
                ijOne / oursOne >= 4 ? "met" : "NOT met", ijBank / oursBank >= 6 ? "met" : "NOT met");
    }

    /** ImageJ's Convolver on a fresh copy (the copy is not timed), as Process>Filters>Convolve runs it. */
    private static double convolverSeconds(float[] pixels, Kernel k) {
        FloatProcessor fp = new FloatProcessor(SIZE, SIZE, pixels.clone());
        Convolver c = new Convolver();
        c.setNormalize(false);
        return time(() -> c.convolve(fp, k.weights(), k.width(), k.height()));
    }

    /** Reads every pixel and writes it to a new image, split over all cores like our engine. */
    private static float[] readWritePass(float[] in, int threads) throws Exception {
        float[] out = new float[in.length];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            int chunk = (in.length + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                int from = t * chunk;
                int to = Math.min(in.length, from + chunk);
                fs.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        out[i] = in[i];
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return out;
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static double time(Work w) {
        try {
            long t0 = System.nanoTime();
            Object keep = w.run();
            long t1 = System.nanoTime();
            if (keep == null) {
                System.out.print("");
            }
            return (t1 - t0) / 1e9;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
