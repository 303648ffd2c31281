package org.cnnclassifier.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.cnnclassifier.util.AtomicFiles;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

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
    public static void save(MultiLayerNetwork network, ModelMetadata metadata, Path target, boolean withUpdater) throws IOException {
        if (metadata.created == null) {
            metadata.created = OffsetDateTime.now().toString();
        }
        AtomicFiles.write(target, "model", out -> write(network, metadata, out, withUpdater));
    }

    /** Writes the model zip to a stream. */
    public static void write(MultiLayerNetwork network, ModelMetadata metadata, OutputStream out) throws IOException {
        write(network, metadata, out, true);
    }

    /** Writes the model zip to a stream, with or without the updater state. */
    public static void write(MultiLayerNetwork network, ModelMetadata metadata, OutputStream out, boolean withUpdater) throws IOException {
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

    /** Loads a model file, with a message naming the problem when it is not one of ours. */
    public static LoadedModel load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "Model file not found: " + file + ". Give the path of a .zip written by Train CIFAR-10 Classifier, or leave 'model' empty for the default model.");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        }
    }

    /** Loads the default model shipped in the plugin jar. */
    public static LoadedModel loadDefault() throws IOException {
        try (InputStream in = ModelFile.class.getResourceAsStream(DEFAULT_MODEL_RESOURCE)) {
            if (in == null) {
                throw new IOException("The default model " + DEFAULT_MODEL_RESOURCE + " is not in the plugin jar. Give a model file with the 'model' key.");
            }
            return load(in, "default model");
        }
    }

    /** Loads a model zip from a stream; {@code name} is used in messages. */
    public static LoadedModel load(InputStream stream, String name) throws IOException {
        Nd4jSetup.ensureInitialized();
        byte[] bytes = stream.readAllBytes();
        ModelMetadata metadata = null;
        boolean hasNetwork = false;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                if (METADATA_ENTRY.equals(e.getName())) {
                    metadata = JSON.readValue(zip.readAllBytes(), ModelMetadata.class);
                } else if (ModelSerializer.CONFIGURATION_JSON.equals(e.getName())) {
                    hasNetwork = true;
                }
            }
        } catch (ZipException e) {
            throw notOurs(name, "it is not a zip file");
        } catch (IOException e) {
            throw notOurs(name, "its model.json cannot be read (" + e.getMessage() + ")");
        }
        if (metadata == null && !hasNetwork) {
            throw notOurs(name, "it holds neither model.json nor a DL4J network");
        }
        if (metadata == null || !ModelMetadata.FORMAT.equals(metadata.format)) {
            throw notOurs(name, "it has no model.json of format '" + ModelMetadata.FORMAT + "'");
        }
        if (!hasNetwork) {
            throw notOurs(name, "it holds no DL4J network (configuration.json)");
        }
        if (metadata.formatVersion > ModelMetadata.FORMAT_VERSION) {
            throw new IOException("Model " + name + " was written by a newer plugin (format " + metadata.formatVersion
                    + "); update the CNN Classifier plugin.");
        }
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), true);
        return new LoadedModel(network, metadata);
    }

    /** Reads only model.json (fast; no network). */
    public static ModelMetadata readMetadata(Path file) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                if (METADATA_ENTRY.equals(e.getName())) {
                    return JSON.readValue(zip.readAllBytes(), ModelMetadata.class);
                }
            }
        } catch (ZipException e) {
            throw notOurs(file.toString(), "it is not a zip file");
        }
        throw notOurs(file.toString(), "it has no model.json");
    }

    private static IOException notOurs(String name, String why) {
        return new IOException("Not a CNN Classifier model: " + name + " (" + why
                + "). Use a .zip written by Train CIFAR-10 Classifier.");
    }
}
