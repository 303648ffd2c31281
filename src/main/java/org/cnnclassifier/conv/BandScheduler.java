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

import org.cnnclassifier.progress.CanceledException;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.util.Futures;

/**
 * Runs jobs as bands of output rows (and strips of columns, see {@link BandConvolver#stripWidth}) on
 * a pool of worker threads, reporting progress and stopping on a cancel. Bands write disjoint parts
 * of the output arrays, so they need no locking.
 */
final class BandScheduler {
    /** Bands per thread: enough that a slow thread (shared cores) does not hold up the others. */
    private static final int BANDS_PER_THREAD = 4;
    private static final int MIN_ROWS_PER_BAND = 16;
    /** How often the caller's thread asks the listener for a cancel while the workers run. */
    private static final long CANCEL_POLL_MS = 100;

    private final ConvolutionOptions options;
    private final int threads;

    BandScheduler(ConvolutionOptions options, int threads) {
        this.options = options;
        this.threads = threads;
    }

    /**
     * Computes every job (all {@code outHeight} rows each).
     *
     * @throws CanceledException when the listener reports a cancel
     */
    void run(List<ConvolutionJob> jobs, int outHeight, ProgressListener listener) {
        listener.checkCanceled();
        long totalRows = (long) jobs.size() * outHeight;
        if (threads == 1) {
            runOnCallersThread(jobs, outHeight, totalRows, listener);
            return;
        }
        int target = threads * BANDS_PER_THREAD;
        int rowsPerBand = (int) Math.min(outHeight, Math.max(MIN_ROWS_PER_BAND, (totalRows + target - 1) / target));
        AtomicBoolean canceled = new AtomicBoolean();
        AtomicLong rowsDone = new AtomicLong();
        List<Runnable> tasks = new ArrayList<>();
        for (ConvolutionJob job : jobs) {
            int stripWidth = stripWidth(job);
            for (int y0 = 0; y0 < outHeight; y0 += rowsPerBand) {
                int from = y0;
                int to = Math.min(outHeight, y0 + rowsPerBand);
                for (int xs0 = 0; xs0 < job.outWidth(); xs0 += stripWidth) {
                    int xStart = xs0;
                    int xEnd = Math.min(job.outWidth(), xs0 + stripWidth);
                    AtomicLong counter = xEnd == job.outWidth() ? rowsDone : null;
                    tasks.add(() -> new BandConvolver(job, options, xStart, xEnd).run(from, to, canceled::get,
                            counter));
                }
            }
        }
        runOnPool(tasks, totalRows, rowsDone, canceled, listener);
    }

    /** With one thread the bands ask the listener itself between rows. */
    private void runOnCallersThread(List<ConvolutionJob> jobs, int outHeight, long totalRows,
            ProgressListener listener) {
        AtomicLong rowsDone = new AtomicLong();
        for (ConvolutionJob job : jobs) {
            int stripWidth = stripWidth(job);
            for (int xs0 = 0; xs0 < job.outWidth(); xs0 += stripWidth) {
                int xEnd = Math.min(job.outWidth(), xs0 + stripWidth);
                new BandConvolver(job, options, xs0, xEnd).run(0, outHeight, listener::isCanceled,
                        xEnd == job.outWidth() ? rowsDone : null);
                listener.checkCanceled();
                listener.progress((double) rowsDone.get() / totalRows);
            }
        }
        listener.progress(1);
    }

    private void runOnPool(List<Runnable> tasks, long totalRows, AtomicLong rowsDone, AtomicBoolean canceled,
            ProgressListener listener) {
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
            // Workers only read the flag; this thread alone asks the listener and reports progress.
            while (!latch.await(CANCEL_POLL_MS, TimeUnit.MILLISECONDS)) {
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
            throw Futures.unwrap(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int stripWidth(ConvolutionJob job) {
        return BandConvolver.stripWidth(job.extent(), job.in().length, job.kernels().size(), job.outWidth());
    }
}
