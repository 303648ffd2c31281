package org.cnnclassifier.ij1;

import ij.IJ;
import ij.ImagePlus;

import org.cnnclassifier.function.ExplainClassification;
import org.cnnclassifier.function.Values;

/**
 * Plugins>CNN Classifier>Explain Classification ({@link ExplainClassification}): the active image with the
 * map of where the model saw the class as its last channel.
 */
public class ExplainClassificationPlugin extends SpecPlugIn {
    public ExplainClassificationPlugin() {
        super(ExplainClassification.SPEC, true, "Grad-CAM: where the chosen layer's features raised the class score.\n"
                + "Occlusion: how much the class's probability drops when a patch is hidden.");
    }

    @Override
    void run(Values v, ImagePlus image) throws Exception {
        ExplainClassification.Made made = ExplainClassification.build(image, v);
        made.images().forEach(ImagePlus::show);
        IJ.showStatus(made.lines().get(0) + (made.lines().size() > 1 ? " (+" + (made.lines().size() - 1)
                + " slices)" : ""));
    }
}
