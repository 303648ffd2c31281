package org.cnnclassifier.ij1;

import ij.ImagePlus;
import ij.plugin.PlugIn;

import org.cnnclassifier.function.OpenCifarSamples;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.IjProgress;

/** Plugins>CNN Classifier>Open CIFAR-10 Samples ({@link OpenCifarSamples}): a stack and a montage. */
public class OpenCifarSamplesPlugin implements PlugIn {
    @Override
    public void run(String arg) {
        Values v = SpecDialog.ask(OpenCifarSamples.SPEC);
        if (v != null) {
            Host.run(OpenCifarSamples.SPEC, () -> {
                for (ImagePlus imp : OpenCifarSamples.open(v, new IjProgress())) {
                    imp.show();
                }
            });
        }
    }
}
