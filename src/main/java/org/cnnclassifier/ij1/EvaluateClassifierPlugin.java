package org.cnnclassifier.ij1;

import java.nio.file.Path;

import ij.IJ;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import org.cnnclassifier.model.ClassifierEvaluation;
import org.cnnclassifier.progress.CanceledException;

/** Plugins>CNN Classifier>Evaluate Classifier: keys {@code model} (empty = default model) and {@code data}. */
public class EvaluateClassifierPlugin implements PlugIn {
    static final String TITLE = "Evaluate Classifier";
    private static final String PREF = "cnnclassifier.evaluate.";

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addFileField("model (.zip; empty = default model)", Prefs.get(PREF + "model", ""));
        gd.addDirectoryField("data (CIFAR-10 folder, .bin, .tar.gz, or class folders)", Prefs.get(PREF + "data", ""));
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String model = gd.getNextString().trim();
        String data = gd.getNextString().trim();
        if (data.isEmpty()) {
            Messages.error(TITLE, "No data given. Set 'data' to labelled images to evaluate on.");
            return;
        }
        Prefs.set(PREF + "model", model);
        Prefs.set(PREF + "data", data);
        try {
            ClassifierEvaluation.Report r = ClassifierEvaluation.run(model.isEmpty() ? null : Path.of(model), Path.of(data), new IjProgress());
            SkippedFiles.report(r.skipped());
            EvaluationTables.summary(r.result()).show(EvaluationTables.SUMMARY_TITLE);
            String line = EvaluationTables.show(r.result(), true);
            IJ.showProgress(1);
            IJ.showStatus("Evaluation: " + line);
        } catch (CanceledException e) {
            IJ.showProgress(1);
            IJ.showStatus("Evaluation canceled.");
        } catch (Exception e) {
            IJ.showProgress(1);
            Messages.error(TITLE, e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }
}
