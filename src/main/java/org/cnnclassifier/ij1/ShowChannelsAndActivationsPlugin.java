package org.cnnclassifier.ij1;

import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;

import org.cnnclassifier.function.ShowChannelsAndActivations;
import org.cnnclassifier.function.Values;

/** Plugins>CNN Classifier>Show Channels and Activations ({@link ShowChannelsAndActivations}) of the active image. */
public class ShowChannelsAndActivationsPlugin implements PlugIn {
    @Override
    public void run(String arg) {
        ImagePlus imp = Host.activeImage(ShowChannelsAndActivations.SPEC);
        Values v = imp == null ? null : SpecDialog.ask(ShowChannelsAndActivations.SPEC);
        if (v != null) {
            Host.run(ShowChannelsAndActivations.SPEC, () -> {
                List<ImagePlus> images = ShowChannelsAndActivations.build(imp, v);
                images.forEach(ImagePlus::show);
                IJ.showStatus(ShowChannelsAndActivations.SPEC.title() + ": " + images.size()
                        + (images.size() == 1 ? " image" : " images"));
            });
        }
    }
}
