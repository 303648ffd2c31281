package org.cnnclassifier.command;

import java.util.Locale;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.cnnclassifier.function.TrainClassifier;
import org.cnnclassifier.image.ImgImages;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.SkippedFiles;
import org.cnnclassifier.host.TrainingHistoryView;
import org.cnnclassifier.host.TrainingReport;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.cnnclassifier.training.Trainer;
import org.cnnclassifier.training.TrainingOptions;

/**
 * {@link TrainClassifier} for scripts and headless runs. Headless, progress and each epoch are
 * printed, and the history table and plot are written beside the model ({@code <model>-history.csv/.png}).
 */
@Plugin(type = Command.class, label = "Train CIFAR-10 Classifier")
public class TrainClassifierCommand extends SpecCommand {
    /** The function's keys, as text (see {@link SpecCommand}). */
    @Parameter(required = false, persist = false)
    private String data, architecture, epochs, batch, rate, schedule, validation, augment, dropout, seed, model,
            download, limit, size, channels, normalize, init, freeze, workers, smoothing, optimizer, decay, lookahead,
            whiten, identity, biasrate, muon;

    @Parameter(type = ItemIO.OUTPUT)
    private ResultsTable history;
    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus plot;
    /** The plot as {@code Img<FloatType>} (XYC: R, G, B, 0-255). */
    @Parameter(type = ItemIO.OUTPUT)
    private Img<FloatType> plotImg;
    @Parameter(type = ItemIO.OUTPUT)
    private double validationAccuracy = Double.NaN;

    public TrainClassifierCommand() {
        super(TrainClassifier.SPEC);
    }

    @Override
    protected void run(Values v) throws Exception {
        TrainingOptions o = TrainClassifier.options(v);
        boolean headless = headless();
        TrainingHistoryView view = new TrainingHistoryView(o.architecture().word());
        Trainer.Result r = Trainer.train(o, progress(), (s, h) -> {
            view.epochDone(s, h);
            if (headless) {
                System.out.println(String.format(Locale.ROOT, "epoch %d: loss %.4f accuracy %.4f val_loss %.4f "
                        + "val_accuracy %.4f (%.0f s, %.0f images/s)", s.epoch(), s.loss(), s.accuracy(),
                        s.validationLoss(), s.validationAccuracy(), s.seconds(), s.imagesPerSecond()));
            }
        });
        SkippedFiles.report(r.skipped());
        history = view.table();
        plot = view.plotImage();
        plotImg = plot == null ? null : ImgImages.toFloatImg(plot);
        validationAccuracy = r.metadata().validationAccuracy();
        TrainingReport.show(r, o.model(), view, !headless);
    }
}
