package org.cnnclassifier.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.modelfile.ModelFile;

/**
 * The classifiers of one JVM (an executor, or the driver in local mode), keyed by the SHA-256 of the
 * model file's bytes: the bytes come to each executor once (a broadcast) and the model is loaded once
 * per JVM, by the first task that needs it, however many tasks and jobs follow.
 */
final class ExecutorModels {
    private static final Map<String, Classifier> LOADED = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The classifier of {@code bytes} (whose SHA-256 is {@code sha}), loaded on first use in this JVM. */
    static Classifier get(String sha, byte[] bytes, String name) throws IOException {
        Classifier c = LOADED.get(sha);
        if (c != null) {
            return c;
        }
        synchronized (ExecutorModels.class) {
            c = LOADED.get(sha);
            if (c == null) {
                c = load(bytes, name);
                LOADED.put(sha, c);
            }
            return c;
        }
    }

    /** Loads and checks a model from its bytes: the plugin's messages for a file that is not a model. */
    static Classifier load(byte[] bytes, String name) throws IOException {
        LOADS.incrementAndGet();
        return Classifier.of(ModelFile.load(new ByteArrayInputStream(bytes), name), name);
    }

    /** Keeps a classifier loaded already (the driver's, in local mode) for the tasks of this JVM. */
    static void put(String sha, Classifier c) {
        LOADED.putIfAbsent(sha, c);
    }

    /** Models loaded in this JVM so far. */
    static int loads() {
        return LOADS.get();
    }
}
