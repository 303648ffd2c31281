package org.cnnclassifier.ij1;

import java.util.List;

import ij.IJ;
import ij.ImagePlus;

import org.cnnclassifier.function.ShowChannelsAndActivations;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.Windows;

/** Plugins>CNN Classifier>Show Channels and Activations ({@link ShowChannelsAndActivations}) of the active image. */
public class ShowChannelsAndActivationsPlugin extends SpecPlugIn {
    public ShowChannelsAndActivationsPlugin() {
        super(ShowChannelsAndActivations.SPEC, true, null);
    }

    @Override
    void run(Values v, ImagePlus image) throws Exception {
        List<ImagePlus> images = ShowChannelsAndActivations.build(image, v);
        Windows.show(images, image);
        IJ.showStatus(ShowChannelsAndActivations.SPEC.title() + ": " + images.size()
                + (images.size() == 1 ? " image" : " images"));
    }
}
