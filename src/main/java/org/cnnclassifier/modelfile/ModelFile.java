package org.cnnclassifier.modelfile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.cnnclassifier.util.AtomicFiles;
import org.cnnclassifier.util.MissingFileException;
import org.cnnclassifier.util.Writable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.cnnclassifier.network.Nd4jSetup;

/**
 * The model file: one zip holding DL4J's own model entries (ModelSerializer's
 * {@code configuration.json}, {@code coefficients.bin}, {@code updaterState.bin}) plus our
 * {@code model.json} ({@link ModelMetadata}). DL4J ignores the extra entry, so the file also opens
 * with {@code ModelSerializer.restoreMultiLayerNetwork}. Writes go to a temporary file in the
 * target folder that is then moved into place, so a failed or cancelled save never leaves a
 * half-written model and never destroys the previous one ({@link AtomicFiles}).
 */
public final class ModelFile {
    public static final String METADATA_ENTRY = "model.json";
    /** Resource path of the default model shipped inside the plugin jar. */
    public static final String DEFAULT_MODEL_RESOURCE = "/models/cifar10-default.zip";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelFile() {
    }

    /** A network with its metadata. */
    public record LoadedModel(MultiLayerNetwork network, ModelMetadata metadata) {
    }

    /** Saves atomically to {@code target}; the parent folder must exist and be writable. */
    public static void save(MultiLayerNetwork network, ModelMetadata metadata, Path target) throws IOException {
        save(network, metadata, target, true);
    }

    /**
     * Saves atomically to {@code target}; without {@code withUpdater} the optimizer state (Adam's
     * moments, twice the size of the weights) is left out: enough to classify, not to resume training.
     */
    public static void save(MultiLayerNetwork network, ModelMetadata metadata, Path target,
            boolean withUpdater) throws IOException {
        ModelMetadata dated = dated(metadata);
        AtomicFiles.write(target, "model", Writable.Kind.ZIP, out -> write(network, dated, out, withUpdater));
    }

    /** {@code metadata} with {@code created} set to now unless it is set already. */
    private static ModelMetadata dated(ModelMetadata metadata) {
        return metadata.created() != null ? metadata
                : metadata.toBuilder().created(OffsetDateTime.now().toString()).build();
    }

    /**
     * Saves a freshly trained model to {@code target}; if that fails (the folder was removed, made
     * read-only or replaced, the disk is full...), saves it next to the target as
     * {@code <name>.recovered-<time>.zip}, else in the temporary folder, and throws a
     * {@link ModelSaveException} naming both paths, so hours of training are not lost. Returns the metadata
     * written (with the time {@code created}).
     */
    public static ModelMetadata saveTrained(MultiLayerNetwork network, ModelMetadata metadata, Path target,
            boolean withUpdater) throws IOException {
        ModelMetadata dated = dated(metadata); // the target and a fallback record the same time
        IOException failure;
        try {
            save(network, dated, target, withUpdater);
            return dated;
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e.toString(), e);
        }
        List<Path> fallbacks = recoveryPaths(target);
        for (Path fallback : fallbacks) {
            try {
                save(network, dated, fallback, withUpdater);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            throw new ModelSaveException("Could not save the trained model to " + target + ": " + failure.getMessage()
                    + " The trained network was saved to " + fallback + " instead; move or rename it to use it.",
                            fallback, failure);
        }
        throw new ModelSaveException("Could not save the trained model to " + target + ": " + failure.getMessage()
                + " Saving it to " + fallbacks.get(0) + " or " + fallbacks.get(1)
                        + " failed too, so the trained network is lost."
                + " Choose a writable folder and train again.", null, failure);
    }

    /**
     * {@code <name>.recovered-<time>.zip} beside {@code target}, then the same name in the temporary folder; when
     * that name would pass the file system's 255 bytes, the short {@code recovered-<time>.zip}.
     */
    static List<Path> recoveryPaths(Path target) {
        String name = target.getFileName().toString();
        String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") ? name.substring(0, name.length() - 4)
                : name;
        String suffix = "recovered-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + ".zip";
        String file = base + "." + suffix;
        if (file.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            file = suffix;
        }
        return List.of(target.toAbsolutePath().resolveSibling(file),
                Path.of(System.getProperty("java.io.tmpdir")).resolve(file));
    }

    /** Writes the model zip to a stream. */
    public static void write(MultiLayerNetwork network, ModelMetadata metadata, OutputStream out) throws IOException {
        write(network, metadata, out, true);
    }

    /** Writes the model zip to a stream, with or without the updater state. */
    public static void write(MultiLayerNetwork network, ModelMetadata metadata, OutputStream out,
            boolean withUpdater) throws IOException {
        ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, dl4j, withUpdater);
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry(METADATA_ENTRY));
        zip.write(JSON.writeValueAsBytes(metadata));
        zip.closeEntry();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(dl4j.toByteArray()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(zip);
                zip.closeEntry();
            }
        }
        zip.finish();
    }

    /**
     * Loads a model file, with a message naming the problem when it is not one of ours or is
     * damaged (always an IOException, never a raw DL4J exception).
     */
    public static LoadedModel load(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("The model " + file + " is a folder; choose the model .zip file inside it.");
        }
        if (!Files.isRegularFile(file)) {
            throw new MissingFileException(file.toString(), "Model file not found: " + file
                    + ". Give the path of a .zip written by Train CIFAR-10 Classifier, or leave 'model' empty for the "
                    + "default model.");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        }
    }

    /** Loads the default model shipped in the plugin jar. */
    public static LoadedModel loadDefault() throws IOException {
        byte[] bytes = defaultModelBytes();
        if (bytes == null) {
            throw new IOException("The default model " + DEFAULT_MODEL_RESOURCE
                    + " is not in the plugin jar. Give a model file with the 'model' key.");
        }
        return load(new java.io.ByteArrayInputStream(bytes), "default model");
    }

    /** The default model's zip as shipped in the plugin (or job) jar; null when the jar lacks it. */
    public static byte[] defaultModelBytes() throws IOException {
        try (InputStream in = ModelFile.class.getResourceAsStream(DEFAULT_MODEL_RESOURCE)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /**
     * Loads a model zip from a stream; {@code name} is used in messages. Every way the file can
     * be damaged (not a zip, truncated, missing or corrupt entries, weights that do not fit the
     * configuration) gives an IOException "{@code name} is not a usable CNN Classifier model: ...".
     */
    public static LoadedModel load(InputStream stream, String name) throws IOException {
        Nd4jSetup.ensureInitialized();
        byte[] bytes = stream.readAllBytes();
        ModelEntries entries = ModelEntries.read(bytes, name);
        ModelMetadata metadata = metadata(entries, name);
        MultiLayerNetwork network = entries.restore(bytes);
        return new LoadedModel(network, metadata);
    }

    /**
     * Checks a model file's bytes as far as can be done without ND4J or the network (the zip, its
     * entries, model.json), with {@link #load}'s messages, and returns its model.json: fast, for a caller
     * that needs the metadata alone. {@link #load} also checks the network.
     */
    public static ModelMetadata check(byte[] bytes, String name) throws IOException {
        return metadata(ModelEntries.read(bytes, name), name);
    }

    private static ModelMetadata metadata(ModelEntries entries, String name) throws IOException {
        ModelMetadata metadata;
        try {
            metadata = JSON.readValue(entries.metadata(), ModelMetadata.class);
        } catch (IOException | RuntimeException e) {
            throw unusable(name, "its " + METADATA_ENTRY + " is not valid JSON (" + firstLine(e) + ")");
        }
        if (metadata == null || !ModelMetadata.FORMAT.equals(metadata.format())) {
            throw unusable(name, "its " + METADATA_ENTRY + " is not of format '" + ModelMetadata.FORMAT + "'");
        }
        if (metadata.formatVersion() > ModelMetadata.FORMAT_VERSION) {
            throw new IOException("Model " + name + " was written by a newer plugin (format " + metadata.formatVersion()
                    + "); update the CNN Classifier plugin.");
        }
        checkHandEdits(metadata, name);
        return metadata;
    }

    /** The channel orders model.json may give (as written by {@code InputShape#channelOrder}). */
    static final List<String> CHANNEL_ORDERS = List.of("RGB", "gray", "native");

    /** A hand-edited model.json the plugin would misread: a class named twice, an unknown channel order. */
    static void checkHandEdits(ModelMetadata m, String name) throws IOException {
        List<String> classes = m.classNames() == null ? List.of() : m.classNames();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String c : classes) {
            if (!seen.add(c.toLowerCase(java.util.Locale.ROOT))) {
                throw unusable(name, "its " + METADATA_ENTRY + " names the class '" + c + "' twice in classNames "
                        + "(each output of the network needs its own name)");
            }
        }
        String order = m.channelOrder();
        if (order != null && CHANNEL_ORDERS.stream().noneMatch(o -> o.equalsIgnoreCase(order.trim()))) {
            throw unusable(name, "its " + METADATA_ENTRY + " has channelOrder '" + order + "'; the plugin reads "
                    + String.join(", ", CHANNEL_ORDERS));
        }
    }

    /** Reads only model.json (fast; no network). */
    public static ModelMetadata readMetadata(Path file) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                if (METADATA_ENTRY.equals(e.getName())) {
                    return JSON.readValue(zip.readAllBytes(), ModelMetadata.class);
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw unusable(file.toString(), "it is not a zip file or the zip is damaged");
        } catch (IOException | RuntimeException e) {
            throw unusable(file.toString(), "its " + METADATA_ENTRY + " is not valid JSON (" + firstLine(e) + ")");
        }
        throw unusable(file.toString(), "it has no " + METADATA_ENTRY);
    }

    /** "{@code name} is not a usable CNN Classifier model: {@code why}. Train a model again or use ..." */
    static IOException unusable(String name, String why) {
        return new IOException(name + " is not a usable CNN Classifier model: " + why
                + ". Train a model again or use a .zip written by Train CIFAR-10 Classifier.");
    }

    /** The first line of an exception's message (Jackson's messages go on over several lines). */
    static String firstLine(Throwable e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).trim();
    }
}
