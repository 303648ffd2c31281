package org.cnnclassifier.command;

import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.cnnclassifier.function.ClassifyImage;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.util.Csv;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.ImageClassification;

/**
 * {@link ClassifyImage} for scripts and headless runs: an ImgLib2 image ({@code image}: XY, XYC or
 * XYCZ, see docs/imglib2.md), an {@code ImagePlus} ({@code imp}), an image file ({@code input}), or
 * ImageJ's current image. Rows go to the "Classification" table, printed as CSV lines when headless.
 */
@Plugin(type = Command.class, label = "Classify Image")
public class ClassifyImageCommand extends SpecCommand {
    /** The function's keys, as text (see {@link SpecCommand}). */
    @Parameter(required = false, persist = false)
    private String input, model, top, all, mirror, shift, explain;

    @Parameter(required = false, persist = false, label = "Image (ImgLib2: XY, XYC or XYCZ)")
    private RandomAccessibleInterval<? extends RealType<?>> image;

    @Parameter(required = false, persist = false, label = "Image (ImagePlus, from scripts)")
    private ImagePlus imp;

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
        ImagePlus in = Images.pick(image, imp, v.path(ClassifyImage.INPUT), true);
        List<ImageClassification.SliceResult> results = ClassifyImage.classify(in, v);
        Classifier.Ranked best = results.get(0).ranked().get(0);
        topClass = best.className();
        probability = best.probability();
        explained = ClassifyImage.explained(imp, v);
        if (!headless()) {
            IJ.showStatus(ClassifyImage.show(in, results));
            if (explained != null) {
                explained.show();
                explained = null; // shown: not an output for a display to show again
            }
            return;
        }
        System.out.println("image,slice,rank,class,probability");
        for (ImageClassification.SliceResult s : results) {
            for (Classifier.Ranked r : s.ranked()) {
                System.out.println(Csv.row(in.getTitle(), s.slice(), r.rank(), r.className(),
                        String.format(Locale.ROOT, "%.6f", r.probability())));
            }
        }
    }
}
