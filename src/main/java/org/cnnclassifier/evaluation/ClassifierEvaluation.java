package org.cnnclassifier.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.cnnclassifier.data.ClassFolders;
import org.cnnclassifier.data.DataSources;
import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.InferenceViews;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;

/** "Evaluate Classifier": a model file (or the default model) on labelled data whose classes match the model's. */
public final class ClassifierEvaluation {
    private ClassifierEvaluation() {
    }

    public record Report(EvaluationResult result, ModelMetadata metadata, List<ClassFolders.Skipped> skipped) {
    }

    /** {@code model} null: the default model. */
    public static Report run(Path model, Path data, ProgressListener progress) throws IOException {
        return run(model, data, InferenceViews.NONE, progress);
    }

    /** As above, each image's outputs averaged over its {@code views} (see {@link Evaluator}). */
    public static Report run(Path model, Path data, InferenceViews views, ProgressListener progress)
            throws IOException {
        progress.status("Loading model...");
        ModelFile.LoadedModel m = model == null ? ModelFile.loadDefault() : ModelFile.load(model);
        DataSources.Loaded d = DataSources.evaluation(data, Classifier.shapeOf(m.metadata()), progress);
        LabeledImages images = d.images();
        if (!images.classNames().equals(m.metadata().classNames())) {
            throw new IOException("The classes of " + data + " " + images.classNames() + " do not match the model's "
                    + m.metadata().classNames() + ". Evaluate on data with the model's classes.");
        }
        progress.status("Evaluating on " + images.size() + " images...");
        EvaluationResult r = Evaluator.evaluate(m.network(), images, progress, views.forModel(m.metadata()));
        progress.progress(1);
        return new Report(r, m.metadata(), d.skipped());
    }
}
