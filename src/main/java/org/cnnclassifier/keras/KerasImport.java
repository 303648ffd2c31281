package org.cnnclassifier.keras;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.network.Nd4jSetup;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.util.Writable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Import Keras Model: a Keras 2 or 3 classifier ({@link KerasFile}) becomes a CNN Classifier
 * model zip that every command takes. Its network ({@link KerasNetwork}) reads the plugin's usual
 * input (8-bit values divided by 255, recorded as {@code divide-by-255}) and maps it to what the
 * Keras model expects ({@code normalize}); model.json's {@code source} records the Keras file
 * (name, sha256, Keras version), that mapping and whether a softmax was added to a logits output.
 * Nothing is written unless everything is read and checked; the zip is written atomically.
 */
public final class KerasImport {
    /** The {@code normalize} value that takes the convention from the model (a leading Rescaling/Normalization). */
    public static final String AUTO = "auto";
    public static final String ARCHITECTURE = "keras";

    private KerasImport() {
    }

    /** The imported network and its metadata, before saving. */
    public record Imported(MultiLayerNetwork network, ModelMetadata metadata) {
    }

    /** Imports {@code file} and writes the model zip {@code target}; returns what was written. */
    public static Imported run(Path file, String classes, String normalize, Path target, ProgressListener progress)
            throws IOException {
        if (target == null) {
            throw new IllegalArgumentException("No model file given. Set 'model' to the .zip to write, e.g."
                    + " keras-model.zip.");
        }
        Writable.check(target, "model", "keras-model.zip");
        progress.status("Reading " + file.getFileName());
        Imported imported = convert(file, classes, normalize);
        ModelFile.save(imported.network(), imported.metadata(), target, false);
        progress.status("Imported " + file.getFileName() + " as " + target.getFileName());
        return imported;
    }

    /** The network and metadata of {@code file}, nothing written. */
    public static Imported convert(Path file, String classes, String normalize) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("No Keras model given. Set 'file' to a .keras or .h5 file.");
        }
        Nd4jSetup.ensureInitialized();
        try (KerasFile keras = KerasFile.read(file)) {
            KerasChain chain = KerasChain.of(keras.config(), file);
            String norm = normalize == null || normalize.isBlank() || normalize.trim().equalsIgnoreCase(AUTO)
                    ? auto(chain) : normalize.trim().toLowerCase(Locale.ROOT);
            Affine input = Affine.fromUnitRange(norm, chain.channels());
            KerasNetwork built = KerasNetwork.build(chain, keras, input);
            List<String> names = classNames(classes, built.outputs, file);
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("kind", "keras");
            source.put("file", file.getFileName().toString());
            source.put("sha256", keras.sha256());
            source.put("kerasVersion", keras.kerasVersion() == null ? "unknown" : keras.kerasVersion());
            source.put("format", keras.format() == KerasFile.Format.HDF5 ? "hdf5" : "keras-zip");
            source.put("modelClass", chain.modelClass());
            source.put("dataFormat", chain.channelsFirst() ? "channels_first" : "channels_last");
            source.put("normalize", norm);
            source.put("normalizeLayers", built.inputLayers);
            source.put("output", built.logits ? "logits" : "softmax");
            source.put("softmaxAdded", built.logits);
            source.put("layers", chain.layers().stream().map(KerasChain.Layer::toString).toList());
            String order = chain.channels() == 3 ? "RGB" : chain.channels() == 1 ? "gray" : "native";
            ModelMetadata meta = ModelMetadata.builder().architecture(ARCHITECTURE).classNames(names)
                    .inputWidth(chain.width()).inputHeight(chain.height()).inputChannels(chain.channels())
                    .channelOrder(order).normalization(ModelMetadata.NORMALIZATION_UNIT_RANGE)
                    .normalizationDescription(ModelMetadata.describe(ModelMetadata.NORMALIZATION_UNIT_RANGE)
                            + "; the network maps them to the Keras model's input (normalize=" + norm + ")")
                    .source(source).build();
            return new Imported(built.network, meta);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw KerasFile.fail(file, "it cannot be converted (" + firstLine(e) + ")");
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).trim();
    }

    /** {@code none} when the model rescales or normalises its input itself, else {@code divide-by-255}. */
    static String auto(KerasChain chain) {
        for (KerasChain.Layer l : chain.layers()) {
            if (l.type().equals("Rescaling") || l.type().equals("Normalization")) {
                return "none";
            }
            if (!KerasNetwork.NO_OPS.contains(l.type())) {
                break;
            }
        }
        return "divide-by-255";
    }

    /**
     * Class names from {@code classes}: a text file with one per line, or names separated by commas;
     * their count must be the model's outputs.
     */
    static List<String> classNames(String classes, int outputs, Path file) throws IOException {
        String text = classes == null ? "" : classes.trim();
        List<String> names = new ArrayList<>();
        if (!text.isEmpty() && !text.contains(",") && Files.isRegularFile(Path.of(text))) {
            for (String line : Files.readAllLines(Path.of(text), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.trim());
                }
            }
        } else if (!text.isEmpty()) {
            for (String n : text.split(",")) {
                names.add(n.trim());
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("No class names given for " + file.getFileName() + ": its model has "
                    + outputs + " outputs. Set 'classes' to " + outputs + " names separated by commas, or to a text"
                    + " file with one name per line.");
        }
        if (names.size() != outputs) {
            throw new IllegalArgumentException("'classes' gives " + names.size() + " names but the Keras model "
                    + file.getFileName() + " has " + outputs + " outputs. Give one name per output, in output order.");
        }
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("'classes' has an empty name; give " + outputs + " non-empty names.");
        }
        return names;
    }
}
