import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.function.Key;
import org.cnnclassifier.function.MacroOptions;
import org.cnnclassifier.function.Spec;
import org.cnnclassifier.function.TrainClassifier;
import org.cnnclassifier.network.Nd4jSetup;
import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.training.Trainer;
import org.cnnclassifier.training.TrainingOptions;

/**
 * The small-scale accuracy comparisons of docs/recipe.md: the data is read once (the validation
 * split of the options, fixed by the seed; the first {@code limit} training images; the first
 * {@code vlimit} held-out images), then each configuration, given as Train's macro options, is
 * trained and its validation accuracy printed per epoch, one configuration after the other.
 * Usage: RecipeBench <base macro options> <vlimit> <name=[options]>...
 * e.g. RecipeBench "data=[../shared/cifar-10-batches-bin] architecture=seed epochs=5 batch=64 limit=10000"
 *      4000 "baseline=" "triangle=schedule=triangle rate=0.002"
 */
public class RecipeBench {
    public static void main(String[] args) throws Exception {
        Nd4jSetup.ensureInitialized();
        String base = args[0] + " model=[/tmp/recipe-bench-unused.zip]";
        int vlimit = Integer.parseInt(args[1]);
        TrainingOptions first = options(base);
        Trainer.Data all = Trainer.load(first, ProgressListener.SILENT);
        LabeledImages validation = all.validation().first(vlimit);
        Trainer.Data data = new Trainer.Data(all.training(), validation, all.skipped());
        System.out.printf(Locale.ROOT, "training %d images, validation %d%n", data.training().size(),
                validation.size());
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            String name = args[i].substring(0, eq);
            TrainingOptions o = options(base + " " + args[i].substring(eq + 1)).toBuilder().model(null).build();
            long start = System.nanoTime();
            Trainer.Result r = Trainer.train(o, data, ProgressListener.SILENT, (s, h) -> {
                System.out.printf(Locale.ROOT, "%s epoch %d: loss %.4f accuracy %.4f val_accuracy %.4f (%.0f s)%n",
                        name, s.epoch(), s.loss(), s.accuracy(), s.validationAccuracy(), s.seconds());
                System.out.flush();
            });
            System.out.printf(Locale.ROOT, "RESULT %s | %s | %.2f%% | %.0f s%n", name, args[i].substring(eq + 1),
                    100 * r.validation().accuracy(), (System.nanoTime() - start) / 1e9);
            System.out.flush();
        }
        System.exit(0);
    }

    private static TrainingOptions options(String macro) {
        Map<String, String> raw = new LinkedHashMap<>(MacroOptions.parse(macro, n -> null));
        return TrainClassifier.options(TrainClassifier.SPEC.parse(raw, Spec.Source.DEFAULTS, Key.Scope.BOTH));
    }
}
