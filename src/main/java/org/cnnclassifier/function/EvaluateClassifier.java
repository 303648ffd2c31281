package org.cnnclassifier.function;

import java.io.IOException;
import java.nio.file.Path;

import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.evaluation.ClassifierEvaluation;
import org.cnnclassifier.inference.ModelCache;

/** Evaluate Classifier: accuracy, loss, confusion matrix and per-class figures of a model on labelled data. */
public final class EvaluateClassifier {
    public static final String MODEL = "model", DATA = "data";

    public static final Spec SPEC = Spec.of("Evaluate Classifier",
            ClassifyImage.model(),
            Key.folder(DATA, "(CIFAR-10 folder, .bin, .tar.gz, or class folders)"),
            ClassifyImage.mirror(),
            ClassifyImage.shift()).withHelp(TrainClassifier.TRAINING_HELP);

    private EvaluateClassifier() {
    }

    public static ClassifierEvaluation.Report run(Values v, ProgressListener progress) throws IOException {
        if (v.path(DATA) == null) {
            throw new IllegalArgumentException("No data given. Set 'data' to labelled images to evaluate on.");
        }
        String model = v.text(MODEL);
        return ClassifierEvaluation.run(ModelCache.isDefault(model) ? null : Path.of(model), v.path(DATA),
                ClassifyImage.views(v), progress);
    }
}
