package org.cnnclassifier.ij1;

import ij.ImagePlus;
import ij.IJ;

import org.cnnclassifier.function.TrainClassifier;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.IjProgress;
import org.cnnclassifier.host.SkippedFiles;
import org.cnnclassifier.host.TrainingHistoryView;
import org.cnnclassifier.host.TrainingReport;
import org.cnnclassifier.training.Trainer;
import org.cnnclassifier.training.TrainingOptions;

/**
 * Plugins>CNN Classifier>Train CIFAR-10 Classifier ({@link TrainClassifier}): live history table and
 * plot; Esc stops after the current step and leaves an existing model file unchanged.
 */
public class TrainClassifierPlugin extends SpecPlugIn {
    public TrainClassifierPlugin() {
        super(TrainClassifier.SPEC, false, null);
    }

    @Override
    void run(Values v, ImagePlus image) throws Exception {
        TrainingOptions o = TrainClassifier.options(v);
        TrainingHistoryView view = new TrainingHistoryView(o.architecture().word());
        Trainer.Result r = Trainer.train(o, new IjProgress(), view);
        SkippedFiles.report(r.skipped());
        TrainingReport.show(r, o.model(), view, true);
        IJ.log("Model saved to " + o.model() + (r.validation() == null ? ""
                : String.format(" (validation accuracy %.2f%%)", 100 * r.validation().accuracy())));
    }
}
