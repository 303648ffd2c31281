package org.cnnclassifier.testing;

import java.nio.file.Path;

import org.cnnclassifier.progress.ProgressListener;
import org.cnnclassifier.network.Architecture;
import org.cnnclassifier.training.Trainer;
import org.cnnclassifier.training.TrainingOptions;

/**
 * Run in a separate JVM by ModelSaveKillTest: trains the seed network for one epoch on a CIFAR
 * batch file and saves it to a model path: {@code TrainAndSaveMain <data_batch.bin> <model.zip>}.
 * With the {@code AtomicFiles} pause hook set, it stops inside the save, where the test kills it.
 */
public final class TrainAndSaveMain {
    private TrainAndSaveMain() {
    }

    public static void main(String[] args) throws Exception {
        TrainingOptions o = TrainingOptions.builder()
                .data(Path.of(args[0]))
                .model(Path.of(args[1]))
                .architecture(Architecture.SEED)
                .epochs(1)
                .batch(32)
                .validation("0")
                .build();
        Trainer.train(o, ProgressListener.SILENT, null);
        System.out.println("saved " + o.model());
    }
}
