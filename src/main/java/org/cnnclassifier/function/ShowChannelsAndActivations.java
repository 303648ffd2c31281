package org.cnnclassifier.function;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import org.cnnclassifier.explain.ChannelsAndActivations;
import org.cnnclassifier.explain.NetworkFigure;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.ModelCache;


/** Show Channels and Activations: an image's channels and, with {@code activations}, a network's feature maps. */
public final class ShowChannelsAndActivations {
    public static final String INPUT = "input", ACTIVATIONS = "activations", MODEL = "model", LAYERS = "layers",
            MONTAGE = "montage", FIGURE = "figure", OUTPUT = "output", FIGURE_OUTPUT = "figure_output";

    public static final Spec SPEC = Spec.of("Show Channels and Activations",
            Key.file(INPUT, "file (empty: the active image)").scriptOnly(),
            Key.flag(ACTIVATIONS, "of a trained network", false),
            ClassifyImage.model(),
            Key.text(LAYERS, "(all, or names: conv1,pool1)", "all"),
            Key.flag(MONTAGE, "of each layer", false),
            Key.flag(FIGURE, "(one RGB picture: input, strongest maps, class probabilities)", false),
            Key.folder(OUTPUT, "folder for TIFFs (empty: show the images)").scriptOnly(),
            Key.save(FIGURE_OUTPUT, "PNG for the network figure (with figure)").scriptOnly())
            .withHelp("docs/views.md");

    private ShowChannelsAndActivations() {
    }

    /**
     * The images to show: the channels (and with {@code activations} the layers' maps), then with
     * {@code figure} the network figure, last, titled {@code <title>-figure}; with {@code figure} alone,
     * only the figure.
     */
    public static List<ImagePlus> build(ImagePlus imp, Values v) throws IOException {
        // model=none asks for activations of no model (the channels only).
        boolean none = v.text(MODEL).equalsIgnoreCase("none");
        boolean figure = v.flag(FIGURE);
        if (figure && none) {
            throw new IllegalArgumentException("The network figure needs a model; model=none gives none. Leave"
                    + " model empty for the default model or give a model file.");
        }
        boolean wantsModel = (v.flag(ACTIVATIONS) || figure) && !none;
        Classifier classifier = wantsModel ? ModelCache.get(v.text(MODEL)) : null;
        List<ImagePlus> images = new ArrayList<>();
        if (figure) {
            NetworkFigure.Figure f = NetworkFigure.build(imp, classifier, v.text(LAYERS)); // checks the layers first
            if (v.flag(ACTIVATIONS)) {
                images.addAll(ChannelsAndActivations.build(imp, classifier, v.text(LAYERS), v.flag(MONTAGE)));
            }
            images.add(f.image());
            return images;
        }
        return ChannelsAndActivations.build(imp, v.flag(ACTIVATIONS) ? classifier : null, v.text(LAYERS),
                v.flag(MONTAGE));
    }
}
