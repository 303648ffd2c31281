package org.cnnclassifier.keras;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * A Keras model file as read from disk: its format recognised by its first bytes (never its name),
 * its model configuration, Keras version and weights ({@link KerasWeights}). Formats: HDF5 written by
 * {@code model.save("x.h5")} (Keras 2 or 3; also TensorFlow 2.7's HDF5 checkpoints saved as
 * {@code .keras}, {@code .hdf5} and files without extension) and the {@code .keras} zip
 * ({@code config.json}, {@code metadata.json}, {@code model.weights.h5}) of Keras 3 and tf-keras.
 * Every way a file is not such a model gives an IOException naming the file and what is wrong.
 */
public final class KerasFile implements java.io.Closeable {
    static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    static final String LFS_POINTER = "version https://git-lfs";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the file stores the model. */
    public enum Format { HDF5, KERAS_ZIP }

    private final Path file;
    private final Format format;
    private final JsonNode config;
    private final String kerasVersion;
    private final String sha256;
    private final KerasWeights weights;

    private KerasFile(Path file, Format format, JsonNode config, String kerasVersion, String sha256,
            KerasWeights weights) {
        this.file = file;
        this.format = format;
        this.config = config;
        this.kerasVersion = kerasVersion;
        this.sha256 = sha256;
        this.weights = weights;
    }

    /** Reads {@code file}; the caller closes the result (it holds the HDF5 weights open). */
    public static KerasFile read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            boolean savedModel = Files.exists(file.resolve("saved_model.pb"));
            throw fail(file, savedModel ? "it is a TensorFlow SavedModel folder, not a Keras model file"
                    + ". Load it in Python and save it with model.save(\"model.keras\") (or \"model.h5\"), then import"
                    + " that file" : "it is a folder. Give a .keras or .h5 file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("Keras model file not found: " + file + ". Give the path of a .keras or .h5 file.");
        }
        byte[] bytes = Files.readAllBytes(file);
        String sha = sha256(bytes);
        if (startsWith(bytes, HDF5_SIGNATURE)) {
            KerasWeights w = KerasWeights.openHdf5(file, file);
            try {
                JsonNode config = parse(file, w.rootAttributeJson("model_config"), "model_config");
                if (config == null) {
                    throw fail(file, w.hasLayerNames() || w.isEmpty() ? "it holds only weights (written by"
                            + " save_weights): the architecture is missing. Save the whole model with"
                            + " model.save(\"model.keras\") and import that file"
                            : "it is an HDF5 file without a Keras model configuration (no 'model_config')");
                }
                String version = w.rootAttributeString("keras_version");
                return new KerasFile(file, Format.HDF5, config, version, sha, w);
            } catch (IOException | RuntimeException e) {
                w.close();
                throw e;
            }
        }
        if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
            return readZip(file, bytes, sha);
        }
        throw fail(file, notAModel(bytes, file));
    }

    private static KerasFile readZip(Path file, byte[] bytes, String sha) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                entries.put(e.getName().replace('\\', '/'), zip.readAllBytes());
            }
        } catch (ZipException | java.io.EOFException e) {
            throw fail(file, "it is a zip file that is truncated or damaged");
        }
        byte[] configBytes = entries.get("config.json");
        if (configBytes == null) {
            throw fail(file, entries.containsKey("model.json") ? "it is a CNN Classifier model (.zip), not a Keras"
                    + " model; use it directly as 'model'" : "it is a zip without config.json, not a .keras model");
        }
        JsonNode config = parse(file, new String(configBytes, StandardCharsets.UTF_8), "config.json");
        byte[] weightBytes = entries.get("model.weights.h5");
        if (weightBytes == null) {
            throw fail(file, "the .keras zip holds no weights (no model.weights.h5; it holds "
                    + String.join(", ", entries.keySet()) + "). Save the trained model again with"
                    + " model.save(\"model.keras\")");
        }
        String version = null;
        byte[] meta = entries.get("metadata.json");
        if (meta != null) {
            JsonNode m = parse(file, new String(meta, StandardCharsets.UTF_8), "metadata.json");
            version = m.path("keras_version").asText(null);
        }
        if (!startsWith(weightBytes, HDF5_SIGNATURE)) {
            throw fail(file, "its model.weights.h5 is not an HDF5 file");
        }
        Path tmp = Files.createTempFile("keras-weights", ".h5");
        try {
            Files.write(tmp, weightBytes);
            KerasWeights w = KerasWeights.openHdf5(tmp, file);
            return new KerasFile(file, Format.KERAS_ZIP, config, version, sha, w.deleting(tmp));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** What a file of another kind is, for the message. */
    private static String notAModel(byte[] bytes, Path file) {
        if (bytes.length == 0) {
            return "it is empty (0 bytes)";
        }
        String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
        if (head.startsWith(LFS_POINTER)) {
            return "it is a Git LFS pointer (a " + bytes.length + "-byte text file), not the model itself. Fetch the"
                    + " real file with 'git lfs pull' (or download it again) and import that";
        }
        if (file.getFileName().toString().endsWith(".pb")) {
            return "it is a TensorFlow protocol buffer (a SavedModel's saved_model.pb?), not a Keras model file."
                    + " Save the model with model.save(\"model.keras\") and import that file";
        }
        return "it is neither an HDF5 file (.h5) nor a .keras zip (its first bytes are not an HDF5 or zip"
                + " signature). Give a file written by Keras's model.save";
    }

    static JsonNode parse(Path file, String json, String what) throws IOException {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw fail(file, "its " + what + " is not valid JSON");
        }
    }

    /** "Cannot import {@code file}: {@code why}." */
    static IOException fail(Path file, String why) {
        return new IOException("Cannot import the Keras model " + file + ": " + why + ".");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        weights.close();
    }

    public Path file() {
        return file;
    }

    public Format format() {
        return format;
    }

    /** The model configuration: {@code {"class_name": ..., "config": {...}}}. */
    public JsonNode config() {
        return config;
    }

    /** The Keras version that wrote the file, or null when the file does not say. */
    public String kerasVersion() {
        return kerasVersion;
    }

    public String sha256() {
        return sha256;
    }

    public KerasWeights weights() {
        return weights;
    }
}
