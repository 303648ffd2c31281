package org.cnnclassifier.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.cnnclassifier.image.ImageFileReader;
import org.cnnclassifier.image.InputShape;
import org.cnnclassifier.progress.CanceledException;

/**
 * Classify Folder's decoding stage: files are decoded to network input ({@link ImageFileReader},
 * which never shows an ImageJ dialog) on a pool of daemon threads, one batch ahead of the batch
 * being classified, so decoding and the network overlap. A file that cannot be decoded comes back
 * with the reason instead of an image. Close it to stop the threads.
 */
final class DecodePipeline implements AutoCloseable {
    /** One file of a batch: its image, or why it has none. */
    record Decoded(Path file, byte[] image, String error) {
        boolean ok() {
            return image != null;
        }
    }

    private final List<Path> files;
    private final int batch;
    private final InputShape shape;
    private final ExecutorService pool;
    private final Future<byte[]>[] pending;
    private int submitted;

    @SuppressWarnings("unchecked")
    DecodePipeline(List<Path> files, int batch, int threads, InputShape shape) {
        this.files = files;
        this.batch = batch;
        this.shape = shape;
        this.pending = new Future[files.size()];
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cnn-classifier-decode");
            t.setDaemon(true);
            return t;
        });
    }

    /** Submits the files up to the end of the batch after the one starting at {@code from}. */
    void prefetch(int from) {
        int ahead = Math.min(files.size(), from + 2 * batch);
        for (; submitted < ahead; submitted++) {
            Path f = files.get(submitted);
            pending[submitted] = pool.submit(() -> ImageFileReader.read(f, shape));
        }
    }

    /** The decoded batch starting at file {@code from}; keeps the next batch decoding meanwhile. */
    List<Decoded> take(int from) {
        prefetch(from);
        int to = Math.min(files.size(), from + batch);
        List<Decoded> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            try {
                out.add(new Decoded(files.get(i), pending[i].get(), null));
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                out.add(new Decoded(files.get(i), null, c.getMessage() != null ? c.getMessage() : c.toString()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CanceledException();
            }
            pending[i] = null;
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
