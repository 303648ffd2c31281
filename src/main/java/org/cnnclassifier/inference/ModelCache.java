package org.cnnclassifier.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.cnnclassifier.modelfile.ModelFile;

/**
 * Loaded classifiers kept between commands, keyed by the model file's absolute path, modification
 * time and size, so a macro that classifies image after image loads the model once, and a model
 * file rewritten by training is loaded again. Holds the few most recently used models.
 */
public final class ModelCache {
    /** How many models stay loaded (a few MB each). */
    private static final int CAPACITY = 3;
    private static final String DEFAULT_KEY = "<default model>";

    private static final Map<String, Classifier> CACHE = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Classifier> eldest) {
            return size() > CAPACITY;
        }
    };
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ModelCache() {
    }

    /** True when {@code model} asks for the default model (null, empty or "default"). */
    public static boolean isDefault(String model) {
        return model == null || model.isBlank() || model.trim().equalsIgnoreCase("default");
    }

    /**
     * The classifier for {@code model}: a model file path, or empty for the default model in the
     * plugin jar. Loaded on first use and when the file changed since.
     */
    public static synchronized Classifier get(String model) throws IOException {
        if (isDefault(model)) {
            Classifier c = CACHE.get(DEFAULT_KEY);
            if (c == null) {
                c = Classifier.of(ModelFile.loadDefault(), "default model");
                LOADS.incrementAndGet();
                CACHE.put(DEFAULT_KEY, c);
            }
            return c;
        }
        Path file = Paths.get(model.trim()).toAbsolutePath().normalize();
        String key = key(file);
        Classifier c = CACHE.get(key);
        if (c == null) {
            c = Classifier.of(ModelFile.load(file), file.toString());
            LOADS.incrementAndGet();
            CACHE.put(key, c);
        }
        return c;
    }

    private static String key(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            // ModelFile.load gives the user-facing message.
            return file.toString();
        }
        return file + "|" + Files.getLastModifiedTime(file).toMillis() + "|" + Files.size(file);
    }

    /** How many models were loaded from disk since start (for tests of cache reuse). */
    public static int loadCount() {
        return LOADS.get();
    }

    /** Forgets every loaded model. */
    public static synchronized void clear() {
        CACHE.clear();
    }
}
