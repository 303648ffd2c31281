import java.nio.file.Path;

import org.cnnclassifier.data.DataSources;
import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.evaluation.EvaluationResult;
import org.cnnclassifier.evaluation.Evaluator;
import org.cnnclassifier.inference.InferenceViews;
import org.cnnclassifier.modelfile.ModelFile;
import org.cnnclassifier.modelfile.ModelMetadata;
import org.cnnclassifier.progress.ProgressListener;

/**
 * A model's accuracy on the validation split it was trained beside (the same fraction and seed as
 * its model.json records, so the same held-out images Train chose), alone and with each set of
 * test-time views. Usage: SplitEval <model.zip> <cifar-10-batches-bin>
 */
public class SplitEval {
    public static void main(String[] args) throws Exception {
        ModelFile.LoadedModel m = ModelFile.load(Path.of(args[0]));
        ModelMetadata meta = m.metadata();
        double fraction = Double.parseDouble(String.valueOf(meta.training().get("validation")));
        long seed = ((Number) meta.training().get("seed")).longValue();
        LabeledImages all = DataSources.training(Path.of(args[1]), null, false, ProgressListener.SILENT).images();
        LabeledImages validation = all.split(fraction, seed)[1];
        for (InferenceViews v : new InferenceViews[] {InferenceViews.NONE, new InferenceViews(true, false),
                new InferenceViews(false, true), new InferenceViews(true, true)}) {
            EvaluationResult r = Evaluator.evaluate(m.network(), validation, ProgressListener.SILENT, v.forModel(meta));
            System.out.printf("%s: %d images, mirror=%s shift=%s: accuracy %.4f loss %.4f%n", args[0],
                    validation.size(), v.mirror(), v.shift(), r.accuracy(), r.loss());
        }
        System.exit(0);
    }
}
