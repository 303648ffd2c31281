import java.nio.file.Path;
import java.util.List;

import org.cnnclassifier.data.CifarBinary;
import org.cnnclassifier.data.LabeledImages;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.training.EpochStats;
import org.cnnclassifier.evaluation.EvaluationResult;
import org.cnnclassifier.evaluation.Evaluator;
import org.cnnclassifier.network.Nd4jSetup;
import org.cnnclassifier.training.Trainer;
import org.cnnclassifier.training.TrainingOptions;
import org.cnnclassifier.progress.ProgressListener;

/**
 * One epoch of the seed CNN through the plugin's own Trainer (bytes to floats per batch, Adam,
 * oneDNN helpers), then inference on data_batch_5.bin through the plugin's Evaluator. Prints one
 * line in the PyTorch peer's format so bench/train_bench.sh can put them side by side.
 * Usage: TrainBench <cifar-10-batches-bin> <batch> <limit> [architecture, default seed]
 */
public class TrainBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int batch = Integer.parseInt(args[1]);
        int limit = Integer.parseInt(args[2]);
        Nd4jSetup.ensureInitialized();
        Path val = dir.resolve("data_batch_5.bin");
        LabeledImages train = CifarBinary.readTrainingFolder(dir, val).first(limit);
        LabeledImages test = CifarBinary.readFile(val);
        TrainingOptions o = TrainingOptions.builder()
                .data(dir)
                .architecture(args.length > 3 ? Architecture.parse(args[3]) : Architecture.SEED)
                .epochs(1)
                .batch(batch)
                .seed(1)
                .build();
        Trainer.Result r = Trainer.train(o, new Trainer.Data(train, null, List.of()), ProgressListener.SILENT, null);
        EpochStats s = r.history().get(0);
        // Inference over data_batch_5 three times; the peer's single pass is compared with the first
        // (cold: new layouts and batch shapes), the warm passes are printed for Classify-like use.
        double[] inferSeconds = new double[3];
        EvaluationResult e = null;
        for (int i = 0; i < inferSeconds.length; i++) {
            long t = System.nanoTime();
            e = Evaluator.evaluate(r.network(), test, ProgressListener.SILENT);
            inferSeconds[i] = (System.nanoTime() - t) / 1e9;
        }
        System.out.printf("dl4j: helpers=%s train_img_per_s=%.1f infer_img_per_s=%.1f test_acc=%.4f warm_infer_img_per_s=%.1f,%.1f%n",
                Nd4jSetup.helpersEnabled(), s.imagesPerSecond(), test.size() / inferSeconds[0], e.accuracy(),
                test.size() / inferSeconds[1], test.size() / inferSeconds[2]);
        System.exit(0);
    }
}
