package org.cnnclassifier.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;

import org.cnnclassifier.function.ClassifyImage;
import org.cnnclassifier.function.Values;

/** Plugins>CNN Classifier>Classify Image: the active image to the "Classification" table ({@link ClassifyImage}). */
public class ClassifyImagePlugin implements PlugIn {
    @Override
    public void run(String arg) {
        ImagePlus imp = Host.activeImage(ClassifyImage.SPEC);
        Values v = imp == null ? null : SpecDialog.ask(ClassifyImage.SPEC);
        if (v != null) {
            Host.run(ClassifyImage.SPEC, () -> IJ.showStatus(ClassifyImage.show(imp, ClassifyImage.classify(imp, v))));
        }
    }
}
