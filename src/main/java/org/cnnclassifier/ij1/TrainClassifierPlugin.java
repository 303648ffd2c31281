package org.cnnclassifier.ij1;

import java.nio.file.Path;
import java.util.Map;

import ij.IJ;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import org.cnnclassifier.model.Architectures;
import org.cnnclassifier.model.Trainer;
import org.cnnclassifier.model.TrainingOptions;
import org.cnnclassifier.progress.CanceledException;

/**
 * Plugins>CNN Classifier>Train CIFAR-10 Classifier. Each dialog label starts with its macro key
 * ({@link TrainingOptions} KEY_*), so the recorder writes e.g.
 * {@code run("Train CIFAR-10 Classifier", "data=[...] architecture=seed epochs=10 ...")}.
 */
public class TrainClassifierPlugin implements PlugIn {
    static final String TITLE = "Train CIFAR-10 Classifier";
    private static final String PREF = "cnnclassifier.train.";

    @Override
    public void run(String arg) {
        TrainingOptions o = new TrainingOptions();
        if (!Messages.macroChoicesValid(TITLE, Map.of(TrainingOptions.KEY_ARCHITECTURE, Architectures.NAMES.toArray(new String[0]),
                TrainingOptions.KEY_SCHEDULE, TrainingOptions.SCHEDULES))) {
            return;
        }
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addDirectoryField("data (CIFAR-10 folder, .tar.gz, .bin, or class folders)", Prefs.get(PREF + "data", ""));
        gd.addChoice("architecture", Architectures.NAMES.toArray(new String[0]), Prefs.get(PREF + "architecture", o.architecture));
        gd.addNumericField("epochs", o.epochs, 0);
        gd.addNumericField("batch (images per step)", o.batch, 0);
        gd.addNumericField("rate (Adam learning rate)", o.rate, 4);
        gd.addChoice("schedule (learning rate)", TrainingOptions.SCHEDULES, o.schedule);
        gd.addStringField("validation (fraction, or file such as data_batch_5.bin)", "0.1", 24);
        gd.addCheckbox("augment (random flip and 4-pixel crop)", false);
        gd.addNumericField("dropout (fraction; -1 = architecture default)", o.dropout, 2);
        gd.addNumericField("seed", o.seed, 0);
        gd.addFileField("model (output .zip)", Prefs.get(PREF + "model", IJ.getDirectory("home") + "cifar10-model.zip"));
        gd.addCheckbox("download CIFAR-10 into the data folder if missing", false);
        gd.addNumericField("limit (use only the first N images; 0 = all)", 0, 0);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String data = gd.getNextString().trim();
        o.data = data.isEmpty() ? null : Path.of(data);
        o.architecture = gd.getNextChoice();
        o.epochs = (int) gd.getNextNumber();
        o.batch = (int) gd.getNextNumber();
        o.rate = gd.getNextNumber();
        o.schedule = gd.getNextChoice();
        o.validation = gd.getNextString().trim();
        o.augment = gd.getNextBoolean();
        o.dropout = gd.getNextNumber();
        o.seed = (long) gd.getNextNumber();
        String model = gd.getNextString().trim();
        o.model = model.isEmpty() ? null : Path.of(model);
        o.download = gd.getNextBoolean();
        o.limit = (int) gd.getNextNumber();
        if (gd.invalidNumber()) {
            Messages.error(TITLE, "A numeric field holds no number. Check epochs, batch, rate, dropout, seed and limit.");
            return;
        }
        if (o.model == null) {
            Messages.error(TITLE, "No model file given. Set 'model' to the .zip file to write.");
            return;
        }
        Prefs.set(PREF + "data", data);
        Prefs.set(PREF + "architecture", o.architecture);
        Prefs.set(PREF + "model", model);
        TrainingHistoryView view = new TrainingHistoryView(o.architecture);
        try {
            Trainer.Result r = Trainer.train(o, new IjProgress(), view);
            SkippedFiles.report(r.skipped());
            TrainingReport.show(r, o.model, view, true);
            IJ.log("Model saved to " + o.model + (r.validation() == null ? ""
                    : String.format(" (validation accuracy %.2f%%)", 100 * r.validation().accuracy())));
        } catch (CanceledException e) {
            IJ.showProgress(1);
            IJ.showStatus("Training canceled; " + o.model + " was not changed.");
        } catch (Exception e) {
            IJ.showProgress(1);
            Messages.error(TITLE, e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }
}
