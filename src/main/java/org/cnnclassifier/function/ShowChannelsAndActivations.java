package org.cnnclassifier.function;

import java.io.IOException;
import java.util.List;

import ij.ImagePlus;
import org.cnnclassifier.explain.ChannelsAndActivations;
import org.cnnclassifier.inference.Classifier;
import org.cnnclassifier.inference.ModelCache;


/** Show Channels and Activations: an image's channels and, with {@code activations}, a network's feature maps. */
public final class ShowChannelsAndActivations {
    public static final String INPUT = "input", ACTIVATIONS = "activations", MODEL = "model", LAYERS = "layers",
            MONTAGE = "montage", OUTPUT = "output";

    public static final Spec SPEC = Spec.of("Show Channels and Activations",
            Key.file(INPUT, "file (empty: the active image)").scriptOnly(),
            Key.flag(ACTIVATIONS, "of a trained network", false),
            ClassifyImage.model(),
            Key.text(LAYERS, "(all, or names: conv1,pool1)", "all"),
            Key.flag(MONTAGE, "of each layer", false),
            Key.folder(OUTPUT, "folder for TIFFs (empty: show the images)").scriptOnly())
            .withHelp("docs/commands.md#channels-and-activations");

    private ShowChannelsAndActivations() {
    }

    public static List<ImagePlus> build(ImagePlus imp, Values v) throws IOException {
        // model=none asks for activations of no model (the channels only).
        boolean wantsModel = v.flag(ACTIVATIONS) && !v.text(MODEL).equalsIgnoreCase("none");
        Classifier classifier = wantsModel ? ModelCache.get(v.text(MODEL)) : null;
        return ChannelsAndActivations.build(imp, classifier, v.text(LAYERS), v.flag(MONTAGE));
    }
}
