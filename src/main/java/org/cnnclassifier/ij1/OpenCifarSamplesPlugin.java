package org.cnnclassifier.ij1;

import java.util.List;

import ij.ImagePlus;

import org.cnnclassifier.function.OpenCifarSamples;
import org.cnnclassifier.function.Values;
import org.cnnclassifier.host.IjProgress;
import org.cnnclassifier.host.Windows;

/** Plugins>CNN Classifier>Open CIFAR-10 Samples ({@link OpenCifarSamples}): a stack and a montage. */
public class OpenCifarSamplesPlugin extends SpecPlugIn {
    public OpenCifarSamplesPlugin() {
        super(OpenCifarSamples.SPEC, false, null);
    }

    @Override
    void run(Values v, ImagePlus image) throws Exception {
        Windows.show(List.of(OpenCifarSamples.open(v, new IjProgress())), null);
    }
}
