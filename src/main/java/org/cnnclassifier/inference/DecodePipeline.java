package org.cnnclassifier.inference;

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
 * Classify Folder's decoding stage: a batch of files is decoded to network input ({@link ImageFileReader},
 * which never shows an ImageJ dialog) on a pool of daemon threads, one per core, while the network
 * waits; then the network runs on every core while the decoders wait. Overlapping the two starved
 * one or the other: ND4J's OpenMP workers spin while waiting, so decoders beside them ran at a
 * fraction of their speed, and a fixed split of the cores suited only networks of one cost. A file
 * that cannot be decoded comes back with the reason instead of an image. Close it to stop the threads.
 */
public final class DecodePipeline implements AutoCloseable {
    /** One file of a batch: its image, or why it has none. */
    record Decoded(Path file, byte[] image, String error) {
        boolean ok() {
            return image != null;
        }
    }

    private final List<Path> files;
    private final InputShape shape;
    private final ExecutorService pool;

    DecodePipeline(List<Path> files, int threads, InputShape shape) {
        this.files = files;
        this.shape = shape;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cnn-classifier-decode");
            t.setDaemon(true);
            return t;
        });
    }

    /** Decodes files {@code from} to {@code to} (exclusive) on every decoder thread; returns when all are done. */
    List<Decoded> decode(int from, int to) {
        List<Future<byte[]>> pending = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            Path f = files.get(i);
            pending.add(pool.submit(() -> ImageFileReader.read(f, shape)));
        }
        List<Decoded> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            try {
                out.add(new Decoded(files.get(i), pending.get(i - from).get(), null));
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                out.add(new Decoded(files.get(i), null, c.getMessage() != null ? c.getMessage() : c.toString()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CanceledException();
            }
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
