package org.cnnclassifier.function;

import java.awt.Rectangle;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;

import org.cnnclassifier.explain.Explanation;
import org.cnnclassifier.host.ResultTables;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.ImageClassification;
import org.cnnclassifier.inference.InferenceViews;
import org.cnnclassifier.inference.ModelCache;

/** Classify Image: the top classes of an image (its selection's bounds; the current or every slice). */
public final class ClassifyImage {
    public static final String INPUT = "input", MODEL = "model", TOP = "top", ALL = "all", MIRROR = "mirror",
            SHIFT = "shift", EXPLAIN = "explain";

    /** The model key every classifier function shares. */
    static Key model() {
        return Key.file(MODEL, "file (empty: default model)");
    }

    /** Test-time flip averaging, shared with Classify Folder and Evaluate Classifier. */
    static Key mirror() {
        return Key.flag(MIRROR, "(average with the mirror image: slower, often more accurate)", false);
    }

    /** Test-time shift averaging, shared like {@link #mirror()}. */
    static Key shift() {
        return Key.flag(SHIFT, "(also average with the image shifted 1 pixel both ways: 3x slower)", false);
    }

    /** The views the {@code mirror} and {@code shift} flags ask for. */
    static InferenceViews views(Values v) {
        return new InferenceViews(v.flag(MIRROR), v.flag(SHIFT));
    }

    /** The number of classes listed per image, shared with Classify Folder. */
    static Key top() {
        return Key.whole(TOP, "classes", 3, 1, 1000);
    }

    public static final Spec SPEC = Spec.of("Classify Image",
            Key.file(INPUT, "file (empty: the active image)").scriptOnly(),
            model(),
            top(),
            Key.flag(ALL, "slices", false),
            mirror(),
            shift(),
            Key.flag(EXPLAIN, "(show where the model saw its top class: Grad-CAM)", false))
            .withHelp("docs/commands.md#classify-images");

    private ClassifyImage() {
    }

    /** The image's results per slice (ranked classes); the core checks the 2x2 minimum. */
    public static List<ImageClassification.SliceResult> classify(ImagePlus imp, Values v) throws IOException {
        Roi roi = imp.getRoi();
        Rectangle bounds = roi != null && roi.isArea() ? roi.getBounds() : null;
        Classifier classifier = ModelCache.get(v.text(MODEL));
        return ImageClassification.classify(imp, v.flag(ALL), bounds, classifier, v.whole(TOP), views(v));
    }

    /**
     * With {@code explain}, the Grad-CAM image of the top class at the last convolution layer (of the slices
     * classified, the whole image), as Explain Classification makes it; else null.
     */
    public static ImagePlus explained(ImagePlus imp, Values v) throws IOException {
        if (!v.flag(EXPLAIN)) {
            return null;
        }
        return ExplainClassification.make(imp, ModelCache.get(v.text(MODEL)), Explanation.Options.gradCam(),
                v.flag(ALL), false).explained();
    }

    /** Appends the rows to the "Classification" table and shows it; returns the status line. */
    public static String show(ImagePlus imp, List<ImageClassification.SliceResult> results) {
        ResultsTable rt = ResultsTable.getResultsTable(ResultTables.CLASSIFICATION);
        if (rt == null) {
            rt = new ResultsTable();
        }
        ResultTables.addImageRows(rt, imp.getTitle(), results);
        rt.show(ResultTables.CLASSIFICATION);
        Classifier.Ranked best = results.get(0).ranked().get(0);
        return String.format(Locale.ROOT, "%s: %s (%.1f%%)", imp.getTitle(), best.className(),
                100 * best.probability());
    }
}
