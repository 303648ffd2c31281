package org.cnnclassifier.ij1;

import ij.IJ;
import ij.ImagePlus;

import org.cnnclassifier.function.ClassifyImage;
import org.cnnclassifier.function.Values;

/** Plugins>CNN Classifier>Classify Image: the active image to the "Classification" table ({@link ClassifyImage}). */
public class ClassifyImagePlugin extends SpecPlugIn {
    public ClassifyImagePlugin() {
        super(ClassifyImage.SPEC, true, null);
    }

    @Override
    void run(Values v, ImagePlus image) throws Exception {
        String status = ClassifyImage.show(image, ClassifyImage.classify(image, v));
        ImagePlus explained = ClassifyImage.explained(image, v);
        if (explained != null) {
            explained.show();
        }
        IJ.showStatus(status);
    }
}
