package org.cnnclassifier.command;

import java.awt.GraphicsEnvironment;
import java.io.File;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.cnnclassifier.ij1.IjProgress;
import org.cnnclassifier.ij1.TrainingHistoryView;
import org.cnnclassifier.ij1.TrainingReport;
import org.cnnclassifier.model.Architectures;
import org.cnnclassifier.model.Trainer;
import org.cnnclassifier.model.TrainingOptions;
import org.cnnclassifier.progress.ProgressListener;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * "Train CIFAR-10 Classifier" for scripts and headless runs (no menu path: the menu entry is
 * {@link org.cnnclassifier.ij1.TrainClassifierPlugin}). Headless, progress is printed, and the
 * history table and plot are written beside the model ({@code <model>-history.csv/.png}).
 */
@Plugin(type = Command.class, label = "Train CIFAR-10 Classifier")
public class TrainClassifierCommand implements Command {
    @Parameter(label = "Data (CIFAR-10 folder, .tar.gz, .bin or class folders)", style = "directory", persist = false)
    private File data;
    @Parameter(label = "Architecture", choices = {Architectures.SEED, Architectures.BN}, required = false, persist = false)
    private String architecture = Architectures.SEED;
    @Parameter(label = "Epochs", min = "1", required = false, persist = false)
    private int epochs = 10;
    @Parameter(label = "Batch size", min = "1", required = false, persist = false)
    private int batch = 32;
    @Parameter(label = "Learning rate", required = false, persist = false)
    private double rate = 1e-3;
    @Parameter(label = "Rate schedule", choices = {TrainingOptions.SCHEDULE_CONSTANT, TrainingOptions.SCHEDULE_LINEAR, TrainingOptions.SCHEDULE_ONECYCLE}, required = false, persist = false)
    private String schedule = TrainingOptions.SCHEDULE_CONSTANT;
    @Parameter(label = "Validation (fraction or batch file)", required = false, persist = false)
    private String validation = "0.1";
    @Parameter(label = "Augment (flip + crop)", required = false, persist = false)
    private boolean augment;
    @Parameter(label = "Dropout (-1 = architecture default)", required = false, persist = false)
    private double dropout = -1;
    @Parameter(label = "Random seed", required = false, persist = false)
    private long seed = 42;
    @Parameter(label = "Model file (.zip)", style = "save", persist = false)
    private File model;
    @Parameter(label = "Download CIFAR-10 if missing", required = false, persist = false)
    private boolean download;
    @Parameter(label = "Use only the first N images (0 = all)", required = false, persist = false)
    private int limit;

    @Parameter(type = ItemIO.OUTPUT)
    private ResultsTable history;
    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus plot;
    @Parameter(type = ItemIO.OUTPUT)
    private double validationAccuracy = Double.NaN;

    @Override
    public void run() {
        TrainingOptions o = new TrainingOptions();
        o.data = data == null ? null : data.toPath();
        o.architecture = architecture;
        o.epochs = epochs;
        o.batch = batch;
        o.rate = rate;
        o.schedule = schedule;
        o.validation = validation;
        o.augment = augment;
        o.dropout = dropout;
        o.seed = seed;
        o.model = model == null ? null : model.toPath();
        o.download = download;
        o.limit = limit;
        boolean headless = GraphicsEnvironment.isHeadless();
        ProgressListener progress = headless ? new ConsoleProgress(10) : new IjProgress();
        TrainingHistoryView view = new TrainingHistoryView(architecture);
        Trainer.Result r;
        try {
            r = Trainer.train(o, progress, (s, h) -> {
                view.epochDone(s, h);
                if (headless) {
                    System.out.println(String.format("epoch %d: loss %.4f accuracy %.4f val_loss %.4f val_accuracy %.4f (%.0f s, %.0f images/s)",
                            s.epoch(), s.loss(), s.accuracy(), s.validationLoss(), s.validationAccuracy(), s.seconds(), s.imagesPerSecond()));
                }
            });
        } catch (Exception e) {
            throw CommandErrors.fail("Train CIFAR-10 Classifier", e);
        }
        history = view.table();
        plot = view.plotImage();
        validationAccuracy = r.metadata().validationAccuracy;
        TrainingReport.show(r, o.model == null ? null : o.model, view, !headless);
    }
}
