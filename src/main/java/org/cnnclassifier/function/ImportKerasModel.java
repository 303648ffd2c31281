package org.cnnclassifier.function;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.cnnclassifier.keras.KerasImport;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.progress.ProgressListener;

/**
 * Import Keras Model: a Keras 2 or 3 image classifier ({@code .h5}, {@code .keras}) becomes a model
 * .zip that Classify Image/Folder, Evaluate Classifier, Show Channels and Activations and Train's
 * {@code init} take ({@link KerasImport}).
 */
public final class ImportKerasModel {
    public static final String FILE = "file", CLASSES = "classes", NORMALIZE = "normalize", MODEL = "model";

    public static final Spec SPEC = Spec.of("Import Keras Model",
            Key.file(FILE, "(Keras .keras or .h5 model)"),
            Key.text(CLASSES, "(names separated by commas, or a text file with one per line)", ""),
            Key.text(NORMALIZE, "(auto, divide-by-255, none = 0-255, or mean-std=m1,m2,m3/s1,s2,s3)",
                    KerasImport.AUTO),
            Key.save(MODEL, "file to write (.zip)")).withHelp("docs/keras.md");

    private ImportKerasModel() {
    }

    /** Imports and writes the model; returns the metadata written. */
    public static ModelMetadata run(Values v, ProgressListener progress) throws IOException {
        Path model = v.path(MODEL);
        return KerasImport.run(v.path(FILE), v.text(CLASSES), v.text(NORMALIZE), model, progress).metadata();
    }

    /** One line saying what was imported: "Imported k.keras (Keras 3.15.1, 10 classes, ...) as model.zip". */
    public static String summary(ModelMetadata m, Path model) {
        Map<String, Object> s = m.source();
        return "Imported " + s.get("file") + " (Keras " + s.get("kerasVersion") + ", " + m.inputWidth() + "x"
                + m.inputHeight() + "x" + m.inputChannels() + " input, " + m.numClasses() + " classes, normalize "
                + s.get("normalize") + (Boolean.TRUE.equals(s.get("softmaxAdded")) ? ", softmax added to its logits"
                : "") + ") as " + model;
    }
}
