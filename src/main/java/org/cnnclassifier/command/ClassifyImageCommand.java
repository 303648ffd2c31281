package org.cnnclassifier.command;

import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;

import org.cnnclassifier.function.ClassifyImage;
import org.cnnclassifier.function.Values;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.ImageClassification;

/**
 * {@link ClassifyImage} for scripts and headless runs: an image file ({@code input}), or ImageJ's
 * current image. Rows go to the "Classification" table, printed as CSV lines when headless.
 */
@Plugin(type = Command.class, label = "Classify Image")
public class ClassifyImageCommand extends SpecCommand {
    /** The function's keys, as text (see {@link SpecCommand}). */
    @Parameter(required = false, persist = false)
    private String input, model, top, all, mirror, shift, explain;

    @Parameter(type = ItemIO.OUTPUT, label = "Class")
    private String topClass;

    @Parameter(type = ItemIO.OUTPUT, label = "Probability")
    private double probability;

    /** With {@code explain}, headless: the Grad-CAM image of the top class (else it is shown). */
    @Parameter(type = ItemIO.OUTPUT, label = "Explained", required = false)
    private ImagePlus explained;

    public ClassifyImageCommand() {
        super(ClassifyImage.SPEC);
    }

    @Override
    protected void run(Values v) throws Exception {
        ImagePlus imp = Images.openOrCurrent(v.path(ClassifyImage.INPUT));
        List<ImageClassification.SliceResult> results = ClassifyImage.classify(imp, v);
        Classifier.Ranked best = results.get(0).ranked().get(0);
        topClass = best.className();
        probability = best.probability();
        explained = ClassifyImage.explained(imp, v);
        if (!headless()) {
            IJ.showStatus(ClassifyImage.show(imp, results));
            if (explained != null) {
                explained.show();
                explained = null; // shown: not an output for a display to show again
            }
            return;
        }
        System.out.println("image,slice,rank,class,probability");
        for (ImageClassification.SliceResult s : results) {
            for (Classifier.Ranked r : s.ranked()) {
                System.out.println(String.format(Locale.ROOT, "%s,%d,%d,%s,%.6f", imp.getTitle(), s.slice(), r.rank(),
                        r.className(), r.probability()));
            }
        }
    }
}
