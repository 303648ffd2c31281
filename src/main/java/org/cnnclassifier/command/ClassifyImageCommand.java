package org.cnnclassifier.command;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.cnnclassifier.model.Classifier;
import org.cnnclassifier.model.ImageClassification;
import org.cnnclassifier.model.ModelCache;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;

/**
 * Classify Image for scripts and headless runs (the menu entry is
 * {@link org.cnnclassifier.ij1.ClassifyImagePlugin}): an image file, or ImageJ's current image
 * when no file is given. Rows go to the "Classification" table (printed when headless).
 */
@Plugin(type = Command.class, label = "Classify Image")
public class ClassifyImageCommand extends ContextCommand {
    public static final String KEY_MODEL = "model";
    public static final String KEY_TOP = "top";
    public static final String KEY_ALL = "all";
    /** Only for this command: the image file to classify (the menu command uses the active image). */
    public static final String KEY_INPUT = "input";

    @Parameter(persist = false, label = "Image file (empty: the active image)", required = false)
    private File input;

    @Parameter(persist = false, label = "Model file (empty: default model)", required = false)
    private String model = "";

    @Parameter(persist = false, label = "Top classes", min = "1")
    private int top = 3;

    @Parameter(persist = false, label = "All slices", required = false)
    private boolean all;

    @Parameter(persist = false, type = ItemIO.OUTPUT, label = "Class")
    private String topClass;

    @Parameter(persist = false, type = ItemIO.OUTPUT, label = "Probability")
    private double probability;

    @Parameter
    private LogService log;

    @Override
    public void run() {
        ImagePlus imp;
        if (input != null && !input.getPath().isBlank()) {
            if (!input.isFile()) {
                fail("Image file not found: " + input + ".");
                return;
            }
            imp = IJ.openImage(input.getPath());
            if (imp == null) {
                fail("ImageJ cannot open " + input + " as an image.");
                return;
            }
        } else {
            imp = WindowManager.getCurrentImage();
            if (imp == null) {
                fail("No image is open. Open an image first, or give an image file with 'input'.");
                return;
            }
        }
        try {
            if (top < 1) {
                throw new IllegalArgumentException("'top' must be at least 1 (got " + top + ").");
            }
            if (imp.getWidth() < 2 || imp.getHeight() < 2) {
                throw new IllegalArgumentException("The image is " + imp.getWidth() + "x" + imp.getHeight()
                        + " pixels; a classifier needs at least 2x2. Open a larger image.");
            }
            Classifier classifier = ModelCache.get(model);
            List<ImageClassification.SliceResult> results = ImageClassification.classify(imp, all,
                    imp.getRoi() != null && imp.getRoi().isArea() ? imp.getRoi().getBounds() : null, classifier, top);
            Classifier.Ranked best = results.get(0).ranked().get(0);
            topClass = best.className();
            probability = best.probability();
            if (GraphicsEnvironment.isHeadless()) {
                System.out.println("image,slice,rank,class,probability");
                for (ImageClassification.SliceResult s : results) {
                    for (Classifier.Ranked r : s.ranked()) {
                        System.out.println(String.format(Locale.ROOT, "%s,%d,%d,%s,%.6f", imp.getTitle(), s.slice(), r.rank(),
                                r.className(), r.probability()));
                    }
                }
            } else {
                ResultsTable rt = ResultsTable.getResultsTable(ResultTables.CLASSIFICATION);
                if (rt == null) {
                    rt = new ResultsTable();
                }
                ResultTables.addImageRows(rt, imp.getTitle(), results);
                rt.show(ResultTables.CLASSIFICATION);
                IJ.showStatus(String.format(Locale.ROOT, "%s: %s (%.1f%%)", imp.getTitle(), topClass, 100 * probability));
            }
        } catch (IOException | IllegalArgumentException e) {
            fail(e.getMessage());
        }
    }

    private void fail(String message) {
        log.error("Classify Image: " + message);
        cancel(message);
    }
}
