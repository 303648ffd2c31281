package org.cnnclassifier.function;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;

import org.cnnclassifier.explain.ExplainedImages;
import org.cnnclassifier.explain.Explanation;
import org.cnnclassifier.explain.Hyperstacks;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.ModelCache;
import org.cnnclassifier.util.Writable;

/**
 * Explain Classification: where in the image the model saw its class, by Grad-CAM or occlusion
 * ({@link Explanation}); every slice of a stack. Makes {@code <title>-explained} (the image's channels
 * and the map as a last channel) and, with {@code map}, the raw map as a 32-bit image.
 */
public final class ExplainClassification {
    public static final String INPUT = "input", MODEL = "model", CLASS = "class", LAYER = "layer", METHOD = "method",
            PATCH = "patch", STRIDE = "stride", MAP = "map", OUTPUT = "output";

    public static final Spec SPEC = Spec.of("Explain Classification",
            Key.file(INPUT, "file (empty: the active image)").scriptOnly(),
            ClassifyImage.model(),
            Key.text(CLASS, "(top, or a class name of the model)", Explanation.TOP),
            Key.text(LAYER, "(a convolution layer; empty: the last)", ""),
            Key.choice(METHOD, "", Explanation.GRADCAM, Explanation.METHODS),
            Key.whole(PATCH, "(occlusion, pixels of the model's input)", 8, 1, 256),
            Key.whole(STRIDE, "(occlusion, pixels)", 4, 1, 256),
            Key.flag(MAP, "(also as a 32-bit image)", false),
            Key.save(OUTPUT, "file (.png: as shown, else TIFF; empty: show)").scriptOnly())
            .withHelp("docs/explain.md");

    private ExplainClassification() {
    }

    /** The options the values give. */
    public static Explanation.Options options(Values v) {
        return new Explanation.Options(v.text(METHOD), v.text(CLASS), v.text(LAYER), v.whole(PATCH), v.whole(STRIDE));
    }

    /** What a run made: the explained composite, the map (or null) and one line per explained slice. */
    public record Made(ImagePlus explained, ImagePlus map, List<String> lines) {
        public List<ImagePlus> images() {
            List<ImagePlus> out = new ArrayList<>(List.of(explained));
            if (map != null) {
                out.add(map);
            }
            return out;
        }
    }

    /**
     * Explains every slice of {@code imp}; checks the output file (when given) before the model loads.
     *
     * @throws IllegalArgumentException for a bad class, layer or image, naming what is wrong
     */
    public static Made build(ImagePlus imp, Values v) throws IOException {
        Explanation.Options o = options(v);
        Path output = v.values().containsKey(OUTPUT) ? v.path(OUTPUT) : null;
        if (output != null) {
            Writable.check(output, "explained image", "explained.png");
        }
        Classifier classifier = ModelCache.get(v.text(MODEL));
        return make(imp, classifier, o, true, v.flag(MAP));
    }

    /** The images of an explanation of {@code imp} (all slices, or the current one). */
    public static Made make(ImagePlus imp, Classifier classifier, Explanation.Options o, boolean all, boolean map) {
        Explanation.Result r = Explanation.explain(imp, classifier, o, all);
        String title = Hyperstacks.baseTitle(imp);
        List<String> lines = new ArrayList<>();
        for (Explanation.Unit u : r.units()) {
            lines.add(String.format(Locale.ROOT, "%s slice %d: %s%s", imp.getTitle(), u.slice(), r.label(u),
                    r.layer().isEmpty() ? "" : " at " + r.layer()));
        }
        return new Made(ExplainedImages.composite(title, r), map ? ExplainedImages.maps(title, r) : null, lines);
    }
}
