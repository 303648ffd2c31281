package org.cnnclassifier.ij1;

import java.awt.Rectangle;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.cnnclassifier.command.ClassifyImageCommand;
import org.cnnclassifier.command.ResultTables;
import org.cnnclassifier.model.Classifier;
import org.cnnclassifier.model.ImageClassification;
import org.cnnclassifier.model.ModelCache;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

/**
 * Plugins>CNN Classifier>Classify Image: the active image (or its selection's bounds; the current
 * slice or every slice) to the "Classification" table. Macro keys: {@code model}, {@code top}, {@code all}.
 */
public class ClassifyImagePlugin implements PlugIn {
    static final String TITLE = "Classify Image";
    private static final String PREF_MODEL = "cnnclassifier.model";

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            Messages.error(TITLE, "No image is open.\nOpen an image (File>Open) and run Classify Image again.");
            return;
        }
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addFileField(Labels.label(ClassifyImageCommand.KEY_MODEL, "file (empty: default model)"), Labels.remembered(PREF_MODEL, ""), 30);
        gd.addNumericField(Labels.label(ClassifyImageCommand.KEY_TOP, "classes"), 3, 0);
        gd.addCheckbox(Labels.label(ClassifyImageCommand.KEY_ALL, "slices"), false);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String model = gd.getNextString().trim();
        int top = (int) gd.getNextNumber();
        boolean all = gd.getNextBoolean();
        if (gd.invalidNumber() || top < 1) {
            Messages.error(TITLE, "'top' must be a whole number of at least 1.");
            return;
        }
        if (imp.getWidth() < 2 || imp.getHeight() < 2) {
            Messages.error(TITLE, "The image is " + imp.getWidth() + "x" + imp.getHeight()
                    + " pixels; a classifier needs at least 2x2.\nOpen a larger image.");
            return;
        }
        Roi roi = imp.getRoi();
        Rectangle bounds = roi != null && roi.isArea() ? roi.getBounds() : null;
        try {
            IJ.showStatus(TITLE + ": loading model...");
            Classifier classifier = ModelCache.get(model);
            Prefs.set(PREF_MODEL, model);
            List<ImageClassification.SliceResult> results = ImageClassification.classify(imp, all, bounds, classifier, top);
            ResultsTable rt = ResultsTable.getResultsTable(ResultTables.CLASSIFICATION);
            if (rt == null) {
                rt = new ResultsTable();
            }
            ResultTables.addImageRows(rt, imp.getTitle(), results);
            rt.show(ResultTables.CLASSIFICATION);
            Classifier.Ranked best = results.get(0).ranked().get(0);
            IJ.showStatus(String.format(Locale.ROOT, "%s: %s (%.1f%%)", imp.getTitle(), best.className(), 100 * best.probability()));
        } catch (IOException | IllegalArgumentException e) {
            Messages.error(TITLE, e.getMessage());
        }
    }
}
